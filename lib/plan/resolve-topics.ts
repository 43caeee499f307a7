import { Duration } from 'aws-cdk-lib';
import { ColumnDefinition } from '../definition/column-type';
import { BadRecordPolicy, CleanupPolicy, DEFAULT_TOPIC_RETENTION, KeyFormat, RecordFormat } from '../definition/kafka-options';
import { PipelineDefinition, TopicDefinition } from '../definition/pipeline-definition';
import { PipelineEnvironment } from '../environment/pipeline-environment';
import { deriveTopicPartitions } from '../sizing/topic-partitions';
import { DEFAULT_THROUGHPUT_PER_SUBTASK_MBPS } from './resolve-jobs';
import { KafkaPlan, PlannedColumn, PlannedWorkload, TopicPlan } from './pipeline-plan';

/** Applies column defaults: nullable unless said otherwise, key columns NOT NULL. */
export function planColumns(columns: readonly ColumnDefinition[], notNull: readonly string[] = []): PlannedColumn[] {
  return columns.map((c) => ({ ...c, nullable: notNull.includes(c.name) ? false : (c.nullable ?? true) }));
}

/** Broker-level settings both flavors apply: durable writes, no surprises. */
export function planKafka(environment: PipelineEnvironment): KafkaPlan {
  const { replicationFactor, minInSyncReplicas } = environment.kafka;
  return {
    replicationFactor,
    minInSyncReplicas,
    serverProperties: {
      'auto.create.topics.enable': 'false',
      'default.replication.factor': String(replicationFactor),
      'min.insync.replicas': String(minInSyncReplicas),
      'offsets.topic.replication.factor': String(replicationFactor),
      'transaction.state.log.replication.factor': String(replicationFactor),
      'transaction.state.log.min.isr': String(minInSyncReplicas),
      'unclean.leader.election.enable': 'false',
    },
  };
}

function planWorkload(definition: PipelineDefinition, topic: TopicDefinition, environment: PipelineEnvironment): PlannedWorkload | undefined {
  const w = topic.workload;
  if (!w) return undefined;
  const ingressMBps = w.ingressMBps * environment.sizing.workloadScale;
  const readers = definition.jobs.filter((j) => j.sources.includes(topic.name)).length;
  return {
    ingressMBps,
    peakIngressMBps: ingressMBps * (w.peakFactor ?? 2),
    recordSizeBytes: w.recordSizeBytes,
    consumerGroups: readers + (w.extraConsumerGroups ?? 0),
  };
}

/** Default `max.compaction.lag.ms` of compacted topics: a nightly full reload sees a delete at most a day and a half late. */
export const DEFAULT_MAX_COMPACTION_LAG = Duration.hours(12);

/**
 * Topic configs, identical on both flavors. For compacted topics `retention` sets how long delete markers
 * (tombstones) are kept, since the latest record per key is kept for ever, and `max.compaction.lag.ms` bounds how long
 * superseded values stay (Kafka's default is unbounded: a quiet segment is never compacted until it rolls).
 */
function topicConfigs(topic: TopicDefinition, retention: Duration, cleanupPolicy: CleanupPolicy, minInSyncReplicas: number): Record<string, string> {
  const retentionMs = String(retention.toMilliseconds());
  const compacted = cleanupPolicy.value === CleanupPolicy.COMPACT.value;
  const compaction = { 'delete.retention.ms': retentionMs, 'max.compaction.lag.ms': String((topic.maxCompactionLag ?? DEFAULT_MAX_COMPACTION_LAG).toMilliseconds()) };
  return {
    'cleanup.policy': cleanupPolicy.value,
    'min.insync.replicas': String(minInSyncReplicas),
    ...(compacted ? compaction : { 'retention.ms': retentionMs }),
  };
}

/** The slowest `throughputPerSubtaskMBps` of the jobs reading a topic: one source subtask reads each partition. */
function slowestReader(definition: PipelineDefinition, topic: string): number | undefined {
  const rates = definition.jobs.filter((j) => j.sources.includes(topic)).map((j) => j.throughputPerSubtaskMBps ?? DEFAULT_THROUGHPUT_PER_SUBTASK_MBPS);
  return rates.length > 0 ? Math.min(...rates) : undefined;
}

/** The topics a pipeline creates: its own, not the shared inputs it reads from other pipelines. */
export function ownedTopics(topics: readonly TopicPlan[]): TopicPlan[] {
  return topics.filter((t) => t.owner === undefined);
}

/** Resolves every topic of the definition. */
export function planTopics(definition: PipelineDefinition, environment: PipelineEnvironment, kafka: KafkaPlan): TopicPlan[] {
  return definition.topics.map((topic) => {
    const retention = topic.retention ?? DEFAULT_TOPIC_RETENTION;
    const cleanupPolicy = topic.cleanupPolicy ?? CleanupPolicy.DELETE;
    const key = topic.key ?? [];
    const workload = planWorkload(definition, topic, environment);
    return {
      name: topic.name,
      partitions: topic.partitions ?? deriveTopicPartitions(workload, environment, { consumerThroughputMBps: slowestReader(definition, topic.name) }),
      partitionsSource: topic.partitions === undefined ? 'derived' : 'explicit',
      replicationFactor: kafka.replicationFactor,
      minInSyncReplicas: kafka.minInSyncReplicas,
      retention,
      cleanupPolicy,
      key,
      keyFormat: topic.keyFormat ?? KeyFormat.FROM_VALUE,
      valueFormat: topic.valueFormat ?? RecordFormat.JSON,
      badRecords: topic.badRecords ?? BadRecordPolicy.FAIL,
      columns: planColumns(topic.columns),
      configs: topicConfigs(topic, retention, cleanupPolicy, kafka.minInSyncReplicas),
      workload,
      ...(topic.readers === undefined ? {} : { readers: [...topic.readers] }),
      ...(topic.sharedFrom === undefined ? {} : { owner: topic.sharedFrom }),
      ...(topic.rawRetention === undefined ? {} : { rawRetention: topic.rawRetention }),
    };
  });
}
