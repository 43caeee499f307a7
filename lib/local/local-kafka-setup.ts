import { KafkaAclEntry, KafkaPrincipal, planPrincipals, principalAclEntries } from '../plan/kafka-principals';
import { PipelinePlan, TopicPlan } from '../plan/pipeline-plan';

/**
 * What the local broker is set up with for a set of plans: their topics (partitions and configs from the plan, one
 * replica) and their principals (SCRAM credential, the same literal ACLs as Strimzi's KafkaUsers). The local Kafka
 * tool's `setup` command reads it as JSON.
 */

/** A topic as the local broker creates it. */
export interface LocalTopicSpec {
  readonly name: string;
  readonly partitions: number;
  /** Always 1: a single broker holds one replica. */
  readonly replicationFactor: 1;
  /** The plan's topic configs, with `min.insync.replicas` 1 (one replica). */
  readonly configs: Readonly<Record<string, string>>;
}

/** A principal as the local broker knows it. */
export interface LocalPrincipalSpec {
  readonly userName: string;
  readonly password: string;
  readonly acls: readonly KafkaAclEntry[];
}

/** The `setup` command's input. */
export interface LocalKafkaSetupSpec {
  readonly topics: readonly LocalTopicSpec[];
  readonly principals: readonly LocalPrincipalSpec[];
}

/**
 * The topics of the plans, each once, as the pipeline that owns it plans it. A topic another pipeline owns (a shared
 * input, `owner` set) is taken from the owner's plan when that plan is given, else from the reader's (so the reader
 * can run alone). Fails when two given plans both own the same topic.
 */
export function localTopics(plans: readonly PipelinePlan[]): TopicPlan[] {
  const owned = new Map<string, { plan: string; topic: TopicPlan }>();
  for (const plan of plans) {
    for (const topic of plan.topics.filter((t) => t.owner === undefined)) {
      const other = owned.get(topic.name);
      if (other !== undefined) {
        throw new Error(`local Kafka: topic "${topic.name}" is owned by both pipeline "${other.plan}" and pipeline "${plan.pipelineName}" — `
          + `declare it in one pipeline and name that pipeline as the other's shared-input owner`);
      }
      owned.set(topic.name, { plan: plan.pipelineName, topic });
    }
  }
  const topics = [...owned.values()].map((o) => o.topic);
  for (const plan of plans) {
    for (const topic of plan.topics.filter((t) => t.owner !== undefined)) {
      if (!topics.some((t) => t.name === topic.name)) topics.push(topic);
    }
  }
  return topics;
}

/** A topic of a plan as the single local broker creates it. */
export function localTopicSpec(topic: TopicPlan): LocalTopicSpec {
  return {
    name: topic.name,
    partitions: topic.partitions,
    replicationFactor: 1,
    configs: { ...topic.configs, 'min.insync.replicas': '1' },
  };
}

/** Every principal of the plans (`planPrincipals`), in plan order; user names are unique across pipelines. */
export function localPrincipals(plans: readonly PipelinePlan[]): KafkaPrincipal[] {
  const principals = plans.flatMap((plan) => planPrincipals(plan));
  const seen = new Set<string>();
  for (const principal of principals) {
    if (seen.has(principal.userName)) {
      throw new Error(`local Kafka: principal "${principal.userName}" comes from two of the given plans — give each pipeline once`);
    }
    seen.add(principal.userName);
  }
  return principals;
}

/** The setup spec of the plans, with each principal's password from `passwordOf`. */
export function localKafkaSetupSpec(plans: readonly PipelinePlan[], passwordOf: (userName: string) => string): LocalKafkaSetupSpec {
  return {
    topics: localTopics(plans).map(localTopicSpec),
    principals: localPrincipals(plans).map((principal) => ({
      userName: principal.userName,
      password: passwordOf(principal.userName),
      acls: principalAclEntries(principal),
    })),
  };
}
