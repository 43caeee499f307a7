#!/usr/bin/env node
import * as fs from 'fs';
import * as path from 'path';
import { PricingClient } from '@aws-sdk/client-pricing';
import { CliArguments, UsageError, parseArguments, stringOption } from '../lib/cli/cli-arguments';
import { DEFINITIONS_CONTEXT_KEY, loadDefinitions } from '../lib/cli/load-definitions';
import { PipelineDefinition } from '../lib/definition/pipeline-definition';
import { ENVIRONMENTS_CONTEXT_KEY, selectDeployment } from '../lib/environment/load-environments';
import { DEFAULT_PRICE_TABLE_FILE, PriceTable } from '../lib/pricing/price-table';
import { refreshPriceTable } from '../lib/pricing/refresh-prices';
import { buildComparison } from '../lib/report/comparison';
import { renderTerminal } from '../lib/report/render-terminal';
import { synthesizeStackResources } from '../lib/report/stack-resources';
import { writeChartPng, writeReport } from '../lib/report/write-report';
import { recordDeployedState } from '../lib/plan/record-state-lock';
import { STATE_LOCK_DIRECTORY } from '../lib/plan/state-lock';
import { placementFromAssembly } from '../lib/app/assembly-placement';
import { resolvePlan } from '../lib/plan/resolve-plan';
import { operationsFor } from '../lib/cli/flavor-operations';
import { OperationVerb, isOperationVerb, runOperation } from '../lib/cli/ops-commands';
import { Clock, SYSTEM_CLOCK } from '../lib/clock';
import { Flavor } from '../lib/flavor';
import { runLocal } from '../lib/cli/local-command';
import { defaultLocalToolchain } from '../lib/local/default-toolchain';
import { produceToRunningBroker } from '../lib/local/local-kafka';

export { CliArguments, UsageError, parseArguments } from '../lib/cli/cli-arguments';

const USAGE = `Usage:
  pipelines compare [--definitions <module>] [--export <name>] [-c env=<name>] [--out <dir>] [--no-synth] [--line-items]
                    [--chart-png <file>] [--prices <file>]
      Side-by-side cost, capacity, synthesized resources and capabilities of both flavors of each pipeline the module
      exports (default: cdk.json's context "${DEFINITIONS_CONTEXT_KEY}"), printed and written as Markdown + HTML to
      <dir> (default reports/out).
  pipelines prices refresh [--region <code>] [--ids <id,id>] [--file <file>]
      Refreshes the price table from the AWS Price List API (needs AWS credentials; nothing else does).
  pipelines schema lock [--definitions <module>] [--export <name>] [--assembly <dir>] [--lock-dir <dir>] [-c env=<name>]
      Records, after a deployment, the app's topic and table schemas, its streaming jobs' state fingerprints and, from
      the deployment's cloud assembly (default cdk.out), where its stacks placed each job, topic, table and claim, in
      <lock-dir>/<env>.lock.json (default schemas/, as addPipelineStacks' stateLockDirectory) (synth compares the definition with it and keeps that placement; it never writes it).
      Alias: pipelines state-lock.
  Operations on a deployed pipeline (-c env=<name> -c flavor=managed|self-hosted; --definitions, --export and
  --pipeline <name> choose the pipelines; managed needs AWS credentials, self-hosted a kubeconfig for the platform's
  EKS cluster):
  pipelines status [--prices <file>]
      Per job: state, parallelism, last checkpoint/snapshot, restarts and cost per hour at its current size; per
      cluster: state, bootstrap brokers and the pipeline's topics.
  pipelines scale <job> --parallelism <n> [--dry-run] [--no-wait]
  pipelines snapshot <job> [--dry-run] [--no-wait]
  pipelines start <job> [--from latest|none] [--dry-run] [--no-wait]
      latest (default): resume from the newest snapshot/savepoint; none: start without state.
  pipelines stop <job> [--from latest|none] [--dry-run] [--no-wait]
      latest (default): take a snapshot/savepoint while stopping; none: stop without one.
  pipelines topics | pipelines lag
      The pipeline's topics (partitions, replication, state); consumer lag per consumer group and topic.
  pipelines verify [--records <n>] [--timeout <seconds>] [--dry-run]
      Produces n sample records (default 10) generated from each source topic's schema and shows they reached the
      Iceberg tables, with the end-to-end latency; --dry-run prints the records, topics and tables and contacts nothing.
  pipelines verify --load <MB/s> --for <minutes> [--dry-run]
      Runs the pipeline's load generator (loadGenerator in the definition, deployed stopped) at its deployed rate,
      which <MB/s> must name, and reports consumer lag against the signals' thresholds and the capacity the plan
      predicted; it stops the generator at the end, on failure and on Ctrl-C.
  --dry-run prints the exact call or patch from the plan and contacts nothing (no credentials or kubeconfig needed);
  --no-wait returns once the change is accepted.
  The pipeline on this machine (JDK 17 and Maven; no AWS account, no Docker; the first run downloads the jars):
  pipelines local [-c env=<name>] [--pipeline <name>] [--load <MB/s>] [--for <duration>] [--fresh] [--dir <dir>]
      A Kafka broker (KRaft, SCRAM, the plan's ACLs), the Iceberg tables in a local catalog and every job's deployed SQL
      through the runner jar in a Flink MiniCluster; progress every 10 s; stops after --for (e.g. 2m) or on Ctrl-C.
  pipelines local produce <topic> [--as <principal>] [--file <records.jsonl>] < records.jsonl
      Writes JSON records (one per line) to a topic of the running local broker, keyed like the deployed producers.
  pipelines local query "<SELECT …>" [-c env=<name>] [--pipeline <name>]
      Reads the local tables (the pipeline's database is the current one).
  Every command: --debug shows the stack trace of a failure.`;

