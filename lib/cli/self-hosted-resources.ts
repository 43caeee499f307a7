import { FlinkJobResource, SESSION_CLUSTER_NAME } from '../plan/kubernetes-names';
import { PlatformNames } from '../plan/platform-plan';

/** API group and version of the Flink Kubernetes Operator's resources (1.15). */
export const FLINK_API = '/apis/flink.apache.org/v1beta1';
/** API group and version of Strimzi's resources (1.2: `kafka.strimzi.io/v1` only). */
export const STRIMZI_API = '/apis/kafka.strimzi.io/v1';
/** Port of the Flink REST API on the JobManager's `<cluster>-rest` service. */
export const FLINK_REST_PORT = 8081;
/** Port of Strimzi's Kafka Exporter metrics endpoint. */
export const KAFKA_EXPORTER_PORT = 9404;

/** The fields of a FlinkDeployment / FlinkSessionJob the operations read. */
export interface FlinkResourceObject {
  readonly metadata: { readonly name: string; readonly generation?: number };
  readonly spec: {
    readonly flinkConfiguration?: Record<string, string>;
    readonly jobManager?: { readonly replicas?: number; readonly resource?: { readonly cpu?: number; readonly memory?: string } };
    readonly taskManager?: { readonly resource?: { readonly cpu?: number; readonly memory?: string } };
    readonly job?: {
      readonly parallelism?: number;
      readonly state?: 'running' | 'suspended';
      readonly upgradeMode?: 'savepoint' | 'last-state' | 'stateless';
      readonly savepointTriggerNonce?: number;
    };
  };
  readonly status?: {
    readonly lifecycleState?: string;
    readonly observedGeneration?: number;
    readonly error?: string;
    readonly jobManagerDeploymentStatus?: string;
    readonly reconciliationStatus?: { readonly lastReconciledSpec?: string };
    readonly taskManager?: { readonly replicas?: number };
    readonly jobStatus?: {
      readonly state?: string;
      readonly jobId?: string;
      readonly upgradeSavepointPath?: string;
      readonly checkpointInfo?: { readonly lastCheckpoint?: { readonly timeStamp?: number } };
      readonly savepointInfo?: { readonly lastSavepoint?: { readonly timeStamp?: number; readonly location?: string; readonly triggerNonce?: number } };
    };
  };
}

/** A FlinkStateSnapshot (operator ≥ 1.10; the 1.15 chart installs its CRD). */
export interface FlinkStateSnapshotObject {
  readonly metadata: { readonly name: string };
  readonly spec?: { readonly jobReference?: { readonly kind?: string; readonly name?: string }; readonly savepoint?: object };
  readonly status?: { readonly state?: string; readonly path?: string; readonly resultTimestamp?: string; readonly error?: string };
}

export interface KubeList<T> {
  readonly items: readonly T[];
}

/** The fields of a Strimzi KafkaTopic the operations read. */
export interface KafkaTopicObject {
  readonly metadata: { readonly name: string };
  readonly spec?: { readonly topicName?: string; readonly partitions?: number; readonly replicas?: number; readonly config?: Record<string, string | number> };
  readonly status?: { readonly conditions?: readonly Condition[]; readonly topicName?: string };
}

export interface Condition {
  readonly type?: string;
  readonly status?: string;
  readonly message?: string;
}

/** The fields of a Strimzi Kafka the operations read. */
export interface KafkaObject {
  readonly status?: { readonly conditions?: readonly Condition[]; readonly listeners?: readonly { readonly name?: string; readonly bootstrapServers?: string }[] };
}

/** The `Ready` condition of a Strimzi resource: `True`, `False` (with its message) or `unknown`. */
export function readiness(conditions: readonly Condition[] | undefined): string {
  const ready = (conditions ?? []).find((c) => c.type === 'Ready');
  if (ready === undefined) return 'unknown';
  return ready.status === 'True' ? 'Ready' : `not ready${ready.message === undefined ? '' : ` (${ready.message})`}`;
}

export function jobPath(resource: FlinkJobResource): string {
  return `${FLINK_API}/namespaces/${resource.namespace}/${resource.plural}/${resource.name}`;
}

export function snapshotsPath(namespace: string): string {
  return `${FLINK_API}/namespaces/${namespace}/flinkstatesnapshots`;
}

/** The Flink REST API of the JobManager running a job, through the API server's service proxy (`<cluster>-rest:8081`). */
export function flinkRestPath(resource: FlinkJobResource, rest: string): string {
  const cluster = resource.kind === 'FlinkSessionJob' ? SESSION_CLUSTER_NAME : resource.clusterName;
  return `/api/v1/namespaces/${resource.namespace}/services/${cluster}-rest:${FLINK_REST_PORT}/proxy/${rest}`;
}

export function kafkaPath(names: PlatformNames): string {
  return `${STRIMZI_API}/namespaces/${names.kafkaNamespace}/kafkas/${names.kafkaCluster}`;
}

export function kafkaTopicsPath(names: PlatformNames): string {
  return `${STRIMZI_API}/namespaces/${names.kafkaNamespace}/kafkatopics?labelSelector=${encodeURIComponent(`strimzi.io/cluster=${names.kafkaCluster}`)}`;
}

/** The pods of the Kafka cluster's Kafka Exporter (`spec.kafkaExporter` of the Kafka). */
export function kafkaExporterPodsPath(names: PlatformNames): string {
  return `/api/v1/namespaces/${names.kafkaNamespace}/pods?labelSelector=${encodeURIComponent(`strimzi.io/name=${names.kafkaCluster}-kafka-exporter`)}`;
}

export function podMetricsPath(namespace: string, pod: string): string {
  return `/api/v1/namespaces/${namespace}/pods/${pod}:${KAFKA_EXPORTER_PORT}/proxy/metrics`;
}

/** The spec the operator last deployed (`status.reconciliationStatus.lastReconciledSpec`, a JSON string). */
export function lastReconciledJob(object: FlinkResourceObject): { parallelism?: number; state?: string; upgradeMode?: string } | undefined {
  const raw = object.status?.reconciliationStatus?.lastReconciledSpec;
  if (raw === undefined) return undefined;
  try {
    const parsed = JSON.parse(raw) as { spec?: { job?: { parallelism?: number; state?: string; upgradeMode?: string } } };
    return parsed.spec?.job;
  } catch {
    return undefined;
  }
}

/** Process memory in MiB of a Flink memory string (`2048m`, `2g`, `2Gi`, `1024mb`); undefined when unreadable. */
export function memoryMiB(memory: string | undefined): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(memory ?? '');
  if (match === null) return undefined;
  const value = Number(match[1]);
  const unit = (match[2] ?? '').toLowerCase();
  const factors: Record<string, number> = { '': 1 / (1024 * 1024), 'b': 1 / (1024 * 1024), 'k': 1 / 1024, 'kb': 1 / 1024, 'ki': 1 / 1024, 'm': 1, 'mb': 1, 'mi': 1, 'g': 1024, 'gb': 1024, 'gi': 1024 };
  const factor = factors[unit];
  return factor === undefined ? undefined : value * factor;
}
