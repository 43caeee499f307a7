import { Cluster, DescribeTopicCommand, ListClustersV2Command, ListTopicsCommand, TopicInfo } from '@aws-sdk/client-kafka';
import { PipelinePlan, TopicPlan } from '../plan/pipeline-plan';
import { platformNames } from '../plan/platform-names';
import { ManagedClients } from './managed-clients';
import { explainAwsError } from './managed-errors';
import { OperationError, formatTable, pipelineHeader } from './operations';
import { Flavor } from '../flavor';

/** Topics described at the same time. */
const TOPIC_CONCURRENCY = 8;

/** The platform's MSK cluster (by the platform's name for the environment), or undefined when it does not exist. */
export async function findCluster(plan: PipelinePlan, clients: ManagedClients): Promise<Cluster | undefined> {
  const name = platformNames(plan.environment).kafkaCluster;
  const listed = await clients.kafka.send(new ListClustersV2Command({ ClusterNameFilter: name }));
  return (listed.ClusterInfoList ?? []).find((c) => c.ClusterName === name && c.ClusterArn !== undefined);
}

/** A plan topic next to what the cluster says about it. */
export interface TopicOnCluster {
  readonly plan: TopicPlan;
  /** Undefined when the cluster has no topic of that name. */
  readonly cluster?: TopicInfo;
  /** DescribeTopic's Status (CREATING, UPDATING, DELETING, ACTIVE). */
  readonly status?: string;
}

/**
 * The plan's topics as MSK's topic APIs (ListTopics, DescribeTopic) see them: provisioned clusters on Kafka ≥ 3.6
 * only; their data is refreshed about once a minute.
 */
export async function topicsOnCluster(plan: PipelinePlan, clusterArn: string, clients: ManagedClients): Promise<TopicOnCluster[]> {
  const listed: TopicInfo[] = [];
  let token: string | undefined;
  do {
    const page = await clients.kafka.send(new ListTopicsCommand({ ClusterArn: clusterArn, NextToken: token }));
    listed.push(...page.Topics ?? []);
    token = page.NextToken;
  } while (token !== undefined);
  const result: TopicOnCluster[] = [];
  for (let i = 0; i < plan.topics.length; i += TOPIC_CONCURRENCY) {
    result.push(...await Promise.all(plan.topics.slice(i, i + TOPIC_CONCURRENCY).map(async (topic) => {
      const cluster = listed.find((t) => t.TopicName === topic.name);
      if (cluster === undefined) return { plan: topic };
      try {
        const described = await clients.kafka.send(new DescribeTopicCommand({ ClusterArn: clusterArn, TopicName: topic.name }));
        return { plan: topic, cluster, status: described.Status };
      } catch (error) {
        // Deleted between ListTopics and DescribeTopic.
        if (error instanceof Error && error.name === 'NotFoundException') return { plan: topic };
        throw error;
      }
    })));
  }
  return result;
}

/** Why MSK's topic APIs cannot answer for this cluster, or undefined when they can. */
export function topicApiUnavailable(cluster: Cluster): string | undefined {
  if (cluster.ClusterType === 'SERVERLESS') return 'MSK Serverless has no topic API (ListTopics/DescribeTopic serve provisioned clusters)';
  if (cluster.State !== 'ACTIVE') return `MSK's topic APIs answer only for an ACTIVE cluster (it is ${cluster.State ?? 'UNKNOWN'})`;
  return undefined;
}

function planned(topic: TopicPlan): string {
  return `${topic.partitions} × ${topic.replicationFactor}`;
}

function topicRow(t: TopicOnCluster): string[] {
  const notes: string[] = [];
  if (t.plan.owner !== undefined) notes.push(`owned by pipeline ${t.plan.owner}`);
  const c = t.cluster;
  if (c === undefined) return [t.plan.name, '-', '-', '-', 'missing', planned(t.plan), [...notes, 'declared by the plan, not on the cluster: deploy the pipeline stack'].join('; ')];
  if (c.PartitionCount !== undefined && c.PartitionCount !== t.plan.partitions) notes.push(`partitions differ from the plan (${t.plan.partitions})`);
  if (c.ReplicationFactor !== undefined && c.ReplicationFactor !== t.plan.replicationFactor) notes.push(`replication differs from the plan (${t.plan.replicationFactor})`);
  if ((c.OutOfSyncReplicaCount ?? 0) > 0) notes.push('under-replicated');
  return [t.plan.name, String(c.PartitionCount ?? '-'), String(c.ReplicationFactor ?? '-'), String(c.OutOfSyncReplicaCount ?? '-'), t.status ?? 'UNKNOWN', planned(t.plan), notes.join('; ')];
}

/** `topics`: the pipeline's topics with partitions, replication and state on the platform's MSK cluster. */
export async function managedTopics(plan: PipelinePlan, clients: ManagedClients): Promise<string> {
  try {
    const header = pipelineHeader(plan, Flavor.MANAGED);
    const cluster = await findCluster(plan, clients);
    const name = platformNames(plan.environment).kafkaCluster;
    if (cluster?.ClusterArn === undefined) throw new OperationError(`Kafka cluster ${name} not found: the platform is not deployed in environment ${plan.environment.name} (${plan.environment.region})`);
    const unavailable = topicApiUnavailable(cluster);
    if (unavailable !== undefined) {
      const rows = [['topic', 'planned (partitions × replication)'], ...plan.topics.map((t) => [t.name, planned(t)])];
      return `${header}\nKafka cluster ${name}: ${cluster.State ?? 'UNKNOWN'}; ${unavailable}: topics as planned, not checked on the cluster\n${formatTable(rows)}`;
    }
    const topics = await topicsOnCluster(plan, cluster.ClusterArn, clients);
    const rows = [['topic', 'partitions', 'replication', 'out-of-sync replicas', 'state', 'planned', 'notes'], ...topics.map(topicRow)];
    const missing = topics.filter((t) => t.cluster === undefined).length;
    const summary = `${topics.length - missing} of ${topics.length} topics on the cluster${missing > 0 ? `, ${missing} missing` : ''} (MSK's topic APIs report data up to about a minute old)`;
    return `${header}\nKafka cluster ${name}: ${cluster.State ?? 'UNKNOWN'}\n${formatTable(rows)}\n${summary}`;
  } catch (error) {
    if ((error instanceof Error) && error.name === 'BadRequestException') {
      throw new OperationError(`topics: MSK refused the topic API (${error.message}) — it needs a provisioned cluster on Apache Kafka 3.6.0 or later`);
    }
    if ((error instanceof Error) && error.name === 'ForbiddenException') {
      throw new OperationError(`topics: MSK denied the topic API (${error.message}) — the caller needs kafka-cluster:Connect and kafka-cluster:DescribeTopic on the cluster and its topics`);
    }
    return explainAwsError(error, plan);
  }
}
