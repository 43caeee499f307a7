import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { renderSettingsProperties, sqlRunnerArguments } from '../artifacts/sql-runner-contract';
import { ICEBERG_CATALOG_NAME } from '../sql/iceberg-sink';
import { sqlIdentifier, sqlOptions } from '../sql/sql-text';
import { Flavor } from '../flavor';
import { JobPlan, PipelinePlan } from '../plan/pipeline-plan';
import { FlinkJobProgress, readFlinkJobProgress } from './flink-rest';
import { createLocalTables, evolveLocalTables, fileUri, localLakehouseConnection, localTableDir, readLocalTableStats } from './local-catalog';
import { LocalKafkaEndpoint, localJobFiles, renderFlinkConfiguration } from './local-job';
import { LocalProcess, failureLines, logTail, startProcess } from './local-processes';
import { Clock, SYSTEM_CLOCK } from '../clock';

/**
 * The local runtime: a plan rendered into processes on this machine instead of templates (the third renderer beside
 * the self-hosted and managed stacks). One broker (KRaft, SCRAM, the plan's ACLs), each job's deployed SQL through the
 * real runner jar in its own Flink MiniCluster (`flink run --target local`: Flink's `lib/` on the class path, the jar
 * through Flink's user-code class loader), Iceberg tables in a local Hadoop catalog created from the plan's metadata.
 */

/** The clock the runtime waits on (the CLI's one clock, `lib/clock.ts`; tests drive it). */
export type LocalClock = Clock;
export { SYSTEM_CLOCK };

/** A running local broker as the runtime uses it. */
export interface LocalBroker {
  readonly bootstrapServers: string;
  readonly caCertificateFile: string;
  /** Properties file with a principal's `sasl.jaas.config`. */
  credentialsFile(principal: string): string;
  /** Per consumer group: the summed lag over its topics' partitions (end offset − committed offset). */
  lag(groups: readonly string[]): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

/** How to run a command: what `flinkRunInvocation` returns. */
export interface Invocation {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
}

/** What the runtime needs from the toolchain (Maven-built runner jar, Flink `lib/` from Maven Central, the broker). */
export interface LocalToolchain {
  /** Builds (or reuses) the runner jar of the plan's artifacts; returns its path. */
  runnerJar(plan: PipelinePlan, onProgress: (line: string) => void): Promise<string>;
  /** The `flink run --target local` invocation of the runner jar with a configuration directory. */
  flinkRun(plan: PipelinePlan, options: { jar: string; programArgs: readonly string[]; confDir: string; savepointPath?: string }, onProgress: (line: string) => void): Promise<Invocation>;
  /** The log configuration files Flink's configuration directory needs (name → content). */
  flinkLogConfiguration(plan: PipelinePlan): Promise<Record<string, string>>;
  /** Starts the broker with the plans' topics, principals and ACLs. */
  startBroker(plans: readonly PipelinePlan[], dir: string, onProgress: (line: string) => void): Promise<LocalBroker>;
  /** The Kafka principal a job logs in as (its KafkaUser on self-hosted). */
  jobPrincipal(plan: PipelinePlan, job: JobPlan): string;
}

/** Options of a local run. */
export interface LocalRuntimeOptions {
  readonly plan: PipelinePlan;
  /** Directory of the run's state: broker data, warehouse, checkpoints, logs. Kept between runs. */
  readonly dir: string;
  readonly toolchain: LocalToolchain;
  /** Progress and status lines. */
  readonly onLine: (line: string) => void;
  readonly clock?: LocalClock;
}

/** One job's process in a local run. */
export interface LocalJobRun {
  readonly job: JobPlan;
  readonly process: LocalProcess;
  readonly restPort: number;
  /** The retained checkpoint it was started from, if any. */
  readonly restoredFrom?: string;
}

/** A port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * The newest retained checkpoint of a job under its checkpoint directory (`<dir>/<job id>/chk-<n>/_metadata`), or
 * undefined when it has none: what a restart restores, like an operator's `last-state` upgrade.
 */
export function latestCheckpoint(checkpointDir: string): string | undefined {
  if (!fs.existsSync(checkpointDir)) return undefined;
  const found: Array<{ dir: string; mtime: number; n: number }> = [];
  for (const jobId of fs.readdirSync(checkpointDir)) {
    const jobDir = path.join(checkpointDir, jobId);
    if (!fs.statSync(jobDir).isDirectory()) continue;
    for (const chk of fs.readdirSync(jobDir)) {
      const match = /^chk-(\d+)$/.exec(chk);
      const metadata = path.join(jobDir, chk, '_metadata');
      if (match !== null && fs.existsSync(metadata)) found.push({ dir: path.join(jobDir, chk), mtime: fs.statSync(metadata).mtimeMs, n: Number(match[1]) });
    }
  }
  found.sort((a, b) => b.mtime - a.mtime || b.n - a.n);
  return found[0]?.dir;
}

/** Where a local run keeps what. */
export class LocalRunLayout {
  public readonly warehouse: string;
  public readonly checkpoints: string;
  public readonly logs: string;
  public readonly kafka: string;
  public readonly jobs: string;

