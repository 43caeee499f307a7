import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Flavor } from '../../lib/flavor';
import { parseDuration, choosePipeline, localPlan } from '../../lib/cli/local-command';
import { UsageError, parseArguments } from '../../lib/cli/cli-arguments';
import { CLICKS_PIPELINE } from '../../lib/examples/clicks-pipeline';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { readFlinkJobProgress } from '../../lib/local/flink-rest';
import { createLocalTables, evolveLocalTables, localLakehouseConnection, readLocalTableMetadata, readLocalTableStats, renderLocalTableMetadata } from '../../lib/local/local-catalog';
import { localJobFiles, renderFlinkConfiguration } from '../../lib/local/local-job';
import { latestCheckpoint } from '../../lib/local/local-runtime';
import { failureLines } from '../../lib/local/local-processes';
import { strimziScramClientProperties } from '../../lib/sql/kafka-client-properties';
import { renderJobSql } from '../../lib/sql/render-job-sql';
import { checkLakehouseConnection } from '../../lib/artifacts/runner-check-inputs';
import { environment, examplePlan } from '../support/test-app';

const plan = examplePlan('dev', [Flavor.SELF_HOSTED]);
const endpoint = { bootstrapServers: '127.0.0.1:19093', caCertificateFile: '/run/local/ca.crt', credentialsFile: '/run/local/credentials/orders-orders-to-lake/client.properties' };
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-renderer-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the local SQL differs from the deployed self-hosted SQL only in the catalog options and the endpoints', () => {
  test.each(plan.jobs.map((j) => [j.name]))('%s', (name) => {
    const job = plan.jobs.find((j) => j.name === name)!;
    const lakehouse = localLakehouseConnection(plan, path.join(dir, 'warehouse'), path.join(dir, 'checkpoints'));
    const local = localJobFiles(plan, job, endpoint, lakehouse, { restPort: 18081 }).script;
    const deployedConnection = { bootstrapServers: 'data-platform-dev-kafka-bootstrap.kafka.svc:9093', properties: strimziScramClientProperties() };
    const deployed = renderJobSql(plan, job, deployedConnection, checkLakehouseConnection(plan, Flavor.SELF_HOSTED));
    const strip = (sql: string) => sql.split('\n')
      .filter((l) => !/^\s*'(type|catalog-impl|catalog-type|io-impl|warehouse|client\.region)' = /.test(l))
      .join('\n')
      .replace(/'properties\.bootstrap\.servers' = '[^']*'/g, "'properties.bootstrap.servers' = '<bootstrap>'")
      .replace(/'properties\.ssl\.truststore\.location' = '[^']*'/g, "'properties.ssl.truststore.location' = '<ca>'")
      .replace(/\$\{file:[^}]*\}/g, '${file:<credentials>}')
      .replace(/'properties\.config\.providers\.file\.param\.allowed\.paths' = '[^']*'/g, "'properties.config.providers.file.param.allowed.paths' = '<dir>'");
    expect(strip(local)).toBe(strip(deployed));
    expect(local).toContain("'catalog-type' = 'hadoop'");
    expect(local).not.toContain('GlueCatalog');
    expect(deployed).toContain("'catalog-impl' = 'org.apache.iceberg.aws.glue.GlueCatalog'");
  });
});

test('a local job runs with the FlinkDeployment\'s state configuration under the local checkpoint directory, its key groups, and waits for its job (table.dml-sync)', () => {
  const job = plan.jobs[0];
  const lakehouse = localLakehouseConnection(plan, path.join(dir, 'warehouse'), path.join(dir, 'checkpoints'));
  const files = localJobFiles(plan, job, endpoint, lakehouse, { restPort: 18081, parallelism: 2 });
  expect(files.settings).toBe('table.dml-sync=true\n');
  expect(files.flinkConfiguration).toMatchObject({
    'state.backend.type': 'rocksdb',
    'execution.checkpointing.dir': `file://${dir}/checkpoints/${job.checkpointing.checkpointPrefix.replace(/\/$/, '')}`,
    'execution.checkpointing.interval': '60 s',
    'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION',
    'pipeline.max-parallelism': String(job.parallelism.maxParallelism),
    'parallelism.default': '2',
    'rest.port': '18081',
    'rest.bind-address': '127.0.0.1',
  });
});

test('Flink settings are written as flat lines; a value either parser would read differently is refused', () => {
  expect(renderFlinkConfiguration({ 'a.b': '60 s', 'c': 'file:///x' })).toBe('a.b: 60 s\nc: file:///x\n');
  expect(() => renderFlinkConfiguration({ k: '"quoted"' })).toThrow('Flink setting k = "\\"quoted\\"" cannot be written as a flat configuration line');
  expect(() => renderFlinkConfiguration({ k: 'a # b' })).toThrow(/cannot be written/);
});

