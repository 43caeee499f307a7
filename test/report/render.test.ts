import { Flavor } from '../../lib/flavor';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { PriceTable } from '../../lib/pricing/price-table';
import { buildComparison } from '../../lib/report/comparison';
import { renderHtml } from '../../lib/report/render-html';
import { renderMarkdown } from '../../lib/report/render-markdown';
import { renderTerminal, textTable } from '../../lib/report/render-terminal';
import { costBreakdownChart, costVsThroughputChart, niceCeiling } from '../../lib/report/svg-charts';
import { environment } from '../support/test-app';

const comparison = buildComparison({ definition: ORDERS_PIPELINE, environment: environment('prod'), prices: PriceTable.load(), generatedAt: '2026-11-25T00:00:00.000Z' });

describe('buildComparison', () => {
  test('prices both flavors and gathers assumptions, capabilities and the prices used', () => {
    expect(comparison.estimates.map((e) => [e.flavor.id, Number(e.monthlyUsd.toFixed(2))])).toEqual([['self-hosted', 2489.32], ['managed', 2367.96]]);
    expect(comparison.capabilities.map((c) => c.capability)).toEqual(['Flink versions', 'Autoscaling', 'Savepoints / snapshots', 'Session clusters', 'Scheduled (batch) runs', 'Kafka', 'Schema registry', 'Raw data retention', 'Flink configuration', 'Operational burden']);
    expect(comparison.assumptions.map((a) => a.name)).toEqual(expect.arrayContaining(['KPU', 'inter-AZ replication', 'month']));
    expect(comparison.pricesUsed.map((p) => p.id)).toEqual(expect.arrayContaining(['msf.kpu', 'transfer.inter-az', 'ec2.m7g.large', 'msk.broker.kafka.m7g.large']));
  });

  test('the capability matrix lists the Flink versions of the catalog per flavor', () => {
    const versions = comparison.capabilities[0];
    expect(versions.selfHosted).toContain('1.20');
    expect(versions.managed).toContain('1.20');
  });
});

describe('terminal', () => {
  const text = renderTerminal(comparison);

  test('a side-by-side table with every component and both totals', () => {
    expect(text).toContain('| Total per month                   |                                    $2,489.32 |                                        $2,367.96 |');
    expect(text).toMatch(/\| Kafka replication & data transfer \|\s+\$425\.74 \|\s+\$0\.00 \|/);
  });

  test('names the crossover and the unverified prices', () => {
    expect(text).toMatch(/Crossover at about 0\.\d\d MB\/s average ingress/);
    expect(text).toContain('unverified rows used: ebs.gp3.storage');
  });

  test('textTable wraps long cells and right-aligns money', () => {
    expect(textTable(['a', 'b'], [['x', '$1.00'], ['long words here', '$100.00']], 6)).toBe([
      '+--------+---------+', '| a      | b       |', '+--------+---------+', '| x      |   $1.00 |', '| long   | $100.00 |', '| words  |         |', '| here   |         |', '+--------+---------+',
    ].join('\n'));
  });
});

describe('Markdown', () => {
  const md = renderMarkdown(comparison);

  test('cost table, sweep table, capabilities, line items with formulas, prices and assumptions', () => {
    expect(md).toContain('| Total per month | $2,489.32 | $2,367.96 |');
    expect(md).toContain('## Cost vs throughput');
    expect(md).toContain('| Session clusters |');
    expect(md).toContain('| Kafka brokers | kafka.m7g.large brokers | $446.76 | 3 brokers (1 per zone × 3) × 730 h = 2190 broker-hour × $0.204/broker-hour [msk.broker.kafka.m7g.large, us-east-1, 2025, unverified] = $446.76 |');
    expect(md).toContain('| msf.kpu | $0.11 | KPU-hour | us-east-1 | 2025 | no |');
    expect(md).toContain('| MSF KPU quota | 64 KPUs per application, ParallelismPerKPU ≤ 8 |');
  });
});

describe('SVG charts', () => {
  test('niceCeiling rounds up to 1, 2 or 5 × 10^n', () => {
    expect([0.7, 3, 2489, 4179, 61927].map(niceCeiling)).toEqual([1, 5, 5000, 5000, 100000]);
  });

  test('cost breakdown: one segment per non-zero component per flavor, titled with its line items and price rows', () => {
    const svg = costBreakdownChart(comparison.estimates);
    const segments = (flavor: Flavor) => (svg.match(new RegExp(`class="segment" data-flavor="${flavor.id}"`, 'g')) ?? []).length;
    expect(segments(Flavor.SELF_HOSTED)).toBe(9);
    expect(segments(Flavor.MANAGED)).toBe(6); // no EKS, system nodes or replication transfer
    expect(svg).toContain('<text class="bar-total" data-flavor="self-hosted"');
    expect(svg).toContain('>$2,489</text>');
    expect(svg).toContain('broker replication across zones: 4.05 MB/s × 2628 GB per MB/s-month × (RF 3 − 1) follower copies in other zones × 2 directions = 42573.6 GB × $0.01/GB [transfer.inter-az, us-east-1, 2025, unverified] = $425.74');
  });

  test('cost vs throughput: a series per flavor, a titled point per sweep point, the crossover marked', () => {
    const svg = costVsThroughputChart(comparison.sweep);
    expect((svg.match(/<polyline class="series"/g) ?? []).length).toBe(2);
    expect((svg.match(/<circle class="point" data-flavor="managed"/g) ?? []).length).toBe(comparison.sweep.points.length);
    expect(svg).toContain('<g class="crossover">');
    expect(svg).toMatch(/crossover ≈ 0\.\d\d MB\/s, \$1,\d{3}/);
    expect(svg).toContain('(workload × 1): $2,368 a month — 3 × kafka.m7g.large, orders-to-lake 2–4 KPUs, customers-nightly 3–7 KPUs');
  });
});

describe('HTML', () => {
  const html = renderHtml(comparison);

  test('self-contained: no scripts, no external resources', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="https?:/i);
    expect(html).toMatch(/^<!DOCTYPE html>/);
  });

  test('totals carry data attributes, component cells their formulas as title', () => {
    expect(html).toContain('data-flavor="self-hosted" data-total="2489.32"');
    expect(html).toContain('data-flavor="managed" data-total="2367.96"');
    expect(html).toMatch(/<td class="money" title="MSF KPU|<td class="money" title="orders-to-lake application KPUs: /);
    expect(html).toContain('id="cost-breakdown-chart"');
    expect(html).toContain('id="cost-throughput-chart"');
  });
});
