import * as fs from 'fs';
import * as path from 'path';
import { Comparison } from './comparison';
import { findChromium, screenshot } from './headless-chromium';
import { renderHtml } from './render-html';
import { renderMarkdown } from './render-markdown';
import { costBreakdownChart, costVsThroughputChart } from './svg-charts';

/** Window size that shows the whole charts page. */
export const CHART_PAGE_SIZE = { width: 1440, height: 460 } as const;

/** Files a report run wrote. */
export interface WrittenReport {
  readonly markdown: string;
  readonly html: string;
  /** The charts alone, as a page (for screenshots and embedding). */
  readonly chartsHtml: string;
}

/** File stem of a comparison: `<pipeline>-<env>`. */
export function reportStem(comparison: Comparison): string {
  return `${comparison.pipelineName}-${comparison.environment.name}`;
}

/** The two charts side by side on a white page, nothing else. */
export function renderChartsPage(comparison: Comparison): string {
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${reportStem(comparison)} charts</title><style>body{margin:0;background:#fff}div{display:flex}</style></head><body><div>${costBreakdownChart(comparison.estimates)}${costVsThroughputChart(comparison.sweep)}</div></body></html>\n`;
}

/** Writes the Markdown report, the HTML report and the charts page to a directory. */
export function writeReport(comparison: Comparison, directory: string): WrittenReport {
  fs.mkdirSync(directory, { recursive: true });
  const stem = reportStem(comparison);
  const written = {
    markdown: path.join(directory, `${stem}.md`),
    html: path.join(directory, `${stem}.html`),
    chartsHtml: path.join(directory, `${stem}-charts.html`),
  };
  fs.writeFileSync(written.markdown, renderMarkdown(comparison));
  fs.writeFileSync(written.html, renderHtml(comparison));
  fs.writeFileSync(written.chartsHtml, renderChartsPage(comparison));
  return written;
}

/** Screenshots the charts page into a PNG (1440 × 460, both charts). Throws if Chromium is not installed. */
export function writeChartPng(chartsHtml: string, pngFile: string): void {
  const chromium = findChromium();
  if (!chromium) throw new Error('chromium not found (install the Debian package "chromium" or set CHROMIUM=/path/to/chrome)');
  screenshot(chromium, chartsHtml, pngFile, { width: CHART_PAGE_SIZE.width, height: CHART_PAGE_SIZE.height });
}
