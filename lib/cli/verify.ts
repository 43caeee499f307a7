import { GlueClient } from '@aws-sdk/client-glue';
import { KafkaClient } from '@aws-sdk/client-kafka';
import { S3Client } from '@aws-sdk/client-s3';
import { Clock } from '../clock';
import { ColumnType } from '../definition/column-type';
import { Flavor } from '../flavor';
import { PipelineEnvironment } from '../environment/pipeline-environment';
import { isAvroGlue } from '../plan/glue-schema-registry-plan';
import { PipelinePlan } from '../plan/pipeline-plan';
import { awsClientConfig } from './managed-clients';
import { throwIfCommonAwsError } from './managed-errors';
import { OperationError, formatTable, pipelineHeader } from './operations';
import { IcebergClients, TableState, arrivalSince, readTableState } from './verify-iceberg';
import { managedTransport } from './verify-managed';
import { mskIamProducer } from './verify-msk-producer';
import { ManagedProducerFactory, VERIFY_POLL_SECONDS } from './verify-producer';
import { formatDescription, sampleRecords, unsupportedTopic } from './verify-records';
import { VerifiedTable, VerifyScope, expectedRows, tableName, verifyScope } from './verify-scope';
import { selfHostedTransport } from './verify-self-hosted';
import { VerifyTransport } from './verify-transport';

/** What `pipelines verify` was asked to do. */
export interface VerifyOptions {
  /** Sample records produced to each source topic. */
  readonly records: number;
  /** How long to wait for the records to reach the tables. */
  readonly timeoutSeconds: number;
  /** Print the records, topics and tables it would use, and contact nothing. */
  readonly dryRun: boolean;
  readonly progress: (line: string) => void;
  /** The run's time (its id, the produce time) and its waits. */
  readonly clock: Clock;
}

/** What verify runs with besides the plan: the managed producer (tests replace it). */
export interface VerifyHooks {
  readonly managedProducer: ManagedProducerFactory;
}

const REAL_HOOKS: VerifyHooks = {
  managedProducer: mskIamProducer,
};
let hooks: VerifyHooks = REAL_HOOKS;

/** Replaces the managed producer (tests: a fake producer); returns the restore. */
export function setVerifyHooks(replacement: Partial<VerifyHooks>): () => void {
  hooks = { ...REAL_HOOKS, ...replacement };
  return () => { hooks = REAL_HOOKS; };
}

/** The run id every sample record carries in its string columns: `verify-<yyyyMMdd>-<HHmmss>` (UTC). */
export function verifyRunId(at: Date): string {
  const iso = at.toISOString();
  return `verify-${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}`;
}

function transportFor(plan: PipelinePlan, flavor: Flavor, timeoutSeconds: number, clock: Clock): VerifyTransport {
  if (flavor.id === Flavor.MANAGED.id) {
    const config = awsClientConfig(plan.environment.region);
    return managedTransport(plan, { kafka: new KafkaClient(config), glue: new GlueClient(config) }, hooks.managedProducer, clock);
  }
  return selfHostedTransport(plan, clock, timeoutSeconds);
}

/** Where to find the run's rows: the first STRING column of the table (its values start with the run id). */
function findRowsHint(table: VerifiedTable, run: string): string {
  const column = table.table.columns.find((c) => c.type.sqlType === ColumnType.STRING.sqlType);
  return column === undefined ? '' : ` (SELECT * FROM ${tableName(table)} WHERE ${column.name} LIKE '${run}-%')`;
}

function checkpointNote(scope: VerifyScope): string {
  const jobs = [...new Map(scope.tables.flatMap((t) => t.jobs).map((j) => [j.name, j])).values()];
  const intervals = jobs.map((j) => `${j.name}: every ${j.checkpointing.interval.toHumanString()}`).join(', ');
  return `Iceberg commits happen at checkpoints (${intervals}): the latency is mostly the wait for the next checkpoint, up to one interval.`;
}

function dryRun(plan: PipelinePlan, flavor: Flavor, scope: VerifyScope, transport: VerifyTransport, options: VerifyOptions, at: Date): string {
  const run = verifyRunId(at);
  const lines = [pipelineHeader(plan, flavor), `verify run ${run} (dry run: nothing contacted)`, ...transport.describe(scope.topics, run)];
  for (const topic of scope.topics) {
    lines.push(`topic ${topic.name}: ${options.records} record${options.records === 1 ? '' : 's'}, ${formatDescription(topic)}`);
    if (isAvroGlue(topic)) lines.push('  value bytes = 03 00 <16-byte schema version id> <Avro below>');
    for (const record of sampleRecords(plan.pipelineName, topic, options.records, run, at)) lines.push(`  key ${record.keyText}  value ${record.valueText}`);
  }
  lines.push(...skippedLines(scope));
  lines.push('tables counted: Glue GetTable → Parameters.metadata_location → S3 GetObject → snapshots[].summary.added-records committed after the produce');
  for (const table of scope.tables) {
    const expected = expectedRows(table, options.records);
    const why = table.oneRowPerRecord ? '' : ' (its query aggregates, joins or windows: any new row)';
    lines.push(`  ${tableName(table)} (written by ${table.jobs.map((j) => j.name).join(', ')}): ≥ ${expected} new record${expected === 1 ? '' : 's'}${why}`);
  }
  lines.push(`waits up to ${options.timeoutSeconds} s; latency = the commit's timestamp-ms − the produce time.`);
  lines.push(checkpointNote(scope));
  return lines.join('\n');
}

