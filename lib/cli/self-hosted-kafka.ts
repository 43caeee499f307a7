import { Flavor } from '../flavor';
import { kafkaTopicObjectName } from '../plan/kubernetes-names';
import { PipelinePlan } from '../plan/pipeline-plan';
import { ThresholdSignal, consumerLagSignals } from '../plan/pipeline-signals';
import { platformNames } from '../plan/platform-names';
import { KubeApi } from './kube-api';
import { PartitionLag, formatTable, pipelineHeader } from './operations';
import { KafkaTopicObject, KubeList, kafkaExporterPodsPath, kafkaTopicsPath, podMetricsPath, readiness } from './self-hosted-resources';

/** `retention.ms` as days/hours, or as given. */
function retention(ms: string | number | undefined): string {
  if (ms === undefined) return 'broker default';
  const value = Number(ms);
  if (!Number.isFinite(value)) return String(ms);
  if (value < 0) return 'forever';
  if (value % 86_400_000 === 0) return `${value / 86_400_000} d`;
  if (value % 3_600_000 === 0) return `${value / 3_600_000} h`;
  return `${value} ms`;
}

/**
 * The pipeline's topics as KafkaTopics in the platform's Kafka namespace (object names from `kafkaTopicObjectName`,
 * as `KafkaTopicsChart` names them): partitions, replicas, Ready and retention; a plan topic without its KafkaTopic
 * is marked missing.
 */
export async function topicRows(api: KubeApi, plan: PipelinePlan): Promise<string[][]> {
  const names = platformNames(plan.environment);
  const listed = await api.get<KubeList<KafkaTopicObject>>(kafkaTopicsPath(names));
  const byName = new Map(listed.items.map((t) => [t.metadata.name, t]));
  const rows = [['topic', 'partitions', 'replicas', 'state', 'retention', 'owner']];
  for (const topic of plan.topics) {
    const object = byName.get(kafkaTopicObjectName(topic.name));
    const owner = topic.owner ?? plan.pipelineName;
    if (object === undefined) {
      rows.push([topic.name, `(plan ${topic.partitions})`, `(plan ${topic.replicationFactor})`, `MISSING on the cluster (no KafkaTopic ${names.kafkaNamespace}/${kafkaTopicObjectName(topic.name)})`, '-', owner]);
      continue;
    }
    rows.push([topic.name, String(object.spec?.partitions ?? '?'), String(object.spec?.replicas ?? '?'), readiness(object.status?.conditions), retention(object.spec?.config?.['retention.ms']), owner]);
  }
  return rows;
}

/** `pipelines topics` on the self-hosted flavor. */
export async function selfHostedTopics(api: KubeApi, plan: PipelinePlan): Promise<string> {
  return `${pipelineHeader(plan, Flavor.SELF_HOSTED)}\n${formatTable(await topicRows(api, plan))}`;
}

/** One `kafka_consumergroup_lag` sample of Kafka Exporter. */
export interface LagSample {
  readonly group: string;
  readonly topic: string;
  readonly partition: string;
  readonly lag: number;
}

/** The `kafka_consumergroup_lag{consumergroup,topic,partition}` samples of a Prometheus text exposition. */
export function parseConsumerLag(metrics: string): LagSample[] {
  const samples: LagSample[] = [];
  for (const line of metrics.split('\n')) {
    const match = /^kafka_consumergroup_lag\{([^}]*)\}\s+(\S+)/.exec(line);
    if (match === null) continue;
    const labels = Object.fromEntries([...(match[1] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    const lag = Number(match[2]);
    if (labels.consumergroup === undefined || labels.topic === undefined || !Number.isFinite(lag)) continue;
    samples.push({ group: labels.consumergroup, topic: labels.topic, partition: labels.partition ?? '?', lag });
  }
  return samples;
}

/** One consumer-lag signal's lag from Kafka Exporter: per partition of its topic (empty: no committed offsets). */
interface ExporterLag {
  readonly signal: ThresholdSignal;
  readonly partitions: readonly number[];
}

/** The lag of each consumer-lag signal from the Kafka Exporter pod (through the pod proxy); no pod: undefined. */
async function readExporterLag(api: KubeApi, plan: PipelinePlan): Promise<{ pod: string; lags: ExporterLag[] } | undefined> {
  const names = platformNames(plan.environment);
  const pods = await api.get<KubeList<{ metadata: { name: string }; status?: { phase?: string } }>>(kafkaExporterPodsPath(names));
  const pod = pods.items.find((p) => p.status?.phase === 'Running');
  if (pod === undefined) return undefined;
  const samples = parseConsumerLag(await api.text(podMetricsPath(names.kafkaNamespace, pod.metadata.name)));
  const lags = consumerLagSignals(plan).map((signal) => ({
    signal, partitions: samples.filter((s) => s.group === signal.consumerGroup && s.topic === signal.topic).map((s) => s.lag),
  }));
  return { pod: pod.metadata.name, lags };
}

/** The largest partition lag of each consumer-lag signal (undefined without an exporter pod or committed offsets). */
export async function selfHostedPartitionLag(api: KubeApi, plan: PipelinePlan): Promise<PartitionLag> {
  const read = await readExporterLag(api, plan);
  return new Map(consumerLagSignals(plan).map((signal) => {
    const partitions = read?.lags.find((l) => l.signal.id === signal.id)?.partitions ?? [];
    return [signal.id, partitions.length === 0 ? undefined : Math.max(...partitions)];
  }));
}

/**
 * Consumer lag per consumer group and topic of the pipeline's jobs, from Strimzi's Kafka Exporter (its pod's
 * `/metrics` through the API server's pod proxy): the total over partitions and the largest partition, next to the
 * per-partition threshold of the consumer-lag signal (`consumerLagSignals`).
 */
export async function selfHostedLag(api: KubeApi, plan: PipelinePlan): Promise<string> {
  const names = platformNames(plan.environment);
  const read = await readExporterLag(api, plan);
  if (read === undefined) {
    return `${pipelineHeader(plan, Flavor.SELF_HOSTED)}\nno running Kafka Exporter pod (strimzi.io/name=${names.kafkaCluster}-kafka-exporter in namespace ${names.kafkaNamespace}): enable spec.kafkaExporter in the Kafka ${names.kafkaCluster} to see consumer lag`;
  }
  const rows = [['job', 'consumer group', 'topic', 'partitions', 'total lag', 'max partition lag', 'threshold', 'state']];
  for (const { signal, partitions } of read.lags) {
    if (partitions.length === 0) {
      rows.push([signal.job ?? '-', signal.consumerGroup ?? '-', signal.topic ?? '-', '-', '-', '-', String(signal.threshold), 'no committed offsets']);
      continue;
    }
    const max = Math.max(...partitions);
    const total = partitions.reduce((sum, lag) => sum + lag, 0);
    rows.push([signal.job ?? '-', signal.consumerGroup ?? '-', signal.topic ?? '-', String(partitions.length), String(total), String(max), String(signal.threshold), max > signal.threshold ? 'ABOVE threshold' : 'ok']);
  }
  return `${pipelineHeader(plan, Flavor.SELF_HOSTED)}\nconsumer lag from ${names.kafkaNamespace}/${read.pod} (threshold: records per partition)\n${formatTable(rows)}`;
}
