import { CostControl } from '../../lib/definition/job-options';
import { CostComponent, CostLine, describeFormula } from '../../lib/cost/cost-line';
import { CostEstimate, estimateCosts } from '../../lib/cost/estimate-cost';
import { Flavor } from '../../lib/flavor';
import { resolvePlan } from '../../lib/plan/resolve-plan';
import { MissingPriceError, PriceTable } from '../../lib/pricing/price-table';
import { environment, examplePlan, exampleWith } from '../support/test-app';

const prices = PriceTable.load();

function byFlavor(estimates: CostEstimate[], flavor: Flavor): CostEstimate {
  const e = estimates.find((x) => x.flavor === flavor);
  if (!e) throw new Error(`no estimate for ${flavor.id}`);
  return e;
}

function line(estimate: CostEstimate, item: string): CostLine {
  const l = estimate.lines.find((x) => x.item === item);
  if (!l) throw new Error(`no line "${item}" in ${estimate.lines.map((x) => x.item).join(', ')}`);
  return l;
}

function component(estimate: CostEstimate, c: CostComponent): number {
  return estimate.byComponent.find((x) => x.component === c)?.monthlyUsd ?? NaN;
}

/*
 * Hand computation, example pipeline, prod (us-east-1, 730 h a month, 3 zones, RF 3, 3 NAT gateways).
 * Ingress 4.05 MB/s = 4.05 × 3600 × 730 ÷ 1000 = 10643.4 GB a month; egress the same (one job per topic).
 *
 * Self-hosted
 *   EKS                 730 × 0.10                                  =   73.00
 *   system nodes        3 × 730 × 0.0816                            =  178.704
 *   system root vols    3 × 20 GiB × 0.08                           =    4.80
 *   broker nodes        3 × 730 × 0.0816                            =  178.704
 *   broker volumes      3 × 3770 GiB × 0.08                         =  904.80
 *   controller + roots  (3 × 20 + 3 × 20) GiB × 0.08                =    9.60
 *   replication         10643.4 GB × (3 − 1) × 2 directions × 0.01   =  425.736
 *   Flink nodes         1.25 × 730 × 0.1632                         =  148.92
 *   Flink node volumes  1.25 × (20 + 50 × 4) GiB × 0.08             =   22.00
 *   checkpoints (S3)    2 jobs × 1 GiB × 5 copies × 0.023           =    0.23
 *   shared (below)                                                  =  542.82954
 *   total                                                           = 2489.32354
 * Managed
 *   MSK brokers         3 × 730 × 0.204                             =  446.76
 *   MSK storage         3 × 3770 GiB × 0.10                         = 1131.00
 *   orders KPUs         68/24 KPUs × 730 h × 0.11                   =  227.516667
 *   orders storage      (68/24 − 1) × 50 GB × 0.10                  =    9.166667
 *   customers KPUs      3 KPUs × 730/24 h × 0.11                    =   10.0375
 *   customers storage   2 × 50 GB × (730/24 ÷ 730) × 0.10           =    0.416667
 *   backups             2 × 1 GiB × 5 × 0.023                       =    0.23
 *   shared                                                          =  542.82954
 *   total                                                           = 2367.957040
 * Shared by both
 *   NAT                 3 × 730 × 0.045                             =   98.55
 *   NAT data            20 GB × 0.045                               =    0.90
 *   endpoints           5 × 3 zones × 730 × 0.01                    =  109.50
 *   client cross-AZ     (10643.4 + 10643.4) GB × 2/3 × 2 × 0.01     =  283.824
 *   lake storage        10643.4 GB × 0.2 × 0.023                    =   48.95964
 *   S3 requests         (43800 commits × (4 + 1) + 730/24 × (4 + 2)) ÷ 1000 × 0.005 = 1.0959125
 *   Glue                3 objects, 131491 requests: under the free tier =  0
 */