/** The source topics left alone and the tables not counted, one line each. */
function skippedLines(scope: VerifyScope): string[] {
  return [...scope.skipped.map((s) => `skipped ${s}`), ...scope.notCounted.map((s) => `not counted: ${s}`)];
}

/** Turns the AWS SDK's failures into one line each; anything else is rethrown. */
function explain(error: unknown, plan: PipelinePlan): never {
  throwIfCommonAwsError(error);
  if (!(error instanceof Error)) throw error;
  if (error.name === 'AccessDeniedException' || error.name === 'AccessDenied') {
    throw new OperationError(`access denied in ${plan.environment.region}: ${error.message} (verify needs glue:GetTable, s3:GetObject on the warehouse and, managed, kafka:GetBootstrapBrokers)`);
  }
  throw error;
}

async function waitForTables(scope: VerifyScope, clients: IcebergClients, baseline: ReadonlyMap<string, TableState>, producedAt: number, run: string, options: VerifyOptions, notDeployed: string): Promise<string> {
  const { clock } = options;
  const deadline = producedAt + options.timeoutSeconds * 1000;
  const arrived = new Map<string, { added: number; reachedAt?: number; commits: number }>();
  for (;;) {
    for (const table of scope.tables) {
      const name = tableName(table);
      if (arrived.get(name)?.reachedAt !== undefined) continue;
      const before = baseline.get(name);
      if (before === undefined) continue;
      arrived.set(name, arrivalSince(before, await readTableState(clients, table, notDeployed), expectedRows(table, options.records)));
    }
    const waiting = scope.tables.filter((t) => arrived.get(tableName(t))?.reachedAt === undefined);
    if (waiting.length === 0) break;
    const elapsed = Math.round((clock.now() - producedAt) / 1000);
    const counts = scope.tables.map((t) => `${tableName(t)} ${arrived.get(tableName(t))?.added ?? 0}/${expectedRows(t, options.records)}`).join(', ');
    if (clock.now() >= deadline) {
      const jobs = [...new Set(waiting.flatMap((t) => t.jobs.map((j) => j.name)))];
      const detail = scope.tables.map((t) => `${tableName(t)} ${arrived.get(tableName(t))?.added ?? 0} of ${expectedRows(t, options.records)} records (${arrived.get(tableName(t))?.commits ?? 0} commits)`).join(', ');
      throw new OperationError(`verify run ${run} timed out after ${options.timeoutSeconds} s: ${detail}; check that ${jobs.join(', ')} ${jobs.length === 1 ? 'is' : 'are'} running (pipelines status)`);
    }
    options.progress(`waiting for ${run}: ${counts} (${elapsed} s of ${options.timeoutSeconds} s)`);
    await clock.sleep(VERIFY_POLL_SECONDS * 1000);
  }
  const rows = [['table', 'rows before', 'added', 'committed at', 'latency'], ...scope.tables.map((t) => {
    const a = arrived.get(tableName(t));
    const reachedAt = a?.reachedAt ?? producedAt;
    const latency = `${(Math.max(0, reachedAt - producedAt) / 1000).toFixed(1)} s`;
    return [tableName(t), String(baseline.get(tableName(t))?.totalRecords ?? 0), String(a?.added ?? 0), new Date(reachedAt).toISOString(), latency];
  })];
  const hints = scope.tables.map((t) => findRowsHint(t, run)).filter((h) => h !== '');
  return [formatTable(rows), checkpointNote(scope), `The run's rows carry ${run} in their string columns${hints.length > 0 ? hints[0] : ''}.`].join('\n');
}

/**
 * `pipelines verify`: produces `records` sample records generated from each source topic's schema, waits until the
 * Iceberg tables the streaming jobs write have committed at least as many new records (read from the tables' snapshot
 * summaries), and prints what arrived with the end-to-end latency. `--dry-run` prints the records, the cluster and the
 * tables, and contacts nothing.
 */
export async function verifyPipeline(plan: PipelinePlan, flavor: Flavor, environment: PipelineEnvironment, options: VerifyOptions): Promise<string> {
  const scope = verifyScope(plan, flavor);
  const transport = transportFor(plan, flavor, options.timeoutSeconds, options.clock);
  for (const topic of scope.topics) {
    const problem = unsupportedTopic(topic, transport.textOnly);
    if (problem !== undefined) throw new OperationError(problem);
  }
  const at = new Date(options.clock.now());
  if (options.dryRun) return dryRun(plan, flavor, scope, transport, options, at);
  const run = verifyRunId(at);
  const config = awsClientConfig(environment.region);
  const clients: IcebergClients = { glue: new GlueClient(config), s3: new S3Client(config) };
  const notDeployed = `pipeline ${plan.pipelineName} is not deployed as ${flavor.id} in environment ${environment.name} (${environment.region})`;
  try {
    const baseline = new Map<string, TableState>();
    for (const table of scope.tables) baseline.set(tableName(table), await readTableState(clients, table, notDeployed));
    const ids = await transport.schemaVersionIds(scope.topics);
    const batches = scope.topics.map((t) => ({ topic: t.name, records: sampleRecords(plan.pipelineName, t, options.records, run, at, ids.get(t.name)) }));
    const producedAt = await transport.produce(batches, run, options.progress);
    const header = `verify run ${run}: ${options.records} records produced to each of ${scope.topics.map((t) => t.name).join(', ')} at ${new Date(producedAt).toISOString()}`;
    const result = await waitForTables(scope, clients, baseline, producedAt, run, options, notDeployed);
    return [pipelineHeader(plan, flavor), header, ...skippedLines(scope), result].join('\n');
  } catch (error) {
    return explain(error, plan);
  }
}