  constructor(public readonly dir: string) {
    this.warehouse = path.join(dir, 'warehouse');
    this.checkpoints = path.join(dir, 'checkpoints');
    this.logs = path.join(dir, 'logs');
    this.kafka = path.join(dir, 'kafka');
    this.jobs = path.join(dir, 'jobs');
  }

  /** The job's checkpoint directory, as its `execution.checkpointing.dir` names it. */
  public jobCheckpoints(job: JobPlan): string {
    return path.join(this.checkpoints, job.checkpointing.checkpointPrefix);
  }

  public make(): void {
    for (const d of [this.warehouse, this.checkpoints, this.logs, this.kafka, this.jobs]) fs.mkdirSync(d, { recursive: true });
  }
}

/** Options of `LocalRuntime.startJob`. */
export interface StartJobOptions {
  /** Start without state even if a retained checkpoint exists (a fresh start). */
  readonly fresh?: boolean;
  /** Restore this checkpoint or savepoint instead of the newest retained one. */
  readonly restoreFrom?: string;
  readonly parallelism?: number;
  /**
   * Log in to Kafka as this principal instead of the job's own (to show what the broker's ACLs refuse).
   * @default - the job's principal
   */
  readonly principal?: string;
}

/**
 * A local run of one pipeline. `start()` prepares the warehouse, builds the jar, assembles Flink and starts the broker;
 * `startJob` runs a job (streaming jobs until stopped, batch jobs to completion); `stop()` stops everything.
 */
export class LocalRuntime {
  public readonly layout: LocalRunLayout;
  private currentPlan: PipelinePlan;
  private readonly clock: LocalClock;
  private brokerInstance?: LocalBroker;
  private jar?: string;
  private readonly runs = new Map<string, LocalJobRun>();
  private readonly samples = new Map<string, { readonly at: number; readonly recordsIn: number }>();

  constructor(private readonly options: LocalRuntimeOptions) {
    this.currentPlan = options.plan;
    this.layout = new LocalRunLayout(options.dir);
    this.clock = options.clock ?? SYSTEM_CLOCK;
  }

  /** The plan the runtime runs (the last one `deploy` gave). */
  public get plan(): PipelinePlan {
    return this.currentPlan;
  }

  /**
   * A new version of the pipeline, as a `cdk deploy` would roll it out: the tables evolved to the plan's recorded
   * schemas (`evolveLocalTables`), the runner jar rebuilt if the artifacts changed. The broker keeps its data; running
   * jobs keep running the old SQL until they are restarted (`stopJob` + `startJob`), which then restore their newest
   * checkpoint unless the plan starts them without state (`upgradeMode: stateless`).
   */
  public async deploy(plan: PipelinePlan): Promise<readonly string[]> {
    if (plan.pipelineName !== this.currentPlan.pipelineName) throw new Error(`deploy: the runtime runs pipeline "${this.currentPlan.pipelineName}", not "${plan.pipelineName}"`);
    createLocalTables(plan, this.layout.warehouse);
    const evolved = evolveLocalTables(plan, this.layout.warehouse);
    this.currentPlan = plan;
    this.jar = await this.options.toolchain.runnerJar(plan, this.options.onLine);
    if (evolved.length > 0) this.options.onLine(`Iceberg tables evolved: ${evolved.join(', ')}`);
    return evolved;
  }

  /** The running broker (after `start`). */
  public get broker(): LocalBroker {
    if (this.brokerInstance === undefined) throw new Error('the local runtime is not started');
    return this.brokerInstance;
  }