describe('estimateCosts: the example pipeline in prod', () => {
  const estimates = estimateCosts(examplePlan('prod'), prices);
  const self = byFlavor(estimates, Flavor.SELF_HOSTED);
  const managed = byFlavor(estimates, Flavor.MANAGED);

  test('self-hosted line items', () => {
    expect(line(self, 'EKS cluster').monthlyUsd).toBeCloseTo(73, 6);
    expect(line(self, 'm7g.large system nodes').monthlyUsd).toBeCloseTo(178.704, 6);
    expect(line(self, 'system node root volumes').monthlyUsd).toBeCloseTo(4.8, 6);
    expect(line(self, 'm7g.large broker nodes').monthlyUsd).toBeCloseTo(178.704, 6);
    expect(line(self, 'broker volumes (gp3)').monthlyUsd).toBeCloseTo(904.8, 6);
    expect(line(self, 'KRaft controller volumes + broker node root volumes').monthlyUsd).toBeCloseTo(9.6, 6);
    expect(line(self, 'broker replication across zones').monthlyUsd).toBeCloseTo(425.736, 6);
    expect(line(self, 'm7g.xlarge Flink nodes').monthlyUsd).toBeCloseTo(148.92, 6);
    expect(line(self, 'Flink node volumes (RocksDB working space)').monthlyUsd).toBeCloseTo(22, 6);
    expect(line(self, 'checkpoints and savepoints in S3').monthlyUsd).toBeCloseTo(0.23, 6);
  });

  test('managed line items, with the orchestration KPU in every application', () => {
    expect(line(managed, 'kafka.m7g.large brokers').monthlyUsd).toBeCloseTo(446.76, 6);
    expect(line(managed, 'MSK broker storage').monthlyUsd).toBeCloseTo(1131, 6);
    expect(line(managed, 'orders-to-lake application KPUs').monthlyUsd).toBeCloseTo(68 / 24 * 730 * 0.11, 6);
    expect(line(managed, 'orders-to-lake running application storage').monthlyUsd).toBeCloseTo((68 / 24 - 1) * 50 * 0.1, 6);
    expect(line(managed, 'customers-nightly application KPUs').monthlyUsd).toBeCloseTo(3 * 730 / 24 * 0.11, 6);
    expect(line(managed, 'customers-nightly application KPUs').quantityFormula).toBe('(2 processing + 1 orchestration) KPUs × 30.417 h (1 h/day)');
    expect(line(managed, 'customers-nightly running application storage').monthlyUsd).toBeCloseTo(2 * 50 * (1 / 24) * 0.1, 6);
    expect(line(managed, 'durable application backups (snapshots)').monthlyUsd).toBeCloseTo(0.23, 6);
  });

  test('MSK replication is free: no replication line on the managed flavor', () => {
    expect(managed.lines.some((l) => l.item.includes('replication'))).toBe(false);
    expect(component(managed, CostComponent.KAFKA_TRANSFER)).toBe(0);
    expect(component(self, CostComponent.KAFKA_TRANSFER)).toBeCloseTo(425.736, 6);
  });

  test('shared lines are the same on both flavors', () => {
    const shared = ['NAT gateways', 'NAT data processed', 'Interface VPC endpoints', 'Producers and consumers reaching leaders in other zones', 'S3 warehouse data added this month', 'S3 requests of Iceberg commits', 'Glue Data Catalog objects', 'Glue Data Catalog requests'];
    const expected = [98.55, 0.9, 109.5, 283.824, 48.95964, 1.0959125, 0, 0];
    shared.forEach((item, i) => {
      expect(line(self, item).monthlyUsd).toBeCloseTo(expected[i], 6);
      expect(line(managed, item).monthlyUsd).toBeCloseTo(expected[i], 6);
    });
  });

  test('totals: self-hosted $2489.32, managed $2367.96', () => {
    expect(self.monthlyUsd).toBeCloseTo(2489.32354, 4);
    expect(managed.monthlyUsd).toBeCloseTo(2367.957040, 4);
    expect(self.byComponent.reduce((s, c) => s + c.monthlyUsd, 0)).toBeCloseTo(self.monthlyUsd, 8);
  });

  test('every line names its price row and formula', () => {
    const l = line(self, 'm7g.large broker nodes');
    expect(describeFormula(l)).toBe('3 brokers × 730 h = 2190 instance-hour × $0.0816/instance-hour [ec2.m7g.large, us-east-1, 2026-06, verified] = $178.70');
    expect(self.allPricesVerified).toBe(false);
  });
});

