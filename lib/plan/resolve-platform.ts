import { PipelineEnvironment } from '../environment/pipeline-environment';
import { Flavor } from '../flavor';
import { sizeCapacity } from '../sizing/size-capacity';
import { SizingPlan } from '../sizing/sizing-plan';
import { ValidationProblem, throwIfProblems } from '../validation/validation-problem';
import { PipelinePlan, TopicPlan } from './pipeline-plan';
import { platformNames } from './platform-names';
import { HostedPipeline, PlatformPlan } from './platform-plan';
import { ownedTopics, planKafka } from './resolve-topics';

function pipelineAt(plan: PipelinePlan): string {
  return `pipelines[${JSON.stringify(plan.pipelineName)}]`;
}

/**
 * What two pipelines on one platform may not share: a topic both create, a Glue database, a consumer group, or a
 * shared input that does not match the topic its owner declares.
 */
function isolationProblems(pipelines: readonly PipelinePlan[]): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const seen = new Set<string>();
  const topicOwners = new Map<string, PipelinePlan>();
  const databaseOwners = new Map<string, string>();
  const groupOwners = new Map<string, string>();
  for (const plan of pipelines) {
    const at = pipelineAt(plan);
    if (seen.has(plan.pipelineName)) {
      problems.push({ path: at, message: 'is declared twice for the platform', fix: 'declare each pipeline once' });
      continue;
    }
    seen.add(plan.pipelineName);
    for (const topic of ownedTopics(plan.topics)) {
      const owner = topicOwners.get(topic.name);
      if (owner) {
        problems.push({ path: `${at}.topics (${JSON.stringify(topic.name)})`, message: `is already created by pipeline ${JSON.stringify(owner.pipelineName)} on this platform`, fix: `rename it, or read the other pipeline's topic as a shared input: sharedFrom: ${JSON.stringify(owner.pipelineName)}, which its owner grants with readers: [${JSON.stringify(plan.pipelineName)}]` });
      } else {
        topicOwners.set(topic.name, plan);
      }
    }
    for (const database of plan.lakehouse.databases) {
      const owner = databaseOwners.get(database);
      if (owner !== undefined) problems.push({ path: `${at}.database (${JSON.stringify(database)})`, message: `is already the Glue database of pipeline ${JSON.stringify(owner)} on this platform`, fix: 'give each pipeline its own database (the default is the pipeline name)' });
      else databaseOwners.set(database, plan.pipelineName);
    }
    for (const job of plan.jobs) {
      const owner = groupOwners.get(job.consumerGroupId);
      if (owner !== undefined) problems.push({ path: `${at}.jobs (${JSON.stringify(job.name)}).consumerGroupId`, message: `${JSON.stringify(job.consumerGroupId)} is already used by pipeline ${JSON.stringify(owner)}`, fix: 'remove it (the default `<pipeline>.<job>` is unique) or choose another group' });
      else groupOwners.set(job.consumerGroupId, plan.pipelineName);
    }
  }
  for (const plan of pipelines) {
    for (const topic of plan.topics) {
      if (topic.owner === undefined) continue;
      problems.push(...sharedInputProblems(plan, topic, pipelines.find((p) => p.pipelineName === topic.owner)));
    }
  }
  return problems;
}

/**
 * A shared input must name a pipeline other than its reader and, when that pipeline is declared here, one of its topics
 * whose owner lists the reader in the topic's `readers`. (A pipeline from another app is checked at deploy time: its
 * stack requires the grant the owner's stack publishes, see constructs/common/pipeline-claims.ts.)
 */
function sharedInputProblems(reader: PipelinePlan, topic: TopicPlan, owner: PipelinePlan | undefined): ValidationProblem[] {
  const at = `${pipelineAt(reader)}.topics (${JSON.stringify(topic.name)}).sharedFrom`;
  if (topic.owner === reader.pipelineName) return [{ path: at, message: 'names the pipeline itself', fix: 'remove sharedFrom: the pipeline owns the topic' }];
  if (owner === undefined) return [];
  const owned = ownedTopics(owner.topics).find((t) => t.name === topic.name);
  if (owned === undefined) return [{ path: at, message: `pipeline ${JSON.stringify(owner.pipelineName)} has no topic ${JSON.stringify(topic.name)}`, fix: `read one of its topics: ${ownedTopics(owner.topics).map((t) => t.name).join(', ') || '(none)'}` }];
  const problems: ValidationProblem[] = [];
  if (!(owned.readers ?? []).includes(reader.pipelineName)) {
    problems.push({
      path: at,
      message: `pipeline ${JSON.stringify(owner.pipelineName)} does not grant pipeline ${JSON.stringify(reader.pipelineName)} read access to its topic ${JSON.stringify(topic.name)}`,
      fix: `the owner adds ${JSON.stringify(reader.pipelineName)} to the topic's readers in its definition (readers: [${JSON.stringify(reader.pipelineName)}]), or remove the shared input`,
    });
  }
  if (owned.partitions !== topic.partitions) problems.push({ path: at, message: `the reader assumes ${topic.partitions} partitions, the owner creates ${owned.partitions}`, fix: `set partitions: ${owned.partitions}` });
  return problems;
}

