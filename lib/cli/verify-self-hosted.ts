import { Clock } from '../clock';
import { kafkaCaBundleName } from '../../constructs/self-hosted/self-hosted-platform';
import { strimziConnection } from '../../constructs/self-hosted/kafka/strimzi-kafka';
import { STRIMZI_1_2 } from '../catalog/strimzi-release';
import { PipelinePlan, TopicPlan } from '../plan/pipeline-plan';
import { platformNames } from '../plan/platform-names';
import { KubeApi, KubeStatusError } from './kube-api';
import { OperationError } from './operations';
import { VerifyObjectsProps, verifyClientSecret, verifyJob, verifyKafkaUser, verifyRecordsConfigMap } from './verify-kube-objects';
import { TopicBatch } from './verify-producer';
import { VerifyTransport } from './verify-transport';

/** How long the user operator may take to write the KafkaUser's credentials Secret. */
export const USER_READY_SECONDS = 120;
/** Seconds between two looks at the Secret or the Job. */
const LOOK_SECONDS = 2;

interface JobStatus { readonly status?: { readonly succeeded?: number; readonly failed?: number; readonly completionTime?: string } }
interface SecretData { readonly data?: Readonly<Record<string, string>> }

function objectsProps(plan: PipelinePlan, run: string, timeoutSeconds: number): VerifyObjectsProps {
  const names = platformNames(plan.environment);
  const kafkaVersion = plan.environment.selfHosted.kafkaVersion ?? STRIMZI_1_2.defaultKafkaVersion;
  return {
    name: `${plan.pipelineName}-${run}`.slice(0, 63).replace(/-+$/, ''),
    run,
    kafkaCluster: names.kafkaCluster,
    kafkaNamespace: names.kafkaNamespace,
    namespace: plan.names.namespace,
    bootstrapServers: strimziConnection(names).bootstrapServers,
    caConfigMap: kafkaCaBundleName(names.kafkaCluster),
    image: `quay.io/strimzi/kafka:${STRIMZI_1_2.version}-kafka-${kafkaVersion}`,
    timeoutSeconds,
  };
}

const paths = {
  users: (ns: string) => `/apis/kafka.strimzi.io/v1/namespaces/${ns}/kafkausers`,
  secrets: (ns: string) => `/api/v1/namespaces/${ns}/secrets`,
  configMaps: (ns: string) => `/api/v1/namespaces/${ns}/configmaps`,
  jobs: (ns: string) => `/apis/batch/v1/namespaces/${ns}/jobs`,
};

/** POSTs an object to a collection. */
async function create(kube: KubeApi, collectionPath: string, body: object): Promise<void> {
  await kube.change({ method: 'POST', path: collectionPath, body });
}

/** Deletes an object and what it owns (a Job's pods) in the background; one already gone is fine. */
async function remove(kube: KubeApi, objectPath: string): Promise<void> {
  try {
    await kube.change({ method: 'DELETE', path: `${objectPath}?propagationPolicy=Background` });
  } catch (error) {
    if (!(error instanceof KubeStatusError && error.statusCode === 404)) throw error;
  }
}

async function waitFor<T>(clock: Clock, seconds: number, look: () => Promise<T | undefined>): Promise<T | undefined> {
  const deadline = clock.now() + seconds * 1000;
  for (;;) {
    const found = await look();
    if (found !== undefined || clock.now() >= deadline) return found;
    await clock.sleep(LOOK_SECONDS * 1000);
  }
}

