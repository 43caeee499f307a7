import { fingerprintText } from './content-fingerprint';
import { JobPlan, PipelinePlan } from './pipeline-plan';

/** An RFC 1123 subdomain: what the API server requires of a custom resource's name (with at most 253 characters). */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * The Kubernetes name of a topic's KafkaTopic: the topic name when it is a valid object name, otherwise a lower-case
 * form with a short hash of the real name (Kafka allows `_`, upper case and `..` or `.-`, Kubernetes names do not), so
 * two topics never share an object. `spec.topicName` always carries the real name.
 */
export function kafkaTopicObjectName(topic: string): string {
  if (topic.length <= 253 && DNS_SUBDOMAIN.test(topic)) return topic;
  // Each dot-separated label must start and end with a letter or digit.
  const labels = topic.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').split('.').map((label) => label.replace(/^-+|-+$/g, '')).filter((label) => label.length > 0);
  const base = labels.join('.').slice(0, 200).replace(/[.-]+$/, '');
  const hash = fingerprintText(topic, `Kubernetes name of topic ${JSON.stringify(topic)}`, 8);
  return base.length > 0 ? `${base}-${hash}` : `topic-${hash}`;
}

/** Name of a tenant's Flink session cluster (its FlinkDeployment) in the tenant namespace. */
export const SESSION_CLUSTER_NAME = 'session-cluster';

/** Name of a job's FlinkDeployment (application mode) or FlinkSessionJob (session cluster): the job's name. */
export function flinkJobResourceName(job: Pick<JobPlan, 'name'>): string {
  return job.name;
}

/** Prefix of the service account of every Flink cluster: `flink-<cluster>`. */
export const FLINK_SERVICE_ACCOUNT_PREFIX = 'flink-';

/**
 * The service account a Flink cluster (an application-mode job's FlinkDeployment, or a tenant's session cluster) runs
 * under: `flink-<cluster name>`. Flink labels its high-availability ConfigMaps `app: <cluster name>`, and the
 * workload-isolation admission policy lets an account write only the ConfigMaps of the cluster this name derives from.
 */
export function flinkServiceAccountName(clusterName: string): string {
  return `${FLINK_SERVICE_ACCOUNT_PREFIX}${clusterName}`;
}

/** Where the self-hosted renderer puts a job: its operator resource, namespace and name. */
export interface FlinkJobResource {
  readonly kind: 'FlinkDeployment' | 'FlinkSessionJob';
  /** The resource's plural in `flink.apache.org/v1beta1`. */
  readonly plural: 'flinkdeployments' | 'flinksessionjobs';
  readonly namespace: string;
  readonly name: string;
  /** The FlinkDeployment whose JobManager runs the job (itself, or the tenant's session cluster). */
  readonly clusterName: string;
}

/**
 * A job's resource as `SelfHostedPipeline` renders it: an application-mode FlinkDeployment in the pipeline's namespace,
 * or, for a job the environment assigns to a tenant (`selfHosted.sessionJobs`), a FlinkSessionJob in that tenant's
 * namespace on its session cluster.
 */
export function flinkJobResource(plan: PipelinePlan, job: Pick<JobPlan, 'name'>): FlinkJobResource {
  const tenant = plan.environment.selfHosted.sessionJobs?.[job.name];
  const name = flinkJobResourceName(job);
  if (tenant !== undefined) return { kind: 'FlinkSessionJob', plural: 'flinksessionjobs', namespace: tenant, name, clusterName: SESSION_CLUSTER_NAME };
  return { kind: 'FlinkDeployment', plural: 'flinkdeployments', namespace: plan.names.namespace, name, clusterName: name };
}
