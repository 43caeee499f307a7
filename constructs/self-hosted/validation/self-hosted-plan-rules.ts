import { selfHostedOptionProblems } from '../../../lib/environment/self-hosted-options';
import { PipelinePlan, TopicPlan } from '../../../lib/plan/pipeline-plan';
import { ValidationProblem } from '../../../lib/validation/validation-problem';

/** Longest Strimzi cluster name: its services (`<name>-kafka-bootstrap`, 16 more characters) must be DNS labels. */
export const MAX_KAFKA_CLUSTER_NAME = 63 - '-kafka-bootstrap'.length;

function environmentProblems(plan: PipelinePlan): ValidationProblem[] {
  const env = plan.environment;
  const at = `environments.${env.name}.selfHosted`;
  const problems = selfHostedOptionProblems(at, env.selfHosted, env.production);
  for (const job of Object.keys(env.selfHosted.sessionJobs ?? {})) {
    if (!plan.jobs.some((j) => j.name === job)) {
      problems.push({ path: `${at}.sessionJobs.${job}`, message: `no job "${job}" in pipeline "${plan.pipelineName}"`, fix: `use one of ${plan.jobs.map((j) => j.name).join(', ')}` });
    }
  }
  (env.selfHosted.sessionClusterTenants ?? []).forEach((tenant, i) => {
    if (tenant === plan.names.namespace) {
      problems.push({ path: `${at}.sessionClusterTenants[${i}]`, message: `"${tenant}" is the pipeline's own namespace`, fix: 'give the tenant its own namespace' });
    }
  });
  return problems;
}

function kafkaProblems(plan: PipelinePlan): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const name = plan.names.kafkaCluster;
  if (name.length > MAX_KAFKA_CLUSTER_NAME) {
    problems.push({ path: 'name', message: `gives the Kafka cluster name "${name}" of ${name.length} characters, more than ${MAX_KAFKA_CLUSTER_NAME} (its Kubernetes service names would exceed 63)`, fix: 'shorten the pipeline or environment name' });
  }
  const brokers = plan.sizing.kafka.selfHosted.brokers;
  plan.topics.forEach((topic, i) => {
    if (topic.replicationFactor > brokers) {
      problems.push({ path: `topics[${i}] (${JSON.stringify(topic.name)}).replicationFactor`, message: `is ${topic.replicationFactor}, more than the ${brokers} Strimzi broker(s)`, fix: 'lower the environment\'s kafka.replicationFactor or size more brokers' });
    }
    if (topic.owner === undefined && topic.rawRetention !== undefined) problems.push(strimziRawRetentionProblem(i, topic));
  });
  return problems;
}

/**
 * Strimzi can run Kafka tiered storage (KIP-405) only with a RemoteStorageManager plugin (e.g. for S3) in the broker
 * image, and this project runs the stock Strimzi Kafka image: the records would silently stay on the broker disks.
 */
function strimziRawRetentionProblem(index: number, topic: TopicPlan): ValidationProblem {
  return {
    path: `topics[${index}] (${JSON.stringify(topic.name)}).rawRetention`,
    message: `is ${topic.rawRetention} but the self-hosted Kafka (Strimzi) has no tiered storage: KIP-405 needs a RemoteStorageManager plugin in the broker image, which this project does not ship`,
    fix: 'raise retention (brokers are sized for it), or deploy the managed flavor (MSK provisioned tiered storage)',
  };
}

function jobProblems(plan: PipelinePlan): ValidationProblem[] {
  return plan.jobs.flatMap((job, i) => {
    if (job.mode.value !== 'streaming' || job.costControl.mode !== 'scheduled') return [];
    return [{
      path: `jobs[${i}] (${JSON.stringify(job.name)}).costControl`,
      message: `${job.costControl} runs a streaming job ${job.costControl.hoursPerDay} h a day, but gives no time of day to resume it`,
      fix: 'use CostControl.AUTOSCALED or CONTINUOUS for a streaming job, or make it a batch job with a schedule',
    }];
  });
}

/** Every problem that stops the plan from rendering on the self-hosted flavor in its environment. */
export function validateSelfHostedPlan(plan: PipelinePlan): ValidationProblem[] {
  return [...environmentProblems(plan), ...kafkaProblems(plan), ...jobProblems(plan)];
}