/** Every owned topic with its workload raised by the headroom: brokers and storage are sized for the spare capacity. */
function withHeadroom(topic: TopicPlan, headroom: number): TopicPlan {
  if (topic.workload === undefined || headroom === 0) return topic;
  const factor = 1 + headroom;
  return { ...topic, workload: { ...topic.workload, ingressMBps: topic.workload.ingressMBps * factor, peakIngressMBps: topic.workload.peakIngressMBps * factor } };
}

function platformSizing(platformName: string, environment: PipelineEnvironment, pipelines: readonly PipelinePlan[], flavors: readonly Flavor[]): SizingPlan {
  const headroom = environment.platform.headroom;
  const sizing = sizeCapacity({
    pipelineName: platformName,
    topics: pipelines.flatMap((p) => p.topics.filter((t) => t.owner === undefined).map((t) => withHeadroom(t, headroom))),
    jobs: pipelines.flatMap((p) => p.jobs.map((j) => ({ ...j, name: `${p.pipelineName}/${j.name}` }))),
    environment,
    flavors,
    onDemandJobs: pipelines.flatMap((p) => (p.loadGenerator === undefined ? [] : [{ ...p.loadGenerator.sizing, job: `${p.pipelineName}/${p.loadGenerator.job.name}` }])),
  });
  const flink = sizing.nodeGroups.flink;
  const spareNodes = Math.ceil(flink.max * headroom);
  return {
    ...sizing,
    nodeGroups: { ...sizing.nodeGroups, flink: { ...flink, max: flink.max + spareNodes } },
    assumptions: [
      ...sizing.assumptions,
      { name: 'platform headroom', value: `+ ${Math.round(headroom * 100)} % Kafka traffic and storage, + ${spareNodes} Flink node(s)`, source: `environments.${environment.name}.platform.headroom` },
    ],
  };
}

/**
 * The platform of an environment, sized for the pipelines declared for it (each already resolved for the same
 * environment). Throws one PipelineValidationError listing every conflict between the pipelines.
 *
 * @param pipelines the pipelines the platform hosts; pipelines deployed from other apps are declared here too, so
 * the shared capacity includes them
 */
export function resolvePlatformPlan(environment: PipelineEnvironment, pipelines: readonly PipelinePlan[], flavors: readonly Flavor[] = Flavor.ALL): PlatformPlan {
  const names = platformNames(environment);
  const foreign = pipelines.filter((p) => p.environment.name !== environment.name);
  throwIfProblems(`platform ${JSON.stringify(names.prefix)}`, [
    ...foreign.map((p) => ({ path: pipelineAt(p), message: `was resolved for environment ${JSON.stringify(p.environment.name)}`, fix: `resolve it for ${JSON.stringify(environment.name)}` })),
    ...isolationProblems(pipelines),
  ]);
  const hosted: HostedPipeline[] = pipelines.map((p) => ({
    name: p.pipelineName,
    topics: ownedTopics(p.topics).map((t) => t.name),
    databases: [...p.lakehouse.databases],
    jobs: p.jobs.map((j) => j.name),
    producerNamespaces: [...new Set(p.producers.flatMap((producer) => producer.serviceAccount?.namespace ?? []))],
    tieredStorageTopics: ownedTopics(p.topics).filter((t) => t.rawRetention?.id === 'tiered-storage').map((t) => t.name),
  }));
  return {
    platformName: environment.platform.name,
    environment,
    flavors,
    names,
    kafka: planKafka(environment),
    pipelines: hosted,
    sizing: platformSizing(environment.platform.name, environment, pipelines, flavors),
  };
}
