import { LoadGeneratorPlan } from './load-generator-plan';
import { JobPlan, PipelinePlan, ProducerPlan } from './pipeline-plan';

/**
 * The Kafka principals of a pipeline and what each may do, flavor-neutral: Strimzi's KafkaUsers (self-hosted) and the
 * local broker's SCRAM users and ACLs are both rendered from these, so a job reads the same topics everywhere.
 */

/** One Kafka principal of a pipeline and what it may do. */
export interface KafkaPrincipal {
  /** The principal's user name (SCRAM user; on Strimzi also the KafkaUser and its credentials Secret). */
  readonly userName: string;
  /** Topics it reads (Describe + Read). */
  readonly readTopics: readonly string[];
  /** Consumer groups it commits offsets in (Describe + Read). */
  readonly groups: readonly string[];
  /** Topics it writes (Describe + Write). */
  readonly writeTopics: readonly string[];
  /** The Kubernetes service account (in the workload's namespace) that may read the principal's credentials. */
  readonly serviceAccount?: string;
}

/** A Kafka ACL operation a principal is granted. */
export type KafkaAclOperation = 'Describe' | 'Read' | 'Write';

/** One literal ACL resource of a principal and the operations allowed on it. */
export interface KafkaAclEntry {
  readonly resourceType: 'topic' | 'group';
  /** The literal resource name (never a prefix, never `*`). */
  readonly name: string;
  readonly operations: readonly KafkaAclOperation[];
}

/** The Kafka principal of a job of a pipeline: `<pipeline>-<job>`, reading its sources in its consumer group. */
export function jobPrincipal(plan: PipelinePlan, job: JobPlan, serviceAccount?: string): KafkaPrincipal {
  return { userName: `${plan.pipelineName}-${job.name}`, readTopics: [...job.sources], groups: [job.consumerGroupId], writeTopics: [], serviceAccount };
}

/** The Kafka principal of a pipeline's load generator: `<pipeline>-load-generator`, writing its topics (no group, no reads). */
export function loadGeneratorPrincipal(plan: PipelinePlan, generator: LoadGeneratorPlan, serviceAccount?: string): KafkaPrincipal {
  return { userName: `${plan.pipelineName}-${generator.job.name}`, readTopics: [], groups: [], writeTopics: generator.topics.map((t) => t.topic), serviceAccount };
}

/** The Kafka principal name of a producer: `<pipeline>-producer-<name>`. */
export function producerUserName(pipeline: string, producer: string): string {
  return `${pipeline}-producer-${producer}`;
}

/** The Kafka principal of a producer: writing (and describing) its topics only. */
export function producerPrincipal(pipeline: string, producer: ProducerPlan): KafkaPrincipal {
  return {
    userName: producerUserName(pipeline, producer.name),
    readTopics: [],
    groups: [],
    writeTopics: [...producer.topics],
    serviceAccount: producer.serviceAccount?.name,
  };
}

/**
 * Every principal a pipeline deploys one workload each for: its jobs, its producers and its load generator (session
 * clusters, a self-hosted packing of several jobs, are not included: each job's own principal stands for them).
 */
export function planPrincipals(plan: PipelinePlan): KafkaPrincipal[] {
  return [
    ...plan.jobs.map((job) => jobPrincipal(plan, job)),
    ...plan.producers.map((producer) => producerPrincipal(plan.pipelineName, producer)),
    ...(plan.loadGenerator === undefined ? [] : [loadGeneratorPrincipal(plan, plan.loadGenerator)]),
  ];
}

/** The ACLs of a principal: literal topic and group names only, reads and groups first, then writes. */
export function principalAclEntries(principal: KafkaPrincipal): KafkaAclEntry[] {
  return [
    ...principal.readTopics.map((name): KafkaAclEntry => ({ resourceType: 'topic', name, operations: ['Describe', 'Read'] })),
    ...principal.groups.map((name): KafkaAclEntry => ({ resourceType: 'group', name, operations: ['Describe', 'Read'] })),
    ...principal.writeTopics.map((name): KafkaAclEntry => ({ resourceType: 'topic', name, operations: ['Describe', 'Write'] })),
  ];
}
