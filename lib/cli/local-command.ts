import * as fs from 'fs';
import * as path from 'path';
import { PipelineDefinition } from '../definition/pipeline-definition';
import { PipelineEnvironment } from '../environment/pipeline-environment';
import { Flavor } from '../flavor';
import { PipelinePlan } from '../plan/pipeline-plan';
import { resolvePlan } from '../plan/resolve-plan';
import { Clock, SYSTEM_CLOCK } from '../clock';
import { LocalRuntime, LocalRunLayout, LocalToolchain, runLocalQuery } from '../local/local-runtime';
import { ProduceResult } from '../local/local-kafka';
import { CliArguments, UsageError, stringOption } from './cli-arguments';

/**
 * `pipelines local`: the pipeline on this machine (see `lib/local/local-runtime.ts`).
 *
 * - `pipelines local [--load <MB/s>] [--for <duration>] [--fresh] [--dir <dir>]`: starts the broker, the tables and
 *   every streaming job (and the load generator with `--load`), runs each batch job once when the streaming jobs run
 *   and again at the end, prints progress every 10 s, and stops everything after `--for` or on Ctrl-C.
 * - `pipelines local produce <topic> [--as <principal>] [--file <records.jsonl>] < records.jsonl`: writes JSON records
 *   to a topic of the broker a running `pipelines local` started (as a principal of the plan, default the admin).
 * - `pipelines local query "<SELECT …>"`: reads the local tables.
 */

/** Default directory of a local run: `.pipelines-local/<pipeline>-<env>` in the app's directory. */
export function defaultLocalDir(plan: PipelinePlan): string {
  return path.join('.pipelines-local', `${plan.pipelineName}-${plan.environment.name}`);
}

/** `30s`, `2m`, `1h` (or a plain number of seconds) in milliseconds. */
export function parseDuration(text: string, option: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|min|h)?$/.exec(text.trim());
  if (match === null) throw new UsageError(`--${option} ${JSON.stringify(text)}: give a duration like 90s, 2m or 1h`);
  const n = Number(match[1]);
  const unit = match[2] ?? 's';
  return Math.round(n * ({ ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 } as Record<string, number>)[unit]);
}

/** The one pipeline a local command acts on: `--pipeline`, or the only one. */
export function choosePipeline(definitions: readonly PipelineDefinition[], args: CliArguments): PipelineDefinition {
  const name = args.options.pipeline;
  if (typeof name === 'string') {
    const found = definitions.find((d) => d.name === name);
    if (found === undefined) throw new UsageError(`--pipeline ${name}: the app's pipelines are ${definitions.map((d) => d.name).join(', ')}`);
    return found;
  }
  if (definitions.length !== 1) throw new UsageError(`the app has ${definitions.length} pipelines (${definitions.map((d) => d.name).join(', ')}): choose one with --pipeline <name>`);
  return definitions[0];
}

/**
 * The plan of a local run: the self-hosted plan (its SQL, principals and ACLs are what runs), with the load generator
 * at `--load` MB/s when given.
 */
export function localPlan(definition: PipelineDefinition, environment: PipelineEnvironment, loadMBps?: number): PipelinePlan {
  const withLoad = loadMBps === undefined ? definition : { ...definition, loadGenerator: { ...definition.loadGenerator, mbPerSecond: loadMBps } };
  return resolvePlan(withLoad, environment, [Flavor.SELF_HOSTED]);
}

/** What `runLocal` needs besides the arguments. */
export interface LocalCommandContext {
  readonly definitions: readonly PipelineDefinition[];
  readonly environment: PipelineEnvironment;
  readonly toolchain: (plan: PipelinePlan) => LocalToolchain;
  readonly out: (line: string) => void;
  /** @default SYSTEM_CLOCK */
  readonly clock?: Clock;
  /** Resolves when the user asks to stop (Ctrl-C). */
  readonly interrupted?: Promise<void>;
  /** Writes a JSON-lines file to a topic of the broker running in a local run's Kafka directory. */
  readonly produce?: (options: { dir: string; plan: PipelinePlan; topic: string; file: string; principal?: string }) => Promise<ProduceResult>;
}

const PROGRESS_EVERY_MS = 10_000;

