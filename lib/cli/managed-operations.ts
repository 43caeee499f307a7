import { Clock, SYSTEM_CLOCK } from '../clock';
import { Flavor } from '../flavor';
import { JobPlan, PipelinePlan } from '../plan/pipeline-plan';
import { PriceTable } from '../pricing/price-table';
import { scaleJob, snapshotJob, startJob, stopJob } from './managed-actions';
import { ManagedClients } from './managed-clients';
import { managedLag, managedPartitionLag } from './managed-lag';
import { managedStatus } from './managed-status';
import { managedTopics } from './managed-topics';
import { ActionOptions, PartitionLag, PipelineOperations, StateChoice } from './operations';

/**
 * The managed flavor's operations: MSF applications through `@aws-sdk/client-kinesis-analytics-v2`, MSK through
 * `@aws-sdk/client-kafka`, job and consumer-lag metrics through `@aws-sdk/client-cloudwatch`. Waits poll on `clock`.
 */
export class ManagedOperations implements PipelineOperations {
  public readonly flavor = Flavor.MANAGED;

  constructor(private readonly clients: ManagedClients, private readonly clock: Clock = SYSTEM_CLOCK) {}

  public status(plan: PipelinePlan, prices: PriceTable): Promise<string> {
    return managedStatus(plan, this.clients, prices, new Date(this.clock.now()));
  }

  public scale(plan: PipelinePlan, job: JobPlan, parallelism: number, options: ActionOptions): Promise<string> {
    return scaleJob(plan, job, parallelism, this.clients, this.clock, options);
  }

  public snapshot(plan: PipelinePlan, job: JobPlan, options: ActionOptions): Promise<string> {
    return snapshotJob(plan, job, this.clients, this.clock, options);
  }

  public start(plan: PipelinePlan, job: JobPlan, from: StateChoice, options: ActionOptions): Promise<string> {
    return startJob(plan, job, from, this.clients, this.clock, options);
  }

  public stop(plan: PipelinePlan, job: JobPlan, from: StateChoice, options: ActionOptions): Promise<string> {
    return stopJob(plan, job, from, this.clients, this.clock, options);
  }

  public topics(plan: PipelinePlan): Promise<string> {
    return managedTopics(plan, this.clients);
  }

  public lag(plan: PipelinePlan): Promise<string> {
    return managedLag(plan, this.clients, new Date(this.clock.now()));
  }

  public partitionLag(plan: PipelinePlan): Promise<PartitionLag> {
    return managedPartitionLag(plan, this.clients, new Date(this.clock.now()));
  }
}