describe('estimateCosts: dev (MSK Serverless, one broker, one NAT)', () => {
  const estimates = estimateCosts(examplePlan('dev'), prices);

  test('self-hosted has no replication traffic with RF 1', () => {
    expect(component(byFlavor(estimates, Flavor.SELF_HOSTED), CostComponent.KAFKA_TRANSFER)).toBe(0);
  });

  test('MSK Serverless: 730 × 0.75 + 9 partitions × 730 × 0.0015 + 10643.4 GB in × 0.10 + out × 0.05 + 2257 GB-month × 0.10', () => {
    const m = byFlavor(estimates, Flavor.MANAGED);
    expect(line(m, 'MSK Serverless cluster').monthlyUsd).toBeCloseTo(547.5, 6);
    expect(line(m, 'MSK Serverless partitions').monthlyUsd).toBeCloseTo(9.855, 6);
    expect(line(m, 'MSK Serverless data in').monthlyUsd).toBeCloseTo(1064.34, 6);
    expect(line(m, 'MSK Serverless data out').monthlyUsd).toBeCloseTo(532.17, 6);
    expect(line(m, 'MSK Serverless storage').monthlyUsd).toBeCloseTo(2257.0788860 * 0.1, 4);
  });

  test('totals: self-hosted $1207.98, managed $3104.07', () => {
    expect(byFlavor(estimates, Flavor.SELF_HOSTED).monthlyUsd).toBeCloseTo(1207.98, 2);
    expect(byFlavor(estimates, Flavor.MANAGED).monthlyUsd).toBeCloseTo(3104.07, 2);
  });
});

describe('cost control modes', () => {
  const kpuCost = (costControl: CostControl) => {
    const def = exampleWith((d) => { d.jobs[0].costControl = costControl; });
    const m = byFlavor(estimateCosts(resolvePlan(def, environment('prod')), prices), Flavor.MANAGED);
    return line(m, 'orders-to-lake application KPUs').monthlyUsd;
  };

  test('continuous pays the peak all day: 4 KPUs × 730 h × 0.11 = 321.20', () => {
    expect(kpuCost(CostControl.CONTINUOUS)).toBeCloseTo(321.2, 6);
  });

  test('autoscaled pays the average: 68/24 KPUs × 730 × 0.11 = 227.52', () => {
    expect(kpuCost(CostControl.AUTOSCALED)).toBeCloseTo(227.516667, 5);
  });

  test('a scheduled window pays its hours: 4 KPUs × 730 × 8/24 h × 0.11 = 107.07', () => {
    expect(kpuCost(CostControl.scheduledWindow(8))).toBeCloseTo(4 * 730 * 8 / 24 * 0.11, 6);
  });
});

test('a region without prices fails with the id, the region and where the price exists', () => {
  const prod = environment('prod');
  const env = { ...prod, region: 'eu-west-2', availabilityZones: ['eu-west-2a', 'eu-west-2b', 'eu-west-2c'] };
  expect(() => estimateCosts(resolvePlan(exampleWith(() => undefined), env), prices)).toThrow(MissingPriceError);
  expect(() => estimateCosts(resolvePlan(exampleWith(() => undefined), env), prices)).toThrow(
    'no price "eks.cluster.standard" for region eu-west-2 in the price table (it has this price for: us-east-1) — add the row to lib/pricing/price-rows.json or run `prices refresh --region eu-west-2`');
});

test('MSK Express is priced with Express rows; the shipped table has none, so the error names the missing row', () => {
  const prod = environment('prod');
  const env = { ...prod, managed: { ...prod.managed, mskMode: 'express' as const } };
  const plan = resolvePlan(exampleWith(() => undefined), env);
  expect(plan.sizing.kafka.managed).toMatchObject({ mode: 'express', instanceType: 'kafka.m7g.large', brokers: 3 });
  expect(() => estimateCosts(plan, prices)).toThrow('no price "msk.broker.express.m7g.large" for region us-east-1 in the price table (it has this price for: (none))');
});
