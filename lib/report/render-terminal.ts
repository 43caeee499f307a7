import { describeFormula } from '../cost/cost-line';
import { Flavor } from '../flavor';
import { Comparison } from './comparison';
import { costRows, crossoverText, estimateOf, platformRows, resourceRows, sizingRows } from './report-text';

/** Wraps text to `width` columns at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line.length > 0 && line.length + 1 + word.length > width) { lines.push(line); line = word; } else { line = line ? `${line} ${word}` : word; }
  }
  lines.push(line);
  return lines;
}

/** A boxed table; cells wrap at `maxWidth` columns; numeric-looking cells are right-aligned. */
export function textTable(header: string[], rows: string[][], maxWidth = 48): string {
  const cells = (i: number) => [header[i], ...rows.map((r) => r[i] ?? '')];
  // As wide as the longest cell up to maxWidth, but never narrower than the longest word (words are not broken).
  const widths = header.map((_, i) => Math.max(
    Math.min(maxWidth, Math.max(...cells(i).map((c) => c.length))),
    ...cells(i).flatMap((c) => c.split(' ').map((w) => w.length)),
  ));
  const sep = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const render = (cells: string[]) => {
    const wrapped = cells.map((c, i) => wrap(c, widths[i]));
    const height = Math.max(...wrapped.map((w) => w.length));
    const out: string[] = [];
    for (let line = 0; line < height; line++) {
      out.push(`| ${wrapped.map((w, i) => {
        const text = w[line] ?? '';
        return /^\$?[\d,.]+$/.test(cells[i]) ? text.padStart(widths[i]) : text.padEnd(widths[i]);
      }).join(' | ')} |`);
    }
    return out.join('\n');
  };
  return [sep, render(header), sep, ...rows.map(render), sep].join('\n');
}

/** The side-by-side comparison for a terminal. */
export function renderTerminal(comparison: Comparison, options: { readonly lineItems?: boolean } = {}): string {
  const flavors = Flavor.ALL.map((f) => f.title);
  const out: string[] = [];
  out.push(`Pipeline "${comparison.pipelineName}", environment "${comparison.environment.name}" (${comparison.environment.region}) — monthly cost, on-demand USD`);
  out.push(textTable(['Component', ...flavors], costRows(comparison)));
  out.push('', 'Platform and pipelines (monthly)', textTable(['', ...flavors], platformRows(comparison), 60));
  out.push('', 'Capacity (same plan, both flavors)', textTable(['', ...flavors], sizingRows(comparison), 60));
  const resources = resourceRows(comparison);
  if (resources.length > 0) out.push('', 'Synthesized stacks', textTable(['', ...flavors], resources, 60));
  out.push('', 'Capabilities', textTable(['Capability', ...flavors], comparison.capabilities.map((c) => [c.capability, c.selfHosted, c.managed]), 50));
  out.push('', crossoverText(comparison));
  if (comparison.warnings.length > 0) out.push('', 'Sizing warnings:', ...comparison.warnings.map((w) => `  - ${w.path}: ${w.message} — ${w.fix}`));
  if (options.lineItems) {
    for (const f of Flavor.ALL) {
      out.push('', `Line items — ${f.title}`, ...estimateOf(comparison, f).lines.map((l) => `  ${l.item}: ${describeFormula(l)}`));
    }
  }
  const unverified = comparison.pricesUsed.filter((p) => !p.verified).map((p) => p.id);
  out.push('', `Prices: ${comparison.priceTable.generatedBy} (${comparison.priceTable.generatedAt}); unverified rows used: ${unverified.join(', ') || 'none'}.`);
  out.push('Operational labour is not priced; see the capability matrix.');
  return out.join('\n');
}
