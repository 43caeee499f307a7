import { CostComponent, describeFormula } from '../cost/cost-line';
import { CostEstimate } from '../cost/estimate-cost';
import { Flavor } from '../flavor';
import { ThroughputSweep } from './throughput-sweep';

/** Escapes text for XML content and attribute values. */
export function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Colour of each cost component (colour-blind-safe palette). */
export const COMPONENT_COLOURS: Readonly<Record<string, string>> = {
  'eks-control-plane': '#332288', 'platform-nodes': '#88ccee', 'kafka-brokers': '#44aa99', 'kafka-storage': '#117733',
  'kafka-transfer': '#999933', 'flink-compute': '#ddcc77', 'flink-storage': '#cc6677', network: '#882255', lakehouse: '#aa4499',
};

/** Colour of each flavor's line. */
export const FLAVOR_COLOURS: Readonly<Record<string, string>> = { 'self-hosted': '#0072b2', managed: '#d55e00' };

/** A round axis maximum ≥ value: 1, 2 or 5 × 10^n. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((m) => m * magnitude).find((v) => v >= value) ?? 10 * magnitude;
}

/** A round axis minimum ≤ value: 1, 2 or 5 × 10^n. */
export function niceFloor(value: number): number {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [5, 2, 1].map((m) => m * magnitude).find((v) => v <= value) ?? magnitude;
}

/** Ticks at 1, 2 and 5 × 10^n between two values. */
export function logTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
    for (const m of [1, 2, 5]) { const v = m * 10 ** e; if (v >= min * 0.999 && v <= max * 1.001) ticks.push(v); }
  }
  return ticks;
}

function money(v: number): string {
  return `$${Math.round(v).toLocaleString('en-US')}`;
}

/**
 * Stacked bars of the monthly cost per flavor, one segment per component. Each segment's `<title>` lists the
 * component's line items with their formulas and price rows; each bar carries its total above it.
 */