/** Runs the produce Job and returns when its producer finished (the Job's completion time). */
async function runProducer(kube: KubeApi, props: VerifyObjectsProps, batches: readonly TopicBatch[], clock: Clock, progress: (line: string) => void, created: string[]): Promise<number> {
  await create(kube, paths.users(props.kafkaNamespace), verifyKafkaUser(props, batches.map((b) => b.topic)));
  created.push(`${paths.users(props.kafkaNamespace)}/${props.name}`);
  progress(`created KafkaUser ${props.kafkaNamespace}/${props.name}; waiting for its credentials`);
  const secret = await waitFor(clock, USER_READY_SECONDS, async () => (await kube.find<SecretData>(`${paths.secrets(props.kafkaNamespace)}/${props.name}`))?.data?.['sasl.jaas.config']);
  if (secret === undefined) throw new OperationError(`KafkaUser ${props.kafkaNamespace}/${props.name} got no credentials within ${USER_READY_SECONDS} s: is the Strimzi user operator of ${props.kafkaCluster} running?`);
  const jaas = Buffer.from(secret, 'base64').toString('utf8');
  await create(kube, paths.secrets(props.namespace), verifyClientSecret(props, jaas));
  created.push(`${paths.secrets(props.namespace)}/${props.name}`);
  await create(kube, paths.configMaps(props.namespace), verifyRecordsConfigMap(props, batches));
  created.push(`${paths.configMaps(props.namespace)}/${props.name}`);
  const startedAt = clock.now();
  await create(kube, paths.jobs(props.namespace), verifyJob(props, batches));
  created.push(`${paths.jobs(props.namespace)}/${props.name}`);
  progress(`producing to ${batches.map((b) => b.topic).join(', ')} with Job ${props.namespace}/${props.name}`);
  const done = await waitFor(clock, props.timeoutSeconds, async () => {
    const status = (await kube.find<JobStatus>(`${paths.jobs(props.namespace)}/${props.name}`))?.status;
    return (status?.succeeded ?? 0) > 0 || (status?.failed ?? 0) > 0 ? status : undefined;
  });
  if (done === undefined || (done.succeeded ?? 0) === 0) {
    throw new OperationError(`the producer Job ${props.namespace}/${props.name} ${done === undefined ? `did not finish within ${props.timeoutSeconds} s` : 'failed'}: see kubectl logs -n ${props.namespace} job/${props.name}`);
  }
  const completed = done.completionTime === undefined ? NaN : Date.parse(done.completionTime);
  return Number.isNaN(completed) ? Math.max(startedAt, clock.now()) : completed;
}

/**
 * The self-hosted flavor's transport, through the Kubernetes API of the kubeconfig's current context. Producing
 * needs a Kafka principal, and the cluster accepts clients only from the pipelines' namespaces, so verify creates for
 * the run: a KafkaUser (SCRAM-SHA-512, Describe + Write on the source topics only) in the Kafka namespace; a Secret
 * with its client properties and a ConfigMap with the records in the pipeline namespace; a Job there running the
 * Strimzi Kafka image's console producer (the image of the cluster's own Kafka version). It waits for the Job and
 * deletes all four whatever happened. The run's records are text lines, so JSON topics only.
 */
export function selfHostedTransport(plan: PipelinePlan, clock: Clock, timeoutSeconds: number): VerifyTransport {
  const names = platformNames(plan.environment);
  return {
    textOnly: true,
    describe(topics: readonly TopicPlan[], run: string): string[] {
      const props = objectsProps(plan, run, timeoutSeconds);
      return [
        `Kafka: Strimzi cluster ${names.kafkaCluster} (namespace ${names.kafkaNamespace}), bootstrap ${props.bootstrapServers} (TLS + SCRAM-SHA-512)`,
        `  through the Kubernetes API of the kubeconfig's current context (EKS cluster ${names.eksCluster}), creates and deletes afterwards:`,
        `  KafkaUser ${names.kafkaNamespace}/${props.name} (Describe + Write on ${topics.map((t) => t.name).join(', ')}),`,
        `  Secret and ConfigMap ${props.namespace}/${props.name} (client properties, records), Job ${props.namespace}/${props.name} running ${props.image} kafka-console-producer.sh`,
      ];
    },
    schemaVersionIds: () => Promise.resolve(new Map()),
    async produce(batches: readonly TopicBatch[], run: string, progress: (line: string) => void): Promise<number> {
      const props = objectsProps(plan, run, timeoutSeconds);
      const kube = new KubeApi({ eksCluster: names.eksCluster, region: plan.environment.region });
      const created: string[] = [];
      try {
        return await runProducer(kube, props, batches, clock, progress, created);
      } finally {
        for (const objectPath of created.reverse()) {
          await remove(kube, objectPath).catch((error: unknown) => progress(`could not delete ${objectPath} (${error instanceof Error ? error.message : String(error)}): kubectl delete kafkausers,secrets,configmaps,jobs -A -l pipelines.verify/run=${run}`));
        }
      }
    },
  };
}
