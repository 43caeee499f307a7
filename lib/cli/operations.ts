import { Flavor } from '../flavor';
import { JobPlan, PipelinePlan } from '../plan/pipeline-plan';
import { PriceTable } from '../pricing/price-table';

/**
 * Where `start` resumes a job from, and whether `stop` keeps state for it:
 * - `latest`: `start` restores the newest snapshot/savepoint; `stop` takes one first (the default for both).
 * - `none`: `start` begins without state (sources read from their configured start position); `stop` takes none.
 */
export type StateChoice = 'latest' | 'none';

/**
 * Options every changing verb (`scale`, `snapshot`, `start`, `stop`) takes. Their dry runs are not operations: they
 * are computed from the plan and contact nothing (`PlannedCalls`, dry-run.ts).
 */
export interface ActionOptions {
  /** Waits for the change to settle, reporting progress through `progress`. @default true */
  readonly wait?: boolean;
  /** A line of progress on long waits (stderr in the CLI). */
  readonly progress: (line: string) => void;
}

/** A failure of an operations verb worth one line (exit code 1): the message names what failed and the fix. */
export class OperationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OperationError';
  }
}

/**
 * One flavor's operations on a deployed pipeline. Every name comes from the plan (`plan.names`, `platformNames`,
 * `managedApplicationName`, the renderers' naming functions), never re-derived from strings here.
 *
 * Each method returns the text the CLI prints on stdout (tables and lines, ending without a newline).
 */
export interface PipelineOperations {
  readonly flavor: Flavor;
  /** Per job: state, parallelism, last checkpoint/snapshot, restarts, cost per hour; per cluster: state, bootstrap, topics. */
  status(plan: PipelinePlan, prices: PriceTable): Promise<string>;
  /** Sets the job's parallelism (the running job is rescaled the flavor's way, keeping state). */
  scale(plan: PipelinePlan, job: JobPlan, parallelism: number, options: ActionOptions): Promise<string>;
  /** Takes a snapshot (managed) / savepoint (self-hosted) of a running job. */
  snapshot(plan: PipelinePlan, job: JobPlan, options: ActionOptions): Promise<string>;
  start(plan: PipelinePlan, job: JobPlan, from: StateChoice, options: ActionOptions): Promise<string>;
  stop(plan: PipelinePlan, job: JobPlan, from: StateChoice, options: ActionOptions): Promise<string>;
  /** The pipeline's topics with partitions, replication and their state on the cluster. */
  topics(plan: PipelinePlan): Promise<string>;
  /** Consumer lag per consumer group (each job's group) and topic. */
  lag(plan: PipelinePlan): Promise<string>;
  /** The figures `lag` shows that the consumer-lag signals judge: the largest lag of one partition per signal. */
  partitionLag(plan: PipelinePlan): Promise<PartitionLag>;
}

/** Per consumer-lag signal id, the largest lag of one partition in records; undefined where there is no figure (yet). */
export type PartitionLag = ReadonlyMap<string, number | undefined>;

/** The plan's job of that name, or an OperationError listing the known ones. */
export function findJob(plan: PipelinePlan, name: string): JobPlan {
  const job = plan.jobs.find((j) => j.name === name);
  if (job !== undefined) return job;
  throw new OperationError(`unknown job ${JSON.stringify(name)} in pipeline ${plan.pipelineName}: known jobs are ${plan.jobs.map((j) => j.name).join(', ')}`);
}

/** Rows as aligned columns (two spaces apart), the first row being the header. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '';
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}

/** The header line every verb's output starts with. */
export function pipelineHeader(plan: PipelinePlan, flavor: Flavor): string {
  return `Pipeline "${plan.pipelineName}", environment "${plan.environment.name}" (${plan.environment.region}), ${flavor.id}`;
}

/**
 * How the definition controls the job's cost, as `status` shows it: `autoscaled 2–8`, `continuous 4`,
 * `scheduled 6h/day` (switched in the definition with `costControl`, then `cdk deploy`).
 */
export function costControlLabel(job: JobPlan): string {
  const { mode, hoursPerDay } = job.costControl;
  if (mode === 'autoscaled') return `autoscaled ${job.parallelism.initial}–${job.parallelism.max}`;
  if (mode === 'scheduled') return `scheduled ${hoursPerDay}h/day`;
  return `continuous ${job.parallelism.initial}`;
}
