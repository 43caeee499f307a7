import { PipelineEnvironment } from '../environment/pipeline-environment';
import { Flavor } from '../flavor';
import { PipelinePlan } from '../plan/pipeline-plan';
import { PlatformPlan } from '../plan/platform-plan';
import { resolvePlatformPlan } from '../plan/resolve-platform';
import { ownedTopics } from '../plan/resolve-topics';
import { PriceTable } from '../pricing/price-table';
import { CostModelOptions } from './cost-context';
import { CostEstimate, estimateCost } from './estimate-cost';

/** One pipeline's share of a platform's cost on one flavor. */
export interface PipelineShare {
  readonly pipeline: string;
  /** What adding the pipeline to the platform (the others already on it) adds a month: its jobs and the extra capacity. */
  readonly marginalMonthlyUsd: number;
  /** What the pipeline would cost alone on a platform of its own. */
  readonly standaloneMonthlyUsd: number;
}

/** The monthly cost of a platform and the pipelines on it, on one flavor. */
export interface PlatformCostEstimate {
  readonly flavor: Flavor;
  /** The platform with no pipeline: network, minimum Kafka, the EKS control plane and system nodes. */
  readonly baseMonthlyUsd: number;
  /** The platform sized for all its pipelines, with their jobs, line by line. */
  readonly total: CostEstimate;
  readonly pipelines: readonly PipelineShare[];
}

/**
 * The platform as one plan for the cost model: every pipeline's own topics, tables and jobs (jobs named
 * `<pipeline>/<job>` as the platform's sizing names them), priced with the platform's sizing; names, environment and
 * artifacts come from `base`.
 */
export function platformCostPlan(platform: PlatformPlan, plans: readonly PipelinePlan[], base: PipelinePlan): PipelinePlan {
  return {
    ...base,
    pipelineName: platform.platformName,
    topics: plans.flatMap((p) => ownedTopics(p.topics)),
    lakehouse: { ...base.lakehouse, tables: plans.flatMap((p) => p.lakehouse.tables) },
    jobs: plans.flatMap((p) => p.jobs.map((j) => ({ ...j, name: `${p.pipelineName}/${j.name}` }))),
    producers: [],
    sizing: platform.sizing,
  };
}

/**
 * Prices a platform and its pipelines on one flavor: the platform with no pipeline, with all of them, and each
 * pipeline's marginal cost (all minus all but it, both sized again) next to what it would cost alone.
 */
export function estimatePlatformCost(environment: PipelineEnvironment, plans: readonly PipelinePlan[], flavor: Flavor, prices: PriceTable, options: CostModelOptions = {}): PlatformCostEstimate {
  const [first] = plans;
  if (first === undefined) throw new Error('estimatePlatformCost: give at least one pipeline plan');
  const price = (subset: readonly PipelinePlan[]) => estimateCost(platformCostPlan(resolvePlatformPlan(environment, subset, [flavor]), subset, first), flavor, prices, options);
  const total = price(plans);
  return {
    flavor,
    baseMonthlyUsd: price([]).monthlyUsd,
    total,
    pipelines: plans.map((plan) => ({
      pipeline: plan.pipelineName,
      marginalMonthlyUsd: total.monthlyUsd - price(plans.filter((p) => p !== plan)).monthlyUsd,
      standaloneMonthlyUsd: estimateCost(plan, flavor, prices, options).monthlyUsd,
    })),
  };
}
