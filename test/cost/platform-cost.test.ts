import { estimateCost } from '../../lib/cost/estimate-cost';
import { estimatePlatformCost } from '../../lib/cost/platform-cost';
import { CLICKS_PIPELINE } from '../../lib/examples/clicks-pipeline';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { Flavor } from '../../lib/flavor';
import { resolvePlan } from '../../lib/plan/resolve-plan';
import { PriceTable } from '../../lib/pricing/price-table';
import { environment } from '../support/test-app';

const prices = PriceTable.load();
const prod = environment('prod');
const plans = [ORDERS_PIPELINE, CLICKS_PIPELINE].map((d) => resolvePlan(d, prod));

describe.each(Flavor.ALL.map((f) => [f.id, f] as const))('platform and pipeline costs on %s (prod)', (_id, flavor) => {
  const estimate = estimatePlatformCost(prod, plans, flavor, prices);
  const [orders, clicks] = estimate.pipelines;

  test('the platform with no pipeline still costs its network and minimum Kafka (and, self-hosted, the EKS control plane)', () => {
    expect(estimate.baseMonthlyUsd).toBeGreaterThan(0);
    expect(estimate.total.monthlyUsd).toBeGreaterThan(estimate.baseMonthlyUsd);
  });

  test('each pipeline\'s marginal cost is positive and below what it costs on a platform of its own', () => {
    for (const share of [orders, clicks]) {
      expect(share.marginalMonthlyUsd).toBeGreaterThan(0);
      expect(share.marginalMonthlyUsd).toBeLessThan(share.standaloneMonthlyUsd);
    }
    expect([orders.pipeline, clicks.pipeline]).toEqual(['orders', 'clicks']);
  });

  test('one shared platform costs less than two platforms of their own', () => {
    expect(estimate.total.monthlyUsd).toBeLessThan(orders.standaloneMonthlyUsd + clicks.standaloneMonthlyUsd);
  });

  test('a one-pipeline platform costs what the pipeline costs alone, its marginal cost is the total less the base', () => {
    const single = estimatePlatformCost(prod, [plans[0]], flavor, prices);
    expect(single.total.monthlyUsd).toBeCloseTo(estimateCost(plans[0], flavor, prices).monthlyUsd, 6);
    expect(single.pipelines[0].marginalMonthlyUsd).toBeCloseTo(single.total.monthlyUsd - single.baseMonthlyUsd, 6);
  });
});