describe('local Iceberg tables (Hadoop catalog layout)', () => {
  test('created from the plan\'s metadata: schema with ids and required flags, identifier fields = primary key, the day() transform, properties', () => {
    const orders = plan.lakehouse.tables.find((t) => t.name === 'orders')!;
    const meta = renderLocalTableMetadata(orders, 'file:///w/orders_self_hosted/orders', 1);
    expect(meta).toMatchObject({
      'format-version': 2,
      'current-snapshot-id': -1,
      'last-column-id': 6,
      schemas: [{ 'schema-id': 0, 'identifier-field-ids': [1, 6], fields: expect.arrayContaining([{ id: 4, name: 'amount', required: false, type: 'decimal(12,2)' }]) }],
      'partition-specs': [{ 'spec-id': 0, fields: [{ name: 'order_ts_day', transform: 'day', 'source-id': 6, 'field-id': 1000 }] }],
      'last-partition-id': 1000,
      properties: expect.objectContaining({ 'write.distribution-mode': 'none' }),
    });
    const dirs = createLocalTables(plan, dir, 1);
    expect(dirs.map((d) => path.relative(dir, d))).toEqual(['orders_self_hosted/orders', 'orders_self_hosted/customers']);
    expect(fs.readFileSync(path.join(dirs[0], 'metadata', 'version-hint.text'), 'utf8')).toBe('1');
    expect(readLocalTableStats(dirs[0])).toEqual({ snapshots: 0, totalRecords: 0, totalDataFiles: 0, totalDeleteFiles: 0, totalEqualityDeletes: 0, totalPositionDeletes: 0 });
    // Existing tables are left alone.
    fs.writeFileSync(path.join(dirs[0], 'metadata', 'version-hint.text'), '7');
    createLocalTables(plan, dir, 2);
    expect(fs.readFileSync(path.join(dirs[0], 'metadata', 'version-hint.text'), 'utf8')).toBe('7');
  });

  test('evolved to a recorded table\'s new schema: a new metadata version, the old schema kept, nothing done twice', () => {
    const created = createLocalTables(plan, dir, 1)[0];
    const table = plan.lakehouse.tables[0];
    const base = renderLocalTableMetadata(table, 'x', 1) as any;
    const fields = [...base.schemas[0].fields.map((f: any) => ({ id: f.id, name: f.name, type: f.type, required: f.required })), { id: 7, name: 'channel', type: 'string', required: false }];
    const evolvedPlan = { ...plan, lakehouse: { ...plan.lakehouse, tables: [{ ...table, catalog: { created: {} as any, evolved: { schema: { schemaId: 0, type: 'struct' as const, fields, identifierFieldIds: [1, 6] }, partitionSpec: { specId: 0, fields: [] }, properties: {} } } }, plan.lakehouse.tables[1]] } };
    expect(evolveLocalTables(evolvedPlan, dir, 5)).toEqual(['orders']);
    const meta = readLocalTableMetadata(created)!;
    expect(meta['current-schema-id']).toBe(1);
    expect(meta.schemas).toHaveLength(2);
    expect(meta['last-column-id']).toBe(7);
    expect(meta['metadata-log']).toEqual([{ 'timestamp-ms': 1, 'metadata-file': expect.stringMatching(/v1\.metadata\.json$/) }]);
    expect(evolveLocalTables(evolvedPlan, dir, 6)).toEqual([]);
  });

  test('row and file counts come from the current snapshot\'s summary', () => {
    const tableDir = createLocalTables(plan, dir, 1)[0];
    const meta = readLocalTableMetadata(tableDir)!;
    const snapshot = { 'snapshot-id': 42, 'timestamp-ms': 99, summary: { 'total-records': '200', 'total-data-files': '3', 'total-delete-files': '2', 'total-equality-deletes': '50', 'flink.max-committed-checkpoint-id': '4' } };
    fs.writeFileSync(path.join(tableDir, 'metadata', 'v2.metadata.json'), JSON.stringify({ ...meta, 'current-snapshot-id': 42, snapshots: [snapshot] }));
    fs.writeFileSync(path.join(tableDir, 'metadata', 'version-hint.text'), '2');
    expect(readLocalTableStats(tableDir)).toEqual({ snapshots: 1, totalRecords: 200, totalDataFiles: 3, totalDeleteFiles: 2, totalEqualityDeletes: 50, totalPositionDeletes: 0, lastCommitMs: 99, maxCommittedCheckpointId: 4 });
  });
});

test('a restart restores the newest retained checkpoint that has its _metadata', () => {
  expect(latestCheckpoint(path.join(dir, 'none'))).toBeUndefined();
  for (const [job, chk, complete] of [['a', 'chk-3', true], ['a', 'chk-4', false], ['b', 'chk-1', true]] as const) {
    fs.mkdirSync(path.join(dir, job, chk), { recursive: true });
    if (complete) fs.writeFileSync(path.join(dir, job, chk, '_metadata'), 'x');
  }
  const old = new Date(Date.now() - 60_000);
  fs.utimesSync(path.join(dir, 'a', 'chk-3', '_metadata'), old, old);
  expect(latestCheckpoint(dir)).toBe(path.join(dir, 'b', 'chk-1'));
});

