import { Flavor } from '../flavor';
import { JobPlan, PipelinePlan } from '../plan/pipeline-plan';
import { PriceTable } from '../pricing/price-table';
import { StatusClients, managedStatus } from './managed-status';
import { ActionOptions, OperationError, PipelineOperations, StateChoice } from './operations';

/** The managed flavor's operations: MSF applications through `@aws-sdk/client-kinesis-analytics-v2`, MSK through `@aws-sdk/client-kafka`. */
export class ManagedOperations implements PipelineOperations {
  public readonly flavor = Flavor.MANAGED;

  constructor(private readonly clients: StatusClients) {}

  public status(plan: PipelinePlan, prices: PriceTable): Promise<string> {
    return managedStatus(plan, this.clients, prices);
  }

  public scale(_plan: PipelinePlan, _job: JobPlan, _parallelism: number, _options: ActionOptions): Promise<string> { return notBuilt('scale'); }
  public snapshot(_plan: PipelinePlan, _job: JobPlan, _options: ActionOptions): Promise<string> { return notBuilt('snapshot'); }
  public start(_plan: PipelinePlan, _job: JobPlan, _from: StateChoice, _options: ActionOptions): Promise<string> { return notBuilt('start'); }
  public stop(_plan: PipelinePlan, _job: JobPlan, _from: StateChoice, _options: ActionOptions): Promise<string> { return notBuilt('stop'); }
  public topics(_plan: PipelinePlan): Promise<string> { return notBuilt('topics'); }
  public lag(_plan: PipelinePlan): Promise<string> { return notBuilt('lag'); }
}

function notBuilt(verb: string): Promise<string> {
  return Promise.reject(new OperationError(`${verb}: not built for the managed flavor yet`));
}
