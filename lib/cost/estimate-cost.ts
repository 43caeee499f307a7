import { Flavor } from '../flavor';
import { PipelinePlan } from '../plan/pipeline-plan';
import { PriceTable } from '../pricing/price-table';
import { CostContext, CostModelOptions } from './cost-context';
import { CostComponent, CostLine } from './cost-line';
import { FlavorCostModel } from './flavor-cost-model';
import { MANAGED_COSTS } from './managed-costs';
import { SELF_HOSTED_COSTS } from './self-hosted-costs';
import { sharedCostLines } from './shared-costs';

/** The monthly cost of one flavor of a plan, line by line. */
export interface CostEstimate {
  readonly flavor: Flavor;
  readonly environment: string;
  readonly region: string;
  readonly lines: CostLine[];
  /** Sum of the lines, USD a month. */
  readonly monthlyUsd: number;
  /** Sum per component, in CostComponent.ALL order (components without lines are 0). */
  readonly byComponent: { readonly component: CostComponent; readonly monthlyUsd: number }[];
  /** Whether every price used is verified. */
  readonly allPricesVerified: boolean;
}

const MODELS: Record<Flavor['id'], FlavorCostModel> = {
  'self-hosted': SELF_HOSTED_COSTS,
  managed: MANAGED_COSTS,
};

/** The cost model of a flavor. */
export function costModelOf(flavor: Flavor): FlavorCostModel {
  return MODELS[flavor.id];
}

/**
 * Prices a plan on a flavor: the flavor's own lines plus the lines both flavors share.
 * Throws MissingPriceError if the table lacks a price for the plan's region.
 */
export function estimateCost(plan: PipelinePlan, flavor: Flavor, prices: PriceTable, options: CostModelOptions = {}): CostEstimate {
  const ctx = new CostContext(plan, prices, options);
  const lines = [...costModelOf(flavor).lines(ctx), ...sharedCostLines(ctx)];
  const monthlyUsd = lines.reduce((sum, l) => sum + l.monthlyUsd, 0);
  const byComponent = CostComponent.ALL.map((component) => ({
    component,
    monthlyUsd: lines.filter((l) => l.component === component).reduce((sum, l) => sum + l.monthlyUsd, 0),
  }));
  return { flavor, environment: plan.environment.name, region: ctx.region, lines, monthlyUsd, byComponent, allPricesVerified: lines.every((l) => l.price.verified) };
}

/** Prices a plan on every flavor (both are always compared, whatever the plan deploys). */
export function estimateCosts(plan: PipelinePlan, prices: PriceTable, options: CostModelOptions = {}): CostEstimate[] {
  return Flavor.ALL.map((flavor) => estimateCost(plan, flavor, prices, options));
}