/** cdk.json's context (in the working directory) with `-c` values on top. */
function appContext(args: CliArguments): Record<string, unknown> {
  const file = path.resolve('cdk.json');
  if (!fs.existsSync(file)) throw new UsageError(`no cdk.json in ${process.cwd()}: run the command in the CDK app's directory`);
  const cdkJson = JSON.parse(fs.readFileSync(file, 'utf8')) as { context?: Record<string, unknown> };
  return { ...cdkJson.context, ...args.context };
}

/** The definitions of `--definitions` (or the context's `pipelines:definitions`). */
function appDefinitions(args: CliArguments, context: Record<string, unknown>): PipelineDefinition[] {
  const configured = context[DEFINITIONS_CONTEXT_KEY];
  const modulePath = stringOption(args, 'definitions', typeof configured === 'string' ? configured : '');
  if (modulePath === '') throw new UsageError(`give --definitions <module exporting the pipeline definitions>, or set "${DEFINITIONS_CONTEXT_KEY}" in cdk.json's context`);
  const exportName = args.options.export;
  return loadDefinitions(modulePath, typeof exportName === 'string' ? exportName : undefined);
}

function loadPrices(args: CliArguments): PriceTable {
  const file = stringOption(args, 'prices', DEFAULT_PRICE_TABLE_FILE);
  if (!fs.existsSync(file)) throw new UsageError(`--prices: no price table at ${file}`);
  return PriceTable.load(file);
}

function compare(args: CliArguments): void {
  const context = appContext(args);
  const { environment } = selectDeployment(context[ENVIRONMENTS_CONTEXT_KEY], context.env, 'both');
  const prices = loadPrices(args);
  const png = args.options['chart-png'];
  const definitions = appDefinitions(args, context);
  for (const definition of definitions) {
    const resources = args.options['no-synth'] ? undefined : synthesizeStackResources(definition, context, environment.name);
    const comparison = buildComparison({ definition, environment, prices, resources });
    process.stdout.write(`${renderTerminal(comparison, { lineItems: args.options['line-items'] === true })}\n`);
    const written = writeReport(comparison, stringOption(args, 'out', path.join('reports', 'out')));
    process.stdout.write(`\nWrote ${written.markdown}\nWrote ${written.html}\n`);
    if (typeof png === 'string') {
      // One PNG per pipeline: `<file>` for one, `<stem>-<pipeline>.png` for several.
      const file = definitions.length === 1 ? png : png.replace(/(\.png)?$/i, `-${comparison.pipelineName}.png`);
      writeChartPng(written.chartsHtml, file);
      process.stdout.write(`Wrote ${file}\n`);
    }
  }
}

function recordStateLock(args: CliArguments): void {
  const context = appContext(args);
  const { environment } = selectDeployment(context[ENVIRONMENTS_CONTEXT_KEY], context.env, 'both');
  const assembly = stringOption(args, 'assembly', 'cdk.out');
  const lockDirectory = stringOption(args, 'lock-dir', STATE_LOCK_DIRECTORY);
  const placement = placementFromAssembly(assembly, environment.name);
  for (const definition of appDefinitions(args, context)) {
    const placed = placement.pipelines.get(definition.name);
    process.stdout.write(`Wrote ${recordDeployedState(definition, environment, lockDirectory, placed)}\n`);
    // Without the deployment's assembly the lock keeps the placement it had: the next synth places new units only.
    if (placed === undefined) {
      const where = placement.found ? `${assembly} has no stack of pipeline ${JSON.stringify(definition.name)} in environment ${JSON.stringify(environment.name)}` : `no cloud assembly at ${assembly}`;
      process.stderr.write(`note: ${where}, so where its jobs, topics, tables and claims sit in nested stacks is not recorded (kept as the lock had it); run this after \`cdk deploy -c env=${environment.name}\`, in the same directory\n`);
    } else {
      process.stdout.write(`  placement of ${Object.keys(placed).sort().join(' and ')} from ${assembly}\n`);
    }
  }
}

