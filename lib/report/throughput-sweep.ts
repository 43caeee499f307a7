import { CostModelOptions } from '../cost/cost-context';
import { estimateCost } from '../cost/estimate-cost';
import { PipelineDefinition } from '../definition/pipeline-definition';
import { PipelineEnvironment } from '../environment/pipeline-environment';
import { Flavor } from '../flavor';
import { PipelinePlan } from '../plan/pipeline-plan';
import { resolvePlan } from '../plan/resolve-plan';
import { PriceTable } from '../pricing/price-table';
import { PipelineValidationError } from '../validation/validation-problem';

/** The cost of one flavor at one throughput, or why it cannot be sized there. */
export type SweepValue =
  | { readonly ok: true; readonly monthlyUsd: number; readonly summary: string }
  | { readonly ok: false; readonly reason: string };

/** Both flavors at one throughput. */
export interface SweepPoint {
  /** Multiplier of the environment's workload scale. */
  readonly factor: number;
  /** Average ingress of all topics at this point, MB/s. */
  readonly ingressMBps: number;
  readonly values: ReadonlyMap<Flavor, SweepValue>;
}

/** Where the cheaper flavor changes, interpolated linearly between two sweep points. */
export interface Crossover {
  readonly ingressMBps: number;
  readonly monthlyUsd: number;
  /** The flavor that is cheaper below the crossover. */
  readonly cheaperBelow: Flavor;
}

export interface ThroughputSweep {
  readonly points: SweepPoint[];
  readonly crossovers: Crossover[];
}

/** Default multipliers: 1/16× to 16× the environment's workload, doubling. */
export const DEFAULT_SWEEP_FACTORS: readonly number[] = [1 / 16, 1 / 8, 1 / 4, 1 / 2, 1, 2, 4, 8, 16];

function summary(plan: PipelinePlan, flavor: Flavor): string {
  const s = plan.sizing;
  if (flavor.id === Flavor.MANAGED.id) {
    const kafka = s.kafka.managed.mode === 'serverless' ? 'MSK Serverless' : `${s.kafka.managed.brokers} × ${s.kafka.managed.instanceType}`;
    return `${kafka}, ${s.jobs.map((j) => `${j.job} ${j.managed.kpus}–${j.managed.maxKpus} KPUs`).join(', ')}`;
  }
  return `${s.nodeGroups.kafka.averageNodes} × ${s.nodeGroups.kafka.instanceType} brokers, ${s.nodeGroups.flink.min}–${s.nodeGroups.flink.max} × ${s.nodeGroups.flink.instanceType} Flink nodes`;
}

function planFor(definition: PipelineDefinition, environment: PipelineEnvironment, flavors: readonly Flavor[]): PipelinePlan | string {
  try {
    return resolvePlan(definition, environment, flavors);
  } catch (error) {
    if (error instanceof PipelineValidationError) return error.problems.map((p) => `${p.path}: ${p.message}`).join('; ');
    throw error;
  }
}

/**
 * Cost against throughput: the workload is scaled (`sizing.workloadScale` × factor), the pipeline is re-sized and
 * re-priced for each flavor. A flavor that cannot be sized at a point (e.g. past the MSF KPU quota) gets the reason
 * instead of a cost; the definition's explicit partitions and parallelism stay as written.
 */
export function sweepThroughput(definition: PipelineDefinition, environment: PipelineEnvironment, prices: PriceTable, factors: readonly number[] = DEFAULT_SWEEP_FACTORS, options: CostModelOptions = {}): ThroughputSweep {
  const points: SweepPoint[] = factors.map((factor) => {
    const env: PipelineEnvironment = { ...environment, sizing: { ...environment.sizing, workloadScale: environment.sizing.workloadScale * factor } };
    const values = new Map<Flavor, SweepValue>();
    let ingressMBps = NaN;
    for (const flavor of Flavor.ALL) {
      const plan = planFor(definition, env, [flavor]);
      if (typeof plan === 'string') { values.set(flavor, { ok: false, reason: plan }); continue; }
      ingressMBps = plan.sizing.kafka.ingressMBps;
      values.set(flavor, { ok: true, monthlyUsd: estimateCost(plan, flavor, prices, options).monthlyUsd, summary: summary(plan, flavor) });
    }
    return { factor, ingressMBps, values };
  });
  return { points, crossovers: findCrossovers(points) };
}

/** Points where self-hosted − managed changes sign, interpolated between neighbours. */
export function findCrossovers(points: readonly SweepPoint[]): Crossover[] {
  const crossovers: Crossover[] = [];
  const diff = (p: SweepPoint): number | undefined => {
    const a = p.values.get(Flavor.SELF_HOSTED); const b = p.values.get(Flavor.MANAGED);
    return a?.ok && b?.ok ? a.monthlyUsd - b.monthlyUsd : undefined;
  };
  const cost = (p: SweepPoint, f: Flavor): number => { const v = p.values.get(f); return v?.ok ? v.monthlyUsd : NaN; };
  for (let i = 1; i < points.length; i++) {
    const d0 = diff(points[i - 1]); const d1 = diff(points[i]);
    if (d0 === undefined || d1 === undefined || d0 === 0 || Math.sign(d0) === Math.sign(d1)) continue;
    const t = d0 / (d0 - d1);
    const x0 = points[i - 1].ingressMBps; const x1 = points[i].ingressMBps;
    const y0 = cost(points[i - 1], Flavor.MANAGED); const y1 = cost(points[i], Flavor.MANAGED);
    crossovers.push({ ingressMBps: x0 + t * (x1 - x0), monthlyUsd: y0 + t * (y1 - y0), cheaperBelow: d0 < 0 ? Flavor.SELF_HOSTED : Flavor.MANAGED });
  }
  return crossovers;
}