function table(rows: readonly unknown[][]): string {
  if (rows.length === 0) return '(no rows)';
  const text = rows.map((r) => r.map((v) => (v === null ? 'null' : typeof v === 'string' ? v : JSON.stringify(v))));
  const widths = text[0].map((_, i) => Math.max(...text.map((r) => (r[i] ?? '').length)));
  return text.map((r) => r.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

/** Runs `pipelines local …`; returns what to print on stdout at the end. */
export async function runLocal(args: CliArguments, context: LocalCommandContext): Promise<string> {
  const [, sub, ...rest] = args.words;
  const loadOption = args.options.load;
  const load = typeof loadOption === 'string' ? Number(loadOption) : undefined;
  if (load !== undefined && !(load > 0)) throw new UsageError(`--load ${String(loadOption)}: give the load generator's rate in MB/s, e.g. --load 1`);
  const definition = choosePipeline(context.definitions, args);
  const plan = localPlan(definition, context.environment, load);
  const dir = stringOption(args, 'dir', defaultLocalDir(plan));
  const clock = context.clock ?? SYSTEM_CLOCK;
  const toolchain = context.toolchain(plan);

  if (sub === 'query') {
    const sql = rest.join(' ');
    if (sql.trim() === '') throw new UsageError('local query: give the query, e.g. pipelines local query "SELECT COUNT(*) FROM orders"');
    const rows = await runLocalQuery({ plan, dir, toolchain, sql, onLine: context.out });
    return table(rows);
  }
  if (sub === 'produce') {
    const [topic] = rest;
    if (topic === undefined || context.produce === undefined) throw new UsageError('local produce: give the topic, e.g. pipelines local produce orders < orders.jsonl');
    const input = typeof args.options.file === 'string' ? args.options.file : undefined;
    const file = input ?? path.join(dir, `stdin-${process.pid}.jsonl`);
    if (input === undefined) {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(file, readInput(undefined));
    }
    try {
      const principal = typeof args.options.as === 'string' ? args.options.as : undefined;
      const result = await context.produce({ dir: new LocalRunLayout(dir).kafka, plan, topic, file, ...(principal !== undefined ? { principal } : {}) });
      return `${result.records} records to ${result.topic} (${Math.round(result.recordsPerSecond)} records/s)`;
    } finally {
      if (input === undefined) fs.rmSync(file, { force: true });
    }
  }
  if (sub !== undefined) throw new UsageError(`local ${sub}: unknown; use pipelines local [--load <MB/s>] [--for <duration>], local produce <topic>, local query "<sql>"`);

  const forMs = typeof args.options.for === 'string' ? parseDuration(args.options.for, 'for') : undefined;
  const runtime = new LocalRuntime({ plan, dir, toolchain, onLine: context.out, clock });
  try {
    await runtime.start();
    const streaming = runtime.allJobs().filter((j) => j.mode.value === 'streaming' && (j !== plan.loadGenerator?.job || load !== undefined));
    for (const job of streaming) await runtime.startJob(job.name, { fresh: args.options.fresh === true });
    for (const job of streaming) {
      const p = await runtime.awaitJobRunning(job.name);
      context.out(`Job ${job.name}: ${p.state} (Flink job ${p.jobId})`);
    }
    const batch = runtime.allJobs().filter((j) => j.mode.value === 'batch');
    const runBatch = async () => {
      for (const job of batch) {
        context.out(`Batch job ${job.name}: one run`);
        await runtime.startJob(job.name);
        await runtime.awaitJobEnd(job.name);
        context.out(`Batch job ${job.name}: FINISHED`);
      }
    };
    await runBatch();
    // --for counts from here: the jobs run (downloads, builds and start-up do not eat into it).
    const started = clock.now();
    const deadline = forMs !== undefined ? started + forMs : Number.POSITIVE_INFINITY;
    context.out(forMs !== undefined ? `Running for ${Math.round(forMs / 1000)} s (Ctrl-C stops earlier)` : 'Running until Ctrl-C');
    let stop = false;
    void context.interrupted?.then(() => { stop = true; });
    while (!stop && clock.now() < deadline) {
      await clock.sleep(Math.min(PROGRESS_EVERY_MS, Math.max(0, deadline - clock.now())));
      const seconds = Math.round((clock.now() - started) / 1000);
      context.out(`[${seconds}s]`);
      for (const line of await runtime.progressLines()) context.out(line);
      for (const job of streaming) {
        const run = runtime.run(job.name);
        if (run !== undefined && !run.process.running()) throw new Error(`job ${job.name} stopped unexpectedly; see ${run.process.logFile}`);
      }
    }
    if (load !== undefined && plan.loadGenerator !== undefined) await runtime.stopJob(plan.loadGenerator.job.name);
    await runBatch();
    const summary = await runtime.progressLines();
    return ['Final state:', ...summary, `State kept in ${dir} (delete it to start over; a new run restores the streaming jobs' newest checkpoints).`].join('\n');
  } finally {
    await runtime.stop();
    context.out('Stopped: every job and the broker.');
  }
}

/** Reads `file` or standard input. */
export function readInput(file: string | undefined): string {
  return fs.readFileSync(file === undefined || file === '-' ? 0 : file, 'utf8');
}