test('failures name the exception lines of the logs, without the stack frames and Hadoop\'s shutdown-hook noise', () => {
  const log = path.join(dir, 'job.log');
  fs.writeFileSync(log, [
    'INFO starting',
    'org.apache.flink.client.program.ProgramInvocationException: The main method caused an error: statement 4 failed',
    '\tat org.apache.flink.client.program.PackagedProgram.callMainMethod(PackagedProgram.java:372)',
    'Caused by: org.apache.kafka.common.errors.TopicAuthorizationException: Not authorized to access topics: [orders]',
    'Exception in thread "Thread-2" java.lang.NoClassDefFoundError: org/apache/hadoop/util/ShutdownHookManager$2',
  ].join('\n'));
  expect(failureLines([log, path.join(dir, 'missing.log')])).toBe([
    'org.apache.flink.client.program.ProgramInvocationException: The main method caused an error: statement 4 failed',
    'Caused by: org.apache.kafka.common.errors.TopicAuthorizationException: Not authorized to access topics: [orders]',
  ].join('\n'));
});

test('progress: records the sources read and the writers received, summed over subtasks, and the checkpoint counts', async () => {
  const responses: Record<string, unknown> = {
    '/jobs/overview': { jobs: [{ jid: 'old', state: 'FAILED', 'start-time': 1 }, { jid: 'j1', state: 'RUNNING', 'start-time': 2 }] },
    '/jobs/j1': { vertices: [{ id: 'v1', name: 'Source: orders[1] -> Calc[2]' }, { id: 'v2', name: 'IcebergStreamWriter' }, { id: 'v3', name: 'IcebergFilesCommitter' }] },
    '/jobs/j1/vertices/v1/subtasks/metrics': [{ id: 'numRecordsOut' }, { id: 'numRecordsIn' }],
    '/jobs/j1/vertices/v1/subtasks/metrics?get=numRecordsOut&agg=sum': [{ id: 'numRecordsOut', sum: 120 }],
    '/jobs/j1/vertices/v2/subtasks/metrics': [{ id: 'IcebergStreamWriter.numRecordsIn' }, { id: 'numRecordsIn' }],
    '/jobs/j1/vertices/v2/subtasks/metrics?get=IcebergStreamWriter.numRecordsIn&agg=sum': [{ id: 'IcebergStreamWriter.numRecordsIn', sum: 118 }],
    '/jobs/j1/vertices/v3/subtasks/metrics': [{ id: 'IcebergFilesCommitter.numRecordsIn' }],
    '/jobs/j1/checkpoints': { counts: { completed: 3, failed: 1 } },
  };
  const fakeFetch = (async (url: string) => {
    const key = url.replace('http://127.0.0.1:8081', '');
    if (!(key in responses)) return { ok: false, status: 404, json: async () => ({}) };
    return { ok: true, status: 200, json: async () => responses[key] };
  }) as unknown as typeof fetch;
  expect(await readFlinkJobProgress(8081, fakeFetch)).toEqual({ jobId: 'j1', state: 'RUNNING', recordsIn: 120, recordsOut: 118, checkpointsCompleted: 3, checkpointsFailed: 1 });
  expect(await readFlinkJobProgress(8081, (async () => { throw new Error('ECONNREFUSED'); }) as unknown as typeof fetch)).toBeUndefined();
});

describe('pipelines local arguments', () => {
  test('durations', () => {
    expect([parseDuration('90s', 'for'), parseDuration('2m', 'for'), parseDuration('1h', 'for'), parseDuration('30', 'for')]).toEqual([90_000, 120_000, 3_600_000, 30_000]);
    expect(() => parseDuration('two minutes', 'for')).toThrow(new UsageError('--for "two minutes": give a duration like 90s, 2m or 1h'));
  });

  test('one pipeline: --pipeline, or the only one', () => {
    expect(choosePipeline([ORDERS_PIPELINE], parseArguments(['local'])).name).toBe('orders');
    expect(() => choosePipeline([ORDERS_PIPELINE, CLICKS_PIPELINE], parseArguments(['local']))).toThrow('the app has 2 pipelines (orders, clicks): choose one with --pipeline <name>');
    expect(() => choosePipeline([ORDERS_PIPELINE], parseArguments(['local', '--pipeline', 'x']))).toThrow('--pipeline x: the app\'s pipelines are orders');
    expect(() => parseArguments(['local', '--parallelism', '2'])).toThrow(/local: unknown flag --parallelism/);
  });

  test('--load plans the load generator at that rate on the self-hosted plan', () => {
    const withLoad = localPlan(ORDERS_PIPELINE, environment('dev'), 1);
    expect(withLoad.flavors).toEqual([Flavor.SELF_HOSTED]);
    expect(withLoad.loadGenerator?.mbPerSecond).toBe(1);
    expect(localPlan(ORDERS_PIPELINE, environment('dev')).loadGenerator).toBeUndefined();
  });
});
