import { COST_ASSUMPTION_ROWS } from '../cost/cost-assumptions';
import { CostModelOptions } from '../cost/cost-context';
import { CostEstimate, estimateCost } from '../cost/estimate-cost';
import { PlatformCostEstimate, estimatePlatformCost } from '../cost/platform-cost';
import { PipelineDefinition } from '../definition/pipeline-definition';
import { PipelineEnvironment } from '../environment/pipeline-environment';
import { Flavor } from '../flavor';
import { PipelinePlan } from '../plan/pipeline-plan';
import { resolvePlan } from '../plan/resolve-plan';
import { PriceRow, PriceTable } from '../pricing/price-table';
import { SizingAssumption } from '../sizing/sizing-plan';
import { ValidationProblem } from '../validation/validation-problem';
import { CapabilityRow, capabilityMatrix } from './capabilities';
import { StackResources } from './stack-resources';
import { DEFAULT_SWEEP_FACTORS, ThroughputSweep, sweepThroughput } from './throughput-sweep';

/** Everything the report shows, computed once; the renderers only format it. */
export interface Comparison {
  readonly pipelineName: string;
  readonly environment: PipelineEnvironment;
  /** ISO timestamp of the report. */
  readonly generatedAt: string;
  /** The plan resolved for both flavors. */
  readonly plan: PipelinePlan;
  /** Monthly cost per flavor (Flavor.ALL order). */
  readonly estimates: CostEstimate[];
  /** The platform's cost with no pipeline and each pipeline's marginal cost on it, per flavor (Flavor.ALL order). */
  readonly platform: PlatformCostEstimate[];
  /** Synthesized stack contents per flavor, when synthesis ran. */
  readonly resources?: StackResources[];
  readonly capabilities: CapabilityRow[];
  readonly sweep: ThroughputSweep;
  /** Sizing and cost assumptions. */
  readonly assumptions: SizingAssumption[];
  /** Sizing warnings of the plan. */
  readonly warnings: ValidationProblem[];
  /** Every price row the estimates use, by id (for the footnotes). */
  readonly pricesUsed: PriceRow[];
  /** When and by what the price table was written. */
  readonly priceTable: { readonly generatedAt: string; readonly generatedBy: string };
}

/** Inputs of {@link buildComparison}. */
export interface ComparisonInput {
  readonly definition: PipelineDefinition;
  /**
   * The other pipelines on the same platform: the platform is sized for all of them and the report shows each one's
   * marginal cost.
   * @default - the pipeline alone on its platform
   */
  readonly otherPipelines?: readonly PipelineDefinition[];
  readonly environment: PipelineEnvironment;
  readonly prices: PriceTable;
  /**
   * Synthesized stack contents (see `synthesizeStackResources`).
   * @default - the report has no resource counts
   */
  readonly resources?: StackResources[];
  /**
   * Workload multipliers of the cost-vs-throughput sweep.
   * @default DEFAULT_SWEEP_FACTORS (1/16× to 16×)
   */
  readonly sweepFactors?: readonly number[];
  readonly costOptions?: CostModelOptions;
  /**
   * Timestamp written in the report.
   * @default - now
   */
  readonly generatedAt?: string;
}

/** Resolves the plan for both flavors, prices it, sweeps throughput and gathers the report's content. */
export function buildComparison(input: ComparisonInput): Comparison {
  const plan = resolvePlan(input.definition, input.environment);
  // Priced with each flavor's own stack where it was synthesized (e.g. its count of interface endpoints).
  const estimates = Flavor.ALL.map((flavor) => {
    const synthesized = input.resources?.find((r) => r.flavor.id === flavor.id);
    return estimateCost(plan, flavor, input.prices, { ...input.costOptions, ...(synthesized ? { interfaceEndpoints: synthesized.interfaceEndpoints } : {}) });
  });
  const others = (input.otherPipelines ?? []).map((d) => resolvePlan(d, input.environment));
  const platform = Flavor.ALL.map((flavor) => estimatePlatformCost(input.environment, [plan, ...others], flavor, input.prices, input.costOptions));
  const used = new Map<string, PriceRow>();
  for (const e of estimates) for (const l of e.lines) used.set(l.price.id, l.price);
  return {
    pipelineName: plan.pipelineName,
    environment: input.environment,
    generatedAt: input.generatedAt ?? new Date().toISOString(),
    plan,
    estimates,
    platform,
    resources: input.resources,
    capabilities: capabilityMatrix(),
    sweep: sweepThroughput(input.definition, input.environment, input.prices, input.sweepFactors ?? DEFAULT_SWEEP_FACTORS, input.costOptions),
    assumptions: [...plan.sizing.assumptions, ...COST_ASSUMPTION_ROWS],
    warnings: plan.sizing.warnings,
    pricesUsed: [...used.values()].sort((a, b) => a.id.localeCompare(b.id)),
    priceTable: { generatedAt: input.prices.data.generatedAt, generatedBy: input.prices.data.generatedBy },
  };
}