  /** Tables, runner jar, Flink and the broker. */
  public async start(): Promise<void> {
    const { toolchain, onLine } = this.options;
    const plan = this.currentPlan;
    this.layout.make();
    const tables = createLocalTables(plan, this.layout.warehouse);
    onLine(`Iceberg tables (local Hadoop catalog ${fileUri(this.layout.warehouse)}): ${tables.map((t) => path.relative(this.layout.warehouse, t)).join(', ')}`);
    this.jar = await toolchain.runnerJar(plan, onLine);
    onLine(`Runner jar: ${this.jar}`);
    this.brokerInstance = await toolchain.startBroker([plan], this.layout.kafka, onLine);
    onLine(`Kafka broker: ${this.brokerInstance.bootstrapServers} (SASL_SSL, SCRAM-SHA-512, ACLs of the plan's principals)`);
  }

  /** Every job of the plan and, when planned, the load generator. */
  public allJobs(): JobPlan[] {
    return [...this.plan.jobs, ...(this.plan.loadGenerator !== undefined ? [this.plan.loadGenerator.job] : [])];
  }

  public findJob(name: string): JobPlan {
    const job = this.allJobs().find((j) => j.name === name);
    if (job === undefined) throw new Error(`pipeline "${this.plan.pipelineName}" has no job "${name}"; its jobs: ${this.allJobs().map((j) => j.name).join(', ')}`);
    return job;
  }

  /** Starts a job's MiniCluster; a streaming job restores its newest retained checkpoint unless `fresh`. */
  public async startJob(name: string, options: StartJobOptions = {}): Promise<LocalJobRun> {
    const { toolchain, onLine } = this.options;
    const plan = this.currentPlan;
    if (this.jar === undefined) throw new Error('the local runtime is not started');
    const job = this.findJob(name);
    const existing = this.runs.get(name);
    if (existing !== undefined && existing.process.running()) throw new Error(`job "${name}" is already running (pid ${existing.process.pid})`);
    const restPort = await freePort();
    const jobDir = path.join(this.layout.jobs, job.name);
    const confDir = path.join(jobDir, 'conf');
    fs.mkdirSync(confDir, { recursive: true });
    const endpoint: LocalKafkaEndpoint = {
      bootstrapServers: this.broker.bootstrapServers,
      caCertificateFile: this.broker.caCertificateFile,
      credentialsFile: this.broker.credentialsFile(options.principal ?? toolchain.jobPrincipal(plan, job)),
    };
    const lakehouse = localLakehouseConnection(plan, this.layout.warehouse, this.layout.checkpoints);
    const files = localJobFiles(plan, job, endpoint, lakehouse, { restPort, parallelism: options.parallelism });
    const scriptFile = path.join(jobDir, `${job.name}.sql`);
    const settingsFile = path.join(jobDir, `${job.name}.properties`);
    fs.writeFileSync(scriptFile, files.script);
    fs.writeFileSync(settingsFile, files.settings);
    const configuration = renderFlinkConfiguration(files.flinkConfiguration);
    fs.writeFileSync(path.join(confDir, 'flink-conf.yaml'), configuration);
    fs.writeFileSync(path.join(confDir, 'config.yaml'), configuration);
    for (const [file, content] of Object.entries(await toolchain.flinkLogConfiguration(plan))) fs.writeFileSync(path.join(confDir, file), content);
    // As the operator upgrades: restore unless the plan starts the job without state (batch runs, a changed state shape).
    const stateless = options.fresh === true || job.mode.value === 'batch' || job.upgradeMode === 'stateless';
    const restoredFrom = options.restoreFrom ?? (stateless ? undefined : latestCheckpoint(this.layout.jobCheckpoints(job)));
    const invocation = await toolchain.flinkRun(plan, {
      jar: this.jar,
      programArgs: sqlRunnerArguments({ scriptFile, settingsFile }),
      confDir,
      ...(restoredFrom !== undefined ? { savepointPath: restoredFrom } : {}),
    }, onLine);
    const child = startProcess({
      name: job.name,
      command: invocation.command,
      args: invocation.args,
      env: invocation.env,
      logFile: path.join(this.layout.logs, `${job.name}.log`),
    });
    const run: LocalJobRun = { job, process: child, restPort, ...(restoredFrom !== undefined ? { restoredFrom } : {}) };
    this.runs.set(name, run);
    onLine(`Job ${job.name} (${job.mode.value}, parallelism ${options.parallelism ?? job.parallelism.initial}): pid ${child.pid}, ${restoredFrom !== undefined ? `restoring ${path.relative(this.layout.dir, restoredFrom)}` : 'no state restored'}, log ${path.relative(process.cwd(), run.process.logFile)}`);
    return run;
  }

  /** The run of a job started by this runtime. */
  public run(name: string): LocalJobRun | undefined {
    return this.runs.get(name);
  }

