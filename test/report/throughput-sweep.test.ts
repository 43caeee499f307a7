import { Flavor } from '../../lib/flavor';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { PriceTable } from '../../lib/pricing/price-table';
import { SweepPoint, findCrossovers, sweepThroughput } from '../../lib/report/throughput-sweep';
import { environment, examplePlan } from '../support/test-app';
import { estimateCosts } from '../../lib/cost/estimate-cost';

const prices = PriceTable.load();

function point(ingressMBps: number, self: number, managed: number | string): SweepPoint {
  return {
    factor: 1, ingressMBps,
    values: new Map([
      [Flavor.SELF_HOSTED, { ok: true as const, monthlyUsd: self, summary: '' }],
      [Flavor.MANAGED, typeof managed === 'number' ? { ok: true as const, monthlyUsd: managed, summary: '' } : { ok: false as const, reason: managed }],
    ]),
  };
}

describe('findCrossovers', () => {
  test('interpolates linearly where the difference changes sign', () => {
    // diff −100 at 1 MB/s, +100 at 3 MB/s → t = 0.5 → 2 MB/s; managed cost there = (1100 + 1300) ÷ 2 = 1200
    expect(findCrossovers([point(1, 1000, 1100), point(3, 1400, 1300)])).toEqual([{ ingressMBps: 2, monthlyUsd: 1200, cheaperBelow: Flavor.SELF_HOSTED }]);
  });

  test('none without a sign change, and none across an unsizable point', () => {
    expect(findCrossovers([point(1, 1000, 1100), point(2, 1100, 1200)])).toEqual([]);
    expect(findCrossovers([point(1, 1000, 1100), point(2, 1400, 'quota'), point(4, 2000, 1900)])).toEqual([]);
  });
});

describe('sweepThroughput: the example in prod', () => {
  const sweep = sweepThroughput(ORDERS_PIPELINE, environment('prod'), prices, [0.125, 1, 32]);

  test('each point is re-sized: ingress scales with the factor', () => {
    const [low, base, high] = sweep.points.map((p) => p.ingressMBps);
    expect(low).toBeCloseTo(4.05 / 8, 10);
    expect(base).toBeCloseTo(4.05, 10);
    expect(high).toBeCloseTo(4.05 * 32, 10);
  });

  test('the factor-1 point is the estimate of the plan itself', () => {
    const estimates = estimateCosts(examplePlan('prod'), prices);
    for (const e of estimates) {
      const v = sweep.points[1].values.get(e.flavor);
      expect(v?.ok && v.monthlyUsd).toBeCloseTo(e.monthlyUsd, 6);
    }
  });

  test('past the MSF KPU quota the managed flavor cannot be sized and says why; self-hosted still can', () => {
    const far = sweep.points[2];
    expect(far.values.get(Flavor.SELF_HOSTED)?.ok).toBe(true);
    expect(far.values.get(Flavor.MANAGED)).toEqual({ ok: false, reason: expect.stringContaining('above the Managed Service for Apache Flink default quota of 64 KPUs per application') });
  });

  test('the example crosses over below 1 MB/s: self-hosted is cheaper only for the smallest workloads', () => {
    const full = sweepThroughput(ORDERS_PIPELINE, environment('prod'), prices);
    expect(full.crossovers).toHaveLength(1);
    expect(full.crossovers[0].cheaperBelow).toBe(Flavor.SELF_HOSTED);
    expect(full.crossovers[0].ingressMBps).toBeGreaterThan(0.5);
    expect(full.crossovers[0].ingressMBps).toBeLessThan(1.02);
  });
});
