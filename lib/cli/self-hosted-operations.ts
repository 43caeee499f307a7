import { Clock, SYSTEM_CLOCK } from '../clock';
import { PipelineEnvironment } from '../environment/pipeline-environment';
import { Flavor } from '../flavor';
import { JobPlan, PipelinePlan } from '../plan/pipeline-plan';
import { platformNames } from '../plan/platform-names';
import { PriceTable } from '../pricing/price-table';
import { DEFAULT_KUBE_TIMING, KubeApi, KubeStatusError, KubeTiming, statusMessage } from './kube-api';
import { ActionOptions, OperationError, PartitionLag, PipelineOperations, StateChoice } from './operations';
import { scaleJob, snapshotJob, startJob, stopJob } from './self-hosted-actions';
import { selfHostedLag, selfHostedPartitionLag, selfHostedTopics } from './self-hosted-kafka';
import { selfHostedStatus } from './self-hosted-status';

/**
 * The self-hosted flavor's operations through the Kubernetes API of the platform's EKS cluster: the jobs'
 * FlinkDeployments / FlinkSessionJobs (Flink Kubernetes Operator 1.15), their FlinkStateSnapshots, the Flink REST API
 * through the API server's service proxy, and Strimzi's Kafka, KafkaTopics and Kafka Exporter. Names come from the
 * renderers' naming functions (`flinkJobResource`, `kafkaTopicObjectName`, `platformNames`).
 */
export class SelfHostedOperations implements PipelineOperations {
  public readonly flavor = Flavor.SELF_HOSTED;

  constructor(private readonly api: KubeApi) {}

  public status(plan: PipelinePlan, prices: PriceTable): Promise<string> {
    return this.explain(() => selfHostedStatus(this.api, plan, prices));
  }

  public scale(plan: PipelinePlan, job: JobPlan, parallelism: number, options: ActionOptions): Promise<string> {
    return this.explain(() => scaleJob(this.api, plan, job, parallelism, options));
  }

  public snapshot(plan: PipelinePlan, job: JobPlan, options: ActionOptions): Promise<string> {
    return this.explain(() => snapshotJob(this.api, plan, job, options));
  }

  public start(plan: PipelinePlan, job: JobPlan, from: StateChoice, options: ActionOptions): Promise<string> {
    return this.explain(() => startJob(this.api, plan, job, from, options));
  }

  public stop(plan: PipelinePlan, job: JobPlan, from: StateChoice, options: ActionOptions): Promise<string> {
    return this.explain(() => stopJob(this.api, plan, job, from, options));
  }

  public topics(plan: PipelinePlan): Promise<string> {
    return this.explain(() => selfHostedTopics(this.api, plan));
  }

  public lag(plan: PipelinePlan): Promise<string> {
    return this.explain(() => selfHostedLag(this.api, plan));
  }

  public partitionLag(plan: PipelinePlan): Promise<PartitionLag> {
    return this.explain(() => selfHostedPartitionLag(this.api, plan));
  }

  /** An unexpected answer of the API server as one line (the expected ones are explained where they happen). */
  private async explain<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof KubeStatusError) {
        throw new OperationError(`the Kubernetes API answered ${error.statusCode} to ${error.request.method} ${error.request.path}: ${statusMessage(error.body)}`);
      }
      throw error;
    }
  }
}

/**
 * The self-hosted operations against the environment's platform cluster (the default kubeconfig's current context);
 * their retries and waits run on `clock`.
 */
export function selfHostedOperations(environment: PipelineEnvironment, clock: Clock = SYSTEM_CLOCK, timing: KubeTiming = DEFAULT_KUBE_TIMING): PipelineOperations {
  return new SelfHostedOperations(new KubeApi({ eksCluster: platformNames(environment).eksCluster, region: environment.region }, timing, clock));
}
