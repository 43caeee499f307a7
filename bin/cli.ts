#!/usr/bin/env node
import * as fs from 'fs';
import * as path from 'path';
import { PricingClient } from '@aws-sdk/client-pricing';
import { ENVIRONMENTS_CONTEXT_KEY, selectDeployment } from '../lib/environment/load-environments';
import { ORDERS_PIPELINE } from '../lib/examples/orders-pipeline';
import { DEFAULT_PRICE_TABLE_FILE, PriceTable } from '../lib/pricing/price-table';
import { refreshPriceTable } from '../lib/pricing/refresh-prices';
import { buildComparison } from '../lib/report/comparison';
import { renderTerminal } from '../lib/report/render-terminal';
import { synthesizeStackResources } from '../lib/report/stack-resources';
import { writeChartPng, writeReport } from '../lib/report/write-report';
import { PipelineValidationError } from '../lib/validation/validation-problem';
import { recordDeployedState } from '../lib/plan/record-state-lock';

const USAGE = `Usage:
  pipelines compare [-c env=<name>] [--out <dir>] [--no-synth] [--line-items] [--chart-png <file>] [--prices <file>]
      Side-by-side cost, capacity, synthesized resources and capabilities of both flavors of the app's pipeline,
      printed and written as Markdown + HTML to <dir> (default reports/out).
  pipelines prices refresh [--region <code>] [--ids <id,id>] [--file <file>]
      Refreshes the price table from the AWS Price List API (needs AWS credentials; nothing else does).
  pipelines schema lock [-c env=<name>]
      Records, after a deployment, the app's topic and table schemas and its streaming jobs' state fingerprints in
      schemas/<env>.lock.json (synth compares the definition with it; it never writes it). Alias: pipelines state-lock.`;

/** Parsed command line: positional words, `-c key=value` context, `--flag [value]` options. */
export interface CliArguments {
  readonly words: string[];
  readonly context: Record<string, string>;
  readonly options: Record<string, string | true>;
}

const BOOLEAN_FLAGS = new Set(['no-synth', 'line-items', 'help']);

/** Parses `argv` (without node and script). */
export function parseArguments(argv: readonly string[]): CliArguments {
  const words: string[] = []; const context: Record<string, string> = {}; const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-c' || arg === '--context') {
      const [key, ...value] = (argv[++i] ?? '').split('=');
      if (!key || value.length === 0) throw new Error(`${arg} needs key=value, got ${JSON.stringify(argv[i])}`);
      context[key] = value.join('=');
    } else if (arg.startsWith('--')) {
      const name = arg.slice(2);
      if (BOOLEAN_FLAGS.has(name)) { options[name] = true; continue; }
      const value = argv[++i];
      if (value === undefined) throw new Error(`--${name} needs a value`);
      options[name] = value;
    } else {
      words.push(arg);
    }
  }
  return { words, context, options };
}

function stringOption(args: CliArguments, name: string, fallback: string): string {
  const v = args.options[name];
  return typeof v === 'string' ? v : fallback;
}

function compare(args: CliArguments): void {
  const cdkJson = JSON.parse(fs.readFileSync(path.resolve('cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  const context: Record<string, unknown> = { ...cdkJson.context, ...args.context };
  const { environment } = selectDeployment(context[ENVIRONMENTS_CONTEXT_KEY], context.env, 'both');
  const prices = PriceTable.load(stringOption(args, 'prices', DEFAULT_PRICE_TABLE_FILE));
  const resources = args.options['no-synth'] ? undefined : synthesizeStackResources(ORDERS_PIPELINE, context, environment.name);
  const comparison = buildComparison({ definition: ORDERS_PIPELINE, environment, prices, resources });
  process.stdout.write(`${renderTerminal(comparison, { lineItems: args.options['line-items'] === true })}\n`);
  const written = writeReport(comparison, stringOption(args, 'out', path.join('reports', 'out')));
  process.stdout.write(`\nWrote ${written.markdown}\nWrote ${written.html}\n`);
  const png = args.options['chart-png'];
  if (typeof png === 'string') {
    writeChartPng(written.chartsHtml, png);
    process.stdout.write(`Wrote ${png}\n`);
  }
}

function recordStateLock(args: CliArguments): void {
  const cdkJson = JSON.parse(fs.readFileSync(path.resolve('cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  const context: Record<string, unknown> = { ...cdkJson.context, ...args.context };
  const { environment } = selectDeployment(context[ENVIRONMENTS_CONTEXT_KEY], context.env, 'both');
  process.stdout.write(`Wrote ${recordDeployedState(ORDERS_PIPELINE, environment)}\n`);
}

async function refreshPrices(args: CliArguments): Promise<void> {
  const file = stringOption(args, 'file', DEFAULT_PRICE_TABLE_FILE);
  const region = stringOption(args, 'region', 'us-east-1');
  const ids = typeof args.options.ids === 'string' ? args.options.ids.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
  const table = PriceTable.load(file);
  // The Price List API is served from us-east-1 (and two other regions) for prices of every region.
  const client = new PricingClient({ region: 'us-east-1' });
  const report = await refreshPriceTable(client, table.data, { region, today: new Date().toISOString().slice(0, 10), ids });
  fs.writeFileSync(file, `${JSON.stringify(report.table, null, 2)}\n`);
  for (const u of report.updated) process.stdout.write(`updated ${u.id} (${region}): ${u.before ?? 'new'} → ${u.after}\n`);
  for (const k of report.kept) process.stdout.write(`kept    ${k.id} (${region}): ${k.reason}\n`);
  process.stdout.write(`Wrote ${file}: ${report.updated.length} updated, ${report.kept.length} kept\n`);
}

/** Runs the CLI; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const args = parseArguments(argv);
    const [command, sub] = args.words;
    if (args.options.help || command === undefined) { process.stdout.write(`${USAGE}\n`); return command === undefined && !args.options.help ? 1 : 0; }
    if (command === 'compare') { compare(args); return 0; }
    if (command === 'prices' && sub === 'refresh') { await refreshPrices(args); return 0; }
    if ((command === 'state-lock' && sub === undefined) || (command === 'schema' && sub === 'lock' && args.words.length === 2)) { recordStateLock(args); return 0; }
    process.stderr.write(`unknown command: ${args.words.join(' ')}\n${USAGE}\n`);
    return 1;
  } catch (error) {
    if (error instanceof PipelineValidationError || (error instanceof Error && error.name === 'MissingPriceError')) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (error: unknown) => { process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`); process.exitCode = 1; });
}
