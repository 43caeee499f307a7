import { JobMode } from '../definition/job-options';
import { PipelinePlan } from '../plan/pipeline-plan';
import { PriceRow, PriceTable } from '../pricing/price-table';
import { COST_ASSUMPTIONS } from './cost-assumptions';

/** Options of the cost model that do not come from the plan. */
export interface CostModelOptions {
  /**
   * Interface VPC endpoints of the pipeline network (each billed per zone-hour).
   * @default 5 (Glue, STS, ECR API, ECR Docker, CloudWatch Logs: the PipelineNetwork construct's set)
   */
  readonly interfaceEndpoints?: number;
}

/** What every flavor's cost lines are computed from: the plan, the prices of its region, derived volumes. */
export class CostContext {
  public readonly region: string;
  public readonly hoursPerMonth = COST_ASSUMPTIONS.hoursPerMonth;
  public readonly interfaceEndpoints: number;

  constructor(public readonly plan: PipelinePlan, private readonly prices: PriceTable, options: CostModelOptions = {}) {
    this.region = plan.environment.region;
    this.interfaceEndpoints = options.interfaceEndpoints ?? 5;
  }

  /** A price of the plan's region; throws MissingPriceError with the id and region. */
  public price(id: string): PriceRow {
    return this.prices.get(id, this.region);
  }

  /** GB a month at `mbps` MB/s: MB/s × 3600 s × 730 h ÷ 1000. */
  public gbPerMonth(mbps: number): number {
    return mbps * 3600 * this.hoursPerMonth / 1000;
  }

  /** Availability zones of the environment. */
  public get zones(): number {
    return this.plan.environment.availabilityZones.length;
  }

  /** Hours a month a job runs. */
  public jobHoursPerMonth(hoursPerDay: number): number {
    return hoursPerDay * this.hoursPerMonth / 24;
  }

  /** Iceberg commits a month of a job: one per checkpoint while streaming, one per sink per daily batch run. */
  public commitsPerMonth(jobName: string): number {
    const job = this.plan.jobs.find((j) => j.name === jobName);
    const sizing = this.plan.sizing.jobs.find((j) => j.job === jobName);
    if (!job || !sizing) return 0;
    const runsOrCheckpoints = job.mode.value === JobMode.BATCH.value || !job.checkpointing.enabled
      ? this.hoursPerMonth / 24
      : this.jobHoursPerMonth(sizing.load.hoursPerDay) * 3600 / (job.checkpointing.interval.toMilliseconds() / 1000);
    return runsOrCheckpoints * job.sinks.length;
  }
}
