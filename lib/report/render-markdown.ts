import { describeFormula } from '../cost/cost-line';
import { Flavor } from '../flavor';
import { Comparison } from './comparison';
import { costRows, crossoverText, estimateOf, resourceRows, resourceTypeRows, platformRows, sizingRows, usd } from './report-text';

function escape(cell: string): string {
  return cell.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A GitHub-flavored Markdown table. */
export function markdownTable(header: string[], rows: string[][]): string {
  return [
    `| ${header.map(escape).join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(escape).join(' | ')} |`),
  ].join('\n');
}

/** The comparison as Markdown (the same content as the terminal and HTML reports, with every line item). */
export function renderMarkdown(comparison: Comparison, options: { readonly chartImage?: string } = {}): string {
  const flavors = Flavor.ALL.map((f) => f.title);
  const out: string[] = [];
  out.push(`# ${comparison.pipelineName}: self-hosted vs managed (${comparison.environment.name}, ${comparison.environment.region})`, '');
  out.push(`Generated ${comparison.generatedAt}. Monthly cost in USD at on-demand prices; every figure below has its price row and formula in the line items.`, '');
  out.push('## Monthly cost by component', '', markdownTable(['Component', ...flavors], costRows(comparison)), '');
  if (options.chartImage) out.push(`![Cost by component and cost vs throughput](${options.chartImage})`, '');
  out.push('## Cost vs throughput', '', crossoverText(comparison), '');
  out.push(markdownTable(['Average ingress (MB/s)', ...flavors], comparison.sweep.points.map((p) => [p.ingressMBps.toFixed(2), ...Flavor.ALL.map((f) => {
    const v = p.values.get(f);
    return v?.ok ? usd(v.monthlyUsd) : `not sizable: ${v?.reason ?? '?'}`;
  })])), '');
  out.push('## Platform and pipelines', '', 'One platform per environment hosts every pipeline: its cost with no pipeline, what each pipeline adds (marginal) and what it would cost on a platform of its own.', '', markdownTable(['Monthly', ...flavors], platformRows(comparison)), '');
  out.push('## Capacity', '', markdownTable(['', ...flavors], sizingRows(comparison)), '');
  const resources = resourceRows(comparison);
  if (resources.length > 0) {
    out.push('## Synthesized stacks', '', markdownTable(['', ...flavors], resources), '');
    out.push('<details><summary>Resources by type</summary>', '', markdownTable(['Type', ...flavors], resourceTypeRows(comparison)), '', '</details>', '');
  }
  out.push('## Capabilities', '', markdownTable(['Capability', ...flavors, 'Source'], comparison.capabilities.map((c) => [c.capability, c.selfHosted, c.managed, c.source])), '');
  if (comparison.warnings.length > 0) out.push('## Sizing warnings', '', ...comparison.warnings.map((w) => `- \`${w.path}\`: ${w.message} — ${w.fix}`), '');
  for (const f of Flavor.ALL) {
    const e = estimateOf(comparison, f);
    out.push(`## Line items: ${f.title}`, '', markdownTable(['Component', 'Item', 'Monthly', 'Formula [price row]'], e.lines.map((l) => [l.component.title, l.item, usd(l.monthlyUsd), describeFormula(l)])), '');
  }
  out.push('## Prices used', '', `Table: ${comparison.priceTable.generatedBy} (${comparison.priceTable.generatedAt}).`, '');
  out.push(markdownTable(['Row', 'Price', 'Unit', 'Region', 'Date', 'Verified', 'Source'], comparison.pricesUsed.map((p) => [p.id, `$${p.usd}`, p.unit, p.region, p.date, p.verified ? 'yes' : 'no', p.source])), '');
  out.push('## Assumptions', '', markdownTable(['Assumption', 'Value', 'Source'], comparison.assumptions.map((a) => [a.name, a.value, a.source])), '');
  out.push('Operational labour (on-call, upgrades) is not priced: read the capability matrix next to the totals.', '');
  return out.join('\n');
}
