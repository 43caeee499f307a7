// `npm run bench:runtime` (part of `npm run bench`): each example job on the local runtime (lib/local) — the runner jar
// built by Maven, Flink's MiniCluster, a real broker, Iceberg tables — at parallelism 1, reading a backlog the pipeline's
// own load generator wrote first. Prints records/s and MB/s per Flink subtask, and per vCPU (the job JVM's CPU time over
// the read, from /proc), with the machine and the date. A benchmark: it prints, it never fails on a target.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import { PipelineDefinition } from '../../lib/definition/pipeline-definition';
import { CLICKS_PIPELINE } from '../../lib/examples/clicks-pipeline';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { Flavor } from '../../lib/flavor';
import { LocalRuntimeBroker, defaultLocalToolchain } from '../../lib/local/default-toolchain';
import { LocalRuntime } from '../../lib/local/local-runtime';
import { resolvePlan } from '../../lib/plan/resolve-plan';
import { selectDeployment } from '../../lib/environment/load-environments';

const FILL_SECONDS = Number(process.env.BENCH_FILL_SECONDS ?? 60);
const MEASURE_SECONDS = Number(process.env.BENCH_MEASURE_SECONDS ?? 60);
const LOAD_MBPS = Number(process.env.BENCH_LOAD_MBPS ?? 8);

interface Case {
  readonly definition: PipelineDefinition;
  readonly job: string;
}

const CASES: Case[] = [
  { definition: ORDERS_PIPELINE, job: 'orders-to-lake' },
  { definition: ORDERS_PIPELINE, job: 'customers-nightly' },
  { definition: CLICKS_PIPELINE, job: 'clicks-to-lake' },
];

/** CPU seconds (user + system) of a process and its threads, from /proc/<pid>/stat. */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function measure(c: Case, environment: ReturnType<typeof selectDeployment>['environment']): Promise<string> {
  const sources = c.definition.jobs.find((j) => j.name === c.job)?.sources ?? [];
  const ownSources = sources.filter((s) => c.definition.topics.find((t) => t.name === s)?.sharedFrom === undefined);
  const definition: PipelineDefinition = {
    ...c.definition,
    loadGenerator: { mbPerSecond: LOAD_MBPS, topics: ownSources },
    // Parallelism 1, and a 5 s checkpoint interval: the committed offsets the read is measured by move every 5 s.
    jobs: c.definition.jobs.map((j) => (j.name === c.job ? { ...j, parallelism: { initial: 1, max: Math.max(1, j.parallelism?.max ?? 1) }, ...(j.mode === undefined || j.mode.value === 'streaming' ? { checkpointInterval: Duration.seconds(5) } : {}) } : j)),
  };
  const plan = resolvePlan(definition, environment, [Flavor.SELF_HOSTED]);
  const generator = plan.loadGenerator;
  if (generator === undefined) throw new Error('no load generator');
  const recordBytes = generator.topics.reduce((n, t) => n + t.recordSizeBytes * t.rowsPerSecond, 0) / generator.topics.reduce((n, t) => n + t.rowsPerSecond, 0);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-runtime-'));
  const runtime = new LocalRuntime({ plan, dir, toolchain: defaultLocalToolchain(), onLine: (l) => process.stderr.write(`  ${l}\n`) });
  try {
    await runtime.start();
    await runtime.startJob(generator.job.name);
    await runtime.awaitJobRunning(generator.job.name);
    await sleep(FILL_SECONDS * 1000);
    await runtime.stopJob(generator.job.name);
    const job = runtime.findJob(c.job);
    const run = await runtime.startJob(c.job, { parallelism: 1, fresh: true });
    if (job.mode.value === 'batch') {
      const t0 = Date.now();
      await runtime.awaitJobEnd(c.job);
      const seconds = (Date.now() - t0) / 1000;
      const table = job.sinks[0];
      const rows = runtime.tableStats(table).totalRecords;
      return `${c.definition.name}/${c.job} (batch, whole run incl. JVM start): ${rows} rows in ${seconds.toFixed(1)} s = ${Math.round(rows / seconds)} rows/s, ${(rows * recordBytes / 1e6 / seconds).toFixed(2)} MB/s per subtask (CPU not sampled: the JVM has exited)`;
    }
    await runtime.awaitJobRunning(c.job);
    // The backlog the generator wrote (its rate on this machine is printed too), then how fast the job reads it: the
    // consumer group's committed offsets (Kafka's own count of records read, before any filter of the query), which
    // the job commits on every checkpoint (every 5 s here), from the first commit until the backlog is read.
    const broker = runtime.broker as LocalRuntimeBroker;
    const read = async () => (await broker.kafka.offsets([job.consumerGroupId])).reduce((n, p) => n + (p.committedOffset ?? 0), 0);
    const backlog = (await broker.kafka.offsets([job.consumerGroupId])).reduce((n, p) => n + p.endOffset, 0);
    let first: { at: number; records: number; cpu: number } | undefined;
    let last = { at: Date.now(), records: 0, cpu: 0 };
    const deadline = Date.now() + MEASURE_SECONDS * 1000 * 5;
    while (Date.now() < deadline) {
      const now = { at: Date.now(), records: await read(), cpu: cpuSeconds(run.process.pid) };
      if (first === undefined && now.records > 0) first = now;
      if (now.records !== last.records) last = now;
      if (now.records >= backlog) break;
      await sleep(1000);
    }
    if (first === undefined || last.at === first.at) throw new Error(`no progress over a backlog of ${backlog} records`);
    const seconds = (last.at - first.at) / 1000;
    const perSecond = (last.records - first.records) / seconds;
    const mbps = perSecond * recordBytes / 1e6;
    const cpu = (last.cpu - first.cpu) / seconds;
    return `${c.definition.name}/${c.job} (streaming, parallelism 1): backlog ${backlog} records (the generator made ${(backlog * recordBytes / 1e6 / FILL_SECONDS).toFixed(2)} MB/s here), `
      + `read ${last.records - first.records} between the first and the last commit, ${seconds.toFixed(1)} s apart = ${Math.round(perSecond)} records/s × ${Math.round(recordBytes)} B = ${mbps.toFixed(2)} MB/s per subtask; `
      + `JVM CPU ${cpu.toFixed(2)} vCPU → ${(mbps / Math.max(cpu, 0.01)).toFixed(2)} MB/s per vCPU${last.records < backlog ? ' (stopped before the backlog ended)' : ''}`;
  } finally {
    await runtime.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const cdk = JSON.parse(fs.readFileSync('cdk.json', 'utf8')) as { context: Record<string, unknown> };
  const { environment } = selectDeployment(cdk.context['pipelines:environments'], 'dev', 'self-hosted');
  const only = process.argv.slice(2);
  process.stdout.write(`Local runtime throughput, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  process.stdout.write(`Backlog: the pipeline's load generator asked for ${LOAD_MBPS} MB/s for ${FILL_SECONDS} s; each job reads it at parallelism 1 (at most ${MEASURE_SECONDS * 5} s)\n`);
  for (const c of CASES.filter((x) => only.length === 0 || only.includes(x.job))) {
    try {
      process.stdout.write(`${await measure(c, environment)}\n`);
    } catch (e) {
      process.stdout.write(`${c.definition.name}/${c.job}: failed: ${(e as Error).message.split('\n').slice(0, 4).join(' ')}\n`);
    }
  }
}

void main();