/** An operations verb against one flavor (`-c flavor=`) of the app's pipelines in one environment (`-c env=`). */
async function operation(verb: OperationVerb, args: CliArguments, clock: Clock): Promise<void> {
  const context = appContext(args);
  const { environment, flavors } = selectDeployment(context[ENVIRONMENTS_CONTEXT_KEY], context.env, args.context.flavor ?? 'both');
  const flavor = flavors.length === 1 ? flavors[0] : undefined;
  if (flavor === undefined) throw new UsageError(`${verb}: give the flavor the pipelines are deployed as: -c flavor=${Flavor.ALL.map((f) => f.id).join(' or -c flavor=')}`);
  const prices = loadPrices(args);
  const plans = appDefinitions(args, context).map((definition) => resolvePlan(definition, environment, [flavor]));
  // Making them contacts nothing (the kubeconfig is read on the first Kubernetes call); dry runs never call them.
  const target = { environment, flavor, plans, prices, clock, operations: operationsFor(flavor, environment, clock) };
  const output = await runOperation(verb, args, target, (line) => process.stderr.write(`${line}\n`));
  process.stdout.write(`${output}\n`);
}

/** `pipelines local …`: the pipeline on this machine; Ctrl-C stops it and everything it started. */
async function local(args: CliArguments, clock: Clock): Promise<void> {
  const context = appContext(args);
  const { environment } = selectDeployment(context[ENVIRONMENTS_CONTEXT_KEY], context.env, 'self-hosted');
  let interrupt: () => void = () => undefined;
  const interrupted = new Promise<void>((resolve) => { interrupt = resolve; });
  const onSignal = () => { process.stderr.write('Stopping (Ctrl-C again to kill at once)…\n'); interrupt(); process.once('SIGINT', () => process.exit(130)); };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const output = await runLocal(args, {
      definitions: appDefinitions(args, context),
      environment,
      toolchain: () => defaultLocalToolchain(),
      out: (line) => process.stderr.write(`${line}\n`),
      clock,
      interrupted,
      produce: ({ dir, plan, topic, file, principal }) => produceToRunningBroker({ dir, plans: [plan], topic, file, ...(principal !== undefined ? { principal } : {}) }),
    });
    process.stdout.write(`${output}\n`);
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

async function refreshPrices(args: CliArguments): Promise<void> {
  const file = stringOption(args, 'file', DEFAULT_PRICE_TABLE_FILE);
  if (!fs.existsSync(file)) throw new UsageError(`--file: no price table at ${file}`);
  const region = stringOption(args, 'region', 'us-east-1');
  const ids = typeof args.options.ids === 'string' ? args.options.ids.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
  const table = PriceTable.load(file);
  // The Price List API is served from us-east-1 (and two other regions) for prices of every region.
  const client = new PricingClient({ region: 'us-east-1' });
  const report = await refreshPriceTable(client, table.data, { region, today: new Date().toISOString().slice(0, 10), ids });
  for (const u of report.updated) process.stdout.write(`updated ${u.id} (${region}): ${u.before ?? 'new'} → ${u.after}\n`);
  for (const k of report.kept) process.stdout.write(`kept    ${k.id} (${region}): ${k.reason}\n`);
  if (report.updated.length === 0) {
    process.stdout.write(`${file} left as it was: nothing updated, ${report.kept.length} kept\n`);
    return;
  }
  fs.writeFileSync(file, `${JSON.stringify(report.table, null, 2)}\n`);
  process.stdout.write(`Wrote ${file}: ${report.updated.length} updated, ${report.kept.length} kept\n`);
}

/**
 * Runs the CLI; returns the exit code (0 done, 1 failed, 2 usage error). Every failure is one message, no stack trace
 * unless `--debug`. Every wait, poll and retry runs on `clock` (tests pass a fake one).
 */
export async function main(argv: readonly string[], clock: Clock = SYSTEM_CLOCK): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    const args = parseArguments(argv);
    const [command, sub] = args.words;
    if (args.options.help || command === undefined) { process.stdout.write(`${USAGE}\n`); return command === undefined && !args.options.help ? 2 : 0; }
    if (command === 'compare') { compare(args); return 0; }
    if (isOperationVerb(command)) { await operation(command, args, clock); return 0; }
    if (command === 'prices' && sub === 'refresh') { await refreshPrices(args); return 0; }
    if (command === 'local') { await local(args, clock); return 0; }
    // `schema lock` (main's name since issue 11) and `state-lock` (its alias) record the same lock file.
    if (command === 'state-lock' || (command === 'schema' && sub === 'lock')) { recordStateLock(args); return 0; }
    throw new UsageError(`unknown command: ${args.words.join(' ')}`);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`pipelines: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    const message = error instanceof Error ? (debug ? error.stack ?? error.message : error.message) : String(error);
    process.stderr.write(`${message}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
