import { describeFormula } from '../cost/cost-line';
import { Flavor } from '../flavor';
import { Comparison } from './comparison';
import { costRows, crossoverText, estimateOf, resourceRows, resourceTypeRows, platformRows, sizingRows, usd } from './report-text';
import { costBreakdownChart, costVsThroughputChart, xml } from './svg-charts';

function table(header: string[], rows: string[][], attributes: (row: number, col: number) => string = () => ''): string {
  return `<table><thead><tr>${header.map((h) => `<th>${xml(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r, i) => `<tr>${r.map((c, j) => `<td${attributes(i, j)}>${xml(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem;max-width:1200px;color:#222}
table{border-collapse:collapse;margin:1rem 0;font-size:14px}th,td{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left}
td.money{text-align:right;white-space:nowrap}tr:last-child td.money{font-weight:bold}.note{color:#555;font-size:13px}svg{max-width:100%;height:auto}
.charts{display:flex;flex-wrap:wrap;gap:1rem}`;

/**
 * A self-contained HTML page (inline CSS and SVG, no scripts, no external resources): cost table whose cells carry
 * the formulas as `title`, both charts, capacity, synthesized stacks, capability matrix, line items, prices and
 * assumptions.
 */
export function renderHtml(comparison: Comparison): string {
  const flavors = Flavor.ALL.map((f) => f.title);
  const rows = costRows(comparison);
  const componentTitle = (row: number, col: number): string => {
    if (col === 0) return '';
    const flavor = Flavor.ALL[col - 1];
    const e = estimateOf(comparison, flavor);
    if (row === rows.length - 1) return ` class="money total" data-flavor="${flavor.id}" data-total="${e.monthlyUsd.toFixed(2)}" title="${xml(`sum of ${e.lines.length} line items`)}"`;
    const componentTitleText = rows[row][0];
    const lines = e.lines.filter((l) => l.component.title === componentTitleText).map((l) => `${l.item}: ${describeFormula(l)}`);
    return ` class="money" title="${xml(lines.join('\n') || 'none')}"`;
  };
  const lineItems = Flavor.ALL.map((f) => {
    const e = estimateOf(comparison, f);
    return `<h3>${xml(f.title)}: ${xml(usd(e.monthlyUsd))}</h3>${table(['Component', 'Item', 'Monthly', 'Formula [price row, region, date, verified]'], e.lines.map((l) => [l.component.title, l.item, usd(l.monthlyUsd), describeFormula(l)]), (_, col) => (col === 2 ? ' class="money"' : ''))}`;
  }).join('\n');
  const resources = resourceRows(comparison);
  const body = [
    `<h1>${xml(comparison.pipelineName)}: self-hosted vs managed</h1>`,
    `<p class="note">Environment <b>${xml(comparison.environment.name)}</b> (${xml(comparison.environment.region)}), generated ${xml(comparison.generatedAt)}. Monthly cost in USD at on-demand prices. Hover a figure for its formula and price row; every line item is listed below.</p>`,
    '<h2>Monthly cost by component</h2>', table(['Component', ...flavors], rows, componentTitle),
    '<div class="charts">', costBreakdownChart(comparison.estimates), costVsThroughputChart(comparison.sweep), '</div>',
    `<p id="crossover">${xml(crossoverText(comparison))}</p>`,
    '<h2>Platform and pipelines</h2>', table(['Monthly', ...flavors], platformRows(comparison)),
    '<h2>Capacity</h2>', table(['', ...flavors], sizingRows(comparison)),
    resources.length > 0 ? `<h2>Synthesized stacks</h2>${table(['', ...flavors], resources)}<details><summary>Resources by type</summary>${table(['Type', ...flavors], resourceTypeRows(comparison))}</details>` : '',
    '<h2>Capabilities</h2>', table(['Capability', ...flavors, 'Source'], comparison.capabilities.map((c) => [c.capability, c.selfHosted, c.managed, c.source])),
    comparison.warnings.length > 0 ? `<h2>Sizing warnings</h2><ul>${comparison.warnings.map((w) => `<li><code>${xml(w.path)}</code>: ${xml(w.message)} — ${xml(w.fix)}</li>`).join('')}</ul>` : '',
    '<h2>Line items</h2>', lineItems,
    '<h2>Prices used</h2>', `<p class="note">Table: ${xml(comparison.priceTable.generatedBy)} (${xml(comparison.priceTable.generatedAt)}).</p>`,
    table(['Row', 'Price', 'Unit', 'Region', 'Date', 'Verified', 'Source'], comparison.pricesUsed.map((p) => [p.id, `$${p.usd}`, p.unit, p.region, p.date, p.verified ? 'yes' : 'no', p.source])),
    '<h2>Assumptions</h2>', table(['Assumption', 'Value', 'Source'], comparison.assumptions.map((a) => [a.name, a.value, a.source])),
    '<p class="note">Operational labour (on-call, upgrades) is not priced: read the capability matrix next to the totals.</p>',
  ].join('\n');
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${xml(comparison.pipelineName)} (${xml(comparison.environment.name)}): self-hosted vs managed</title><style>${STYLE}</style></head><body>\n${body}\n</body></html>\n`;
}