  /**
   * Waits until a job's MiniCluster reports it RUNNING (or FINISHED): the job has been planned and submitted. Fails
   * with the log's tail when the process ends first or `timeoutMs` passes.
   */
  public async awaitJobRunning(name: string, timeoutMs = 180_000): Promise<FlinkJobProgress> {
    const run = this.requireRun(name);
    const deadline = this.clock.now() + timeoutMs;
    for (;;) {
      if (!run.process.running()) throw this.jobEnded(run);
      const progress = await readFlinkJobProgress(run.restPort);
      if (progress !== undefined && ['RUNNING', 'FINISHED'].includes(progress.state)) return progress;
      if (this.clock.now() > deadline) throw new Error(`job "${name}" did not reach RUNNING within ${timeoutMs / 1000} s; its log ends:\n${logTail(run.process.logFile)}`);
      await this.clock.sleep(1000);
    }
  }

  /** Waits for a job's process to end (a batch run); fails with the log's tail unless it exited 0. */
  public async awaitJobEnd(name: string): Promise<void> {
    const run = this.requireRun(name);
    const code = await run.process.exited;
    if (code !== 0) throw this.jobEnded(run, code);
  }

  /** Waits until `predicate` holds on the job's progress (e.g. a checkpoint completed). */
  public async awaitProgress(name: string, predicate: (p: FlinkJobProgress) => boolean, timeoutMs = 180_000): Promise<FlinkJobProgress> {
    const run = this.requireRun(name);
    const deadline = this.clock.now() + timeoutMs;
    for (;;) {
      if (!run.process.running()) throw this.jobEnded(run);
      const progress = await readFlinkJobProgress(run.restPort);
      if (progress !== undefined && predicate(progress)) return progress;
      if (this.clock.now() > deadline) throw new Error(`job "${name}": condition not reached within ${timeoutMs / 1000} s (last: ${JSON.stringify(progress)})`);
      await this.clock.sleep(1000);
    }
  }

  /** Stops a job (SIGTERM, then SIGKILL): its retained checkpoints stay for the next start. */
  public async stopJob(name: string): Promise<void> {
    await this.runs.get(name)?.process.stop();
  }

  /** Kills a job's JVM at once, as a crash would. */
  public async killJob(name: string): Promise<void> {
    await this.runs.get(name)?.process.kill();
  }

  /** Row and file counts of a table of the plan, from its current Iceberg snapshot. */
  public tableStats(table: string): ReturnType<typeof readLocalTableStats> {
    const planned = this.plan.lakehouse.tables.find((t) => t.name === table);
    if (planned === undefined) throw new Error(`pipeline "${this.plan.pipelineName}" has no table "${table}"`);
    return readLocalTableStats(localTableDir(this.layout.warehouse, this.plan.names.glueDatabase(planned.database, Flavor.SELF_HOSTED), table));
  }

  /** One progress line per running job and per table, and the consumer lag. */
  public async progressLines(): Promise<string[]> {
    const lines: string[] = [];
    for (const run of this.runs.values()) {
      if (!run.process.running()) continue;
      const p = await readFlinkJobProgress(run.restPort);
      if (p === undefined) {
        lines.push(`  job ${run.job.name}: starting`);
        continue;
      }
      // Records per second since the previous progress line of this job.
      const now = this.clock.now();
      const before = this.samples.get(run.job.name);
      this.samples.set(run.job.name, { at: now, recordsIn: p.recordsIn });
      const rate = before !== undefined && now > before.at ? `, ${Math.round((p.recordsIn - before.recordsIn) * 1000 / (now - before.at))} records/s` : '';
      lines.push(`  job ${run.job.name}: ${p.state}, records in ${p.recordsIn}${rate}, out ${p.recordsOut}, checkpoints ${p.checkpointsCompleted}${p.checkpointsFailed > 0 ? ` (${p.checkpointsFailed} failed)` : ''}`);
    }
    for (const table of this.plan.lakehouse.tables) {
      const s = this.tableStats(table.name);
      lines.push(`  table ${table.name}: ${s.totalRecords} rows, ${s.snapshots} snapshots, ${s.totalDataFiles} data files, ${s.totalDeleteFiles} delete files`);
    }
    // Streaming jobs commit their offsets on each checkpoint; batch runs read bounded and commit nothing.
    const groups = this.plan.jobs.filter((j) => j.sources.length > 0 && j.mode.value === 'streaming').map((j) => j.consumerGroupId);
    if (groups.length > 0 && this.brokerInstance !== undefined) {
      try {
        const lag = await this.brokerInstance.lag(groups);
        lines.push(`  lag (records behind the offsets committed at the last checkpoint): ${Object.entries(lag).map(([g, n]) => `${g} ${n}`).join(', ')}`);
      } catch (e) {
        lines.push(`  lag: unavailable (${(e as Error).message})`);
      }
    }
    return lines;
  }