export function costBreakdownChart(estimates: readonly CostEstimate[]): string {
  const width = 720; const height = 400; const left = 80; const top = 30; const plotH = 300; const barW = 120; const gap = 80;
  const max = niceCeiling(Math.max(...estimates.map((e) => e.monthlyUsd)));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" id="cost-breakdown-chart" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    '<title>Monthly cost by component and flavor (USD, on-demand)</title>'];
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    parts.push(`<line x1="${left}" x2="${left + 2 * barW + 2 * gap}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/><text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${money(v)}</text>`);
  }
  estimates.forEach((e, i) => {
    const x = left + gap / 2 + i * (barW + gap);
    let base = 0;
    for (const component of CostComponent.ALL) {
      const value = e.byComponent.find((c) => c.component === component)?.monthlyUsd ?? 0;
      if (value <= 0) continue;
      const lines = e.lines.filter((l) => l.component === component).map((l) => `${l.item}: ${describeFormula(l)}`);
      parts.push(`<rect class="segment" data-flavor="${e.flavor.id}" data-component="${component.id}" x="${x}" y="${y(base + value)}" width="${barW}" height="${Math.max(0.5, y(base) - y(base + value))}" fill="${COMPONENT_COLOURS[component.id]}"><title>${xml(`${e.flavor.title} — ${component.title}: ${money(value)}\n${lines.join('\n')}`)}</title></rect>`);
      base += value;
    }
    parts.push(`<text class="bar-total" data-flavor="${e.flavor.id}" x="${x + barW / 2}" y="${y(base) - 8}" text-anchor="middle" font-weight="bold">${money(e.monthlyUsd)}</text>`);
    parts.push(`<text x="${x + barW / 2}" y="${top + plotH + 18}" text-anchor="middle">${xml(e.flavor.id)}</text>`);
  });
  const legendX = left + 2 * barW + 2 * gap + 20;
  CostComponent.ALL.forEach((c, i) => {
    parts.push(`<rect x="${legendX}" y="${top + i * 20}" width="12" height="12" fill="${COMPONENT_COLOURS[c.id]}"/><text x="${legendX + 18}" y="${top + i * 20 + 10}">${xml(c.title)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/**
 * Monthly cost against average ingress for both flavors (log scales), every point re-sized and re-priced, the
 * crossovers marked. Point `<title>`s say what was sized; points a flavor cannot be sized at are crosses with the reason.
 */
export function costVsThroughputChart(sweep: ThroughputSweep): string {
  const width = 720; const height = 440; const left = 80; const top = 20; const plotW = 560; const plotH = 300;
  const xs = sweep.points.map((p) => p.ingressMBps).filter((v) => v > 0);
  const costs = sweep.points.flatMap((p) => [...p.values.values()].flatMap((v) => (v.ok ? [v.monthlyUsd] : [])));
  const xMin = Math.log2(Math.min(...xs)); const xMax = Math.log2(Math.max(...xs));
  // Log scales on both axes: the sweep doubles the workload, and costs span orders of magnitude.
  const yMax = Math.log10(niceCeiling(Math.max(...costs, 1)));
  const yMin = Math.log10(niceFloor(Math.min(...costs, niceCeiling(Math.max(...costs, 1)) / 10)));
  const x = (mbps: number) => left + (xMax === xMin ? plotW / 2 : ((Math.log2(mbps) - xMin) / (xMax - xMin)) * plotW);
  const y = (v: number) => top + plotH - ((Math.log10(v) - yMin) / (yMax - yMin)) * plotH;
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" id="cost-throughput-chart" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    '<title>Monthly cost vs average ingress, both flavors re-sized at every point</title>'];
  for (const v of logTicks(10 ** yMin, 10 ** yMax)) {
    parts.push(`<line x1="${left}" x2="${left + plotW}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#ddd"/><text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${money(v)}</text>`);
  }
  for (const p of sweep.points) {
    parts.push(`<text x="${x(p.ingressMBps)}" y="${top + plotH + 18}" text-anchor="middle">${p.ingressMBps < 1 ? p.ingressMBps.toFixed(2) : p.ingressMBps.toFixed(1)}</text>`);
  }
  parts.push(`<text x="${left + plotW / 2}" y="${top + plotH + 38}" text-anchor="middle">average ingress, MB/s (log scale); monthly cost (log scale)</text>`);
  Flavor.ALL.forEach((f, i) => {
    const colour = FLAVOR_COLOURS[f.id];
    const ok = sweep.points.flatMap((p) => { const v = p.values.get(f); return v?.ok ? [{ p, v }] : []; });
    parts.push(`<polyline class="series" data-flavor="${f.id}" fill="none" stroke="${colour}" stroke-width="2" points="${ok.map(({ p, v }) => `${x(p.ingressMBps).toFixed(1)},${y(v.monthlyUsd).toFixed(1)}`).join(' ')}"/>`);
    for (const p of sweep.points) {
      const v = p.values.get(f);
      if (!v) continue;
      if (v.ok) {
        parts.push(`<circle class="point" data-flavor="${f.id}" cx="${x(p.ingressMBps).toFixed(1)}" cy="${y(v.monthlyUsd).toFixed(1)}" r="4" fill="${colour}"><title>${xml(`${f.title} at ${p.ingressMBps.toFixed(2)} MB/s (workload × ${p.factor}): ${money(v.monthlyUsd)} a month — ${v.summary}`)}</title></circle>`);
      } else {
        const cx = x(p.ingressMBps); const cy = top + 10 + i * 14;
        parts.push(`<path class="unsizable" data-flavor="${f.id}" d="M${cx - 4},${cy - 4} L${cx + 4},${cy + 4} M${cx - 4},${cy + 4} L${cx + 4},${cy - 4}" stroke="${colour}" stroke-width="2"><title>${xml(`${f.title} cannot be sized at ${p.ingressMBps.toFixed(2)} MB/s: ${v.reason}`)}</title></path>`);
      }
    }
    parts.push(`<rect x="${left}" y="${top + plotH + 58 + i * 18}" width="12" height="3" fill="${colour}"/><text x="${left + 18}" y="${top + plotH + 63 + i * 18}">${xml(f.title)}</text>`);
  });
  for (const c of sweep.crossovers) {
    const cx = x(c.ingressMBps);
    parts.push(`<g class="crossover"><line x1="${cx}" x2="${cx}" y1="${top}" y2="${top + plotH}" stroke="#333" stroke-dasharray="4 3"/><circle cx="${cx}" cy="${y(c.monthlyUsd)}" r="6" fill="none" stroke="#333" stroke-width="2"/><text x="${cx + 8}" y="${top + 40}">crossover ≈ ${c.ingressMBps.toFixed(2)} MB/s, ${money(c.monthlyUsd)}</text><title>${xml(`Crossover (linear interpolation between sweep points): ${c.ingressMBps.toFixed(2)} MB/s; below it ${c.cheaperBelow.id} is cheaper`)}</title></g>`);
  }
  parts.push('</svg>');
  return parts.join('\n');
}