  /** Stops every job, then the broker. */
  public async stop(): Promise<void> {
    await Promise.all([...this.runs.values()].map((r) => r.process.stop()));
    await this.brokerInstance?.stop();
  }

  private requireRun(name: string): LocalJobRun {
    const run = this.runs.get(name);
    if (run === undefined) throw new Error(`job "${name}" was not started`);
    return run;
  }

  private jobEnded(run: LocalJobRun, code?: number | string): Error {
    const flinkLog = path.join(this.layout.jobs, run.job.name, 'flink.log');
    const cause = failureLines([run.process.logFile, flinkLog]) || logTail(run.process.logFile);
    return new Error(`job "${run.job.name}" ended${code !== undefined ? ` (exit ${code})` : ''} (logs: ${run.process.logFile}, ${flinkLog}):\n${cause}`);
  }
}

/** Options of `runLocalQuery`. */
export interface LocalQueryOptions {
  readonly plan: PipelinePlan;
  readonly dir: string;
  readonly toolchain: LocalToolchain;
  readonly sql: string;
  readonly onLine?: (line: string) => void;
}

/**
 * Runs a query over the local warehouse through the same runner jar and Flink (a batch job, `USE` of the pipeline's
 * first database so its tables need no prefix) and returns its rows, one array of column values per row.
 */
export async function runLocalQuery(options: LocalQueryOptions): Promise<unknown[][]> {
  const { plan, toolchain } = options;
  const onLine = options.onLine ?? (() => undefined);
  const layout = new LocalRunLayout(options.dir);
  layout.make();
  const jar = await toolchain.runnerJar(plan, onLine);
  const queryDir = fs.mkdtempSync(path.join(layout.jobs, 'query-'));
  try {
    const confDir = path.join(queryDir, 'conf');
    fs.mkdirSync(confDir);
    for (const [file, content] of Object.entries(await toolchain.flinkLogConfiguration(plan))) fs.writeFileSync(path.join(confDir, file), content);
    const configuration = renderFlinkConfiguration({ 'rest.address': '127.0.0.1', 'rest.bind-address': '127.0.0.1', 'rest.port': String(await freePort()), 'parallelism.default': '1' });
    fs.writeFileSync(path.join(confDir, 'flink-conf.yaml'), configuration);
    fs.writeFileSync(path.join(confDir, 'config.yaml'), configuration);
    const lakehouse = localLakehouseConnection(plan, layout.warehouse, layout.checkpoints);
    const database = plan.lakehouse.tables[0] !== undefined ? lakehouse.glueDatabaseName(plan.lakehouse.tables[0].database) : undefined;
    const output = path.join(queryDir, 'rows.jsonl');
    const statements = [
      `CREATE CATALOG ${sqlIdentifier(ICEBERG_CATALOG_NAME)} WITH (\n${sqlOptions(lakehouse.catalogOptions ?? [])}\n)`,
      `USE CATALOG ${sqlIdentifier(ICEBERG_CATALOG_NAME)}`,
      ...(database !== undefined ? [`USE ${sqlIdentifier(database)}`] : []),
      options.sql.trim().replace(/;+\s*$/, ''),
    ];
    const scriptFile = path.join(queryDir, 'query.sql');
    const settingsFile = path.join(queryDir, 'query.properties');
    fs.writeFileSync(scriptFile, statements.map((s) => `${s};\n`).join(''));
    fs.writeFileSync(settingsFile, renderSettingsProperties({ 'execution.runtime-mode': 'batch', 'sql-runner.query-output': output }));
    const invocation = await toolchain.flinkRun(plan, { jar, programArgs: sqlRunnerArguments({ scriptFile, settingsFile }), confDir }, onLine);
    const child = startProcess({ name: 'query', command: invocation.command, args: invocation.args, env: invocation.env, logFile: path.join(queryDir, 'query.log') });
    const code = await child.exited;
    if (code !== 0 || !fs.existsSync(output)) {
      throw new Error(`the query failed (exit ${code}):\n${failureLines([child.logFile, path.join(queryDir, 'flink.log')]) || logTail(child.logFile)}`);
    }
    return fs.readFileSync(output, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown[]);
  } finally {
    fs.rmSync(queryDir, { recursive: true, force: true });
  }
}
