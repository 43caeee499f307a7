import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import { ColumnType } from '../../lib/definition/column-type';
import { FlinkVersion } from '../../lib/definition/flink-version';
import { JobMode } from '../../lib/definition/job-options';
import { CleanupPolicy, StartPosition } from '../../lib/definition/kafka-options';
import { PipelineDefinition } from '../../lib/definition/pipeline-definition';
import { Flavor } from '../../lib/flavor';
import { defaultLocalToolchain } from '../../lib/local/default-toolchain';
import { LocalRuntime, runLocalQuery } from '../../lib/local/local-runtime';
import { nextDeployedLock } from '../../lib/plan/record-state-lock';
import { resolvePlan } from '../../lib/plan/resolve-plan';
import { environment } from '../support/test-app';
import { awaitCheckpoints, brokerOf, stopAndRemove } from './support/local-runtime-steps';

/**
 * Schema evolution on real Kafka, Flink and Iceberg: a pipeline deployed and locked, then a nullable column added to
 * its topic and table. The new plan carries the evolved table metadata (field ids from the lock, the new column after
 * the last id: the path `IcebergSchemaEvolution` applies through Glue), the local table is evolved the same way, the job
 * restarts with the new SQL (its state shape changed, so without state: from the earliest retained offsets, the table
 * upserting by key) and producers keep writing — old rows read with the new column NULL, new rows with it set.
 */
const columnsV1 = [
  { name: 'sensor_id', type: ColumnType.STRING, nullable: false },
  { name: 'reading', type: ColumnType.DOUBLE },
  { name: 'read_at', type: ColumnType.TIMESTAMP_LTZ, nullable: false },
];
const columnsV2 = [...columnsV1, { name: 'unit', type: ColumnType.STRING }];

function version(columns: typeof columnsV2): PipelineDefinition {
  return {
    name: 'sensors',
    flinkVersion: FlinkVersion.V1_20,
    database: 'sensors',
    topics: [{ name: 'readings', key: ['sensor_id'], columns, partitions: 2, retention: Duration.days(1), cleanupPolicy: CleanupPolicy.DELETE }],
    tables: [{ name: 'readings', columns: columns.map((c) => ({ name: c.name, type: c.type })), primaryKey: ['sensor_id'] }],
    jobs: [{ name: 'readings-to-lake', mode: JobMode.STREAMING, sources: ['readings'], sinks: ['readings'], startPosition: StartPosition.GROUP_OFFSETS, checkpointInterval: Duration.seconds(10) }],
    producers: [{ name: 'sensor-gateway', topics: ['readings'], serviceAccount: 'iot/gateway' }],
  };
}
const V1 = version(columnsV1);
const V2 = version(columnsV2);
const env = environment('dev');
const PRODUCER = 'sensors-producer-sensor-gateway';

let dir: string;
let lockDir: string;
let runtime: LocalRuntime;
const toolchain = defaultLocalToolchain();
const query = (sql: string) => runLocalQuery({ plan: runtime.plan, dir, toolchain, sql });
const at = (s: number) => new Date(Date.UTC(2026, 11, 5, 8, 0, s)).toISOString();

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evolution-e2e-'));
  lockDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evolution-lock-'));
  runtime = new LocalRuntime({ plan: resolvePlan(V1, env, [Flavor.SELF_HOSTED]), dir, toolchain, onLine: () => undefined });
  await runtime.start();
});

afterAll(() => stopAndRemove(runtime, dir, lockDir));

test('add a column through the lock and the table evolution path, keep producing: old and new rows readable; the fresh start (changed state shape) re-reads the retained records and upserts them, nothing lost or doubled', async () => {
  await runtime.startJob('readings-to-lake');
  await brokerOf(runtime).kafka.produce('readings', Array.from({ length: 20 }, (_, i) => ({ sensor_id: `s-${i}`, reading: i + 0.5, read_at: at(i) })), PRODUCER);
  await awaitCheckpoints(runtime, 'readings-to-lake', 2);
  expect(await query('SELECT COUNT(*) FROM readings')).toEqual([[20]]);

  // "cdk deploy" of V1 recorded; V2 adds `unit`.
  const lock = nextDeployedLock(V1, env, lockDir);
  const v2 = resolvePlan(V2, env, [Flavor.SELF_HOSTED], { stateLock: lock });
  const evolvedFields = v2.lakehouse.tables[0].catalog?.evolved?.schema.fields.map((f) => [f.id, f.name]);
  expect(evolvedFields).toEqual([[1, 'sensor_id'], [2, 'reading'], [3, 'read_at'], [4, 'unit']]);
  expect(v2.jobs[0].upgradeMode).toBe('stateless');
  await runtime.stopJob('readings-to-lake');
  expect(await runtime.deploy(v2)).toEqual(['readings']);
  const run = await runtime.startJob('readings-to-lake');
  expect(run.restoredFrom).toBeUndefined();
  const script = fs.readFileSync(path.join(runtime.layout.jobs, 'readings-to-lake', 'readings-to-lake.sql'), 'utf8');
  expect(script).toContain("'scan.startup.mode' = 'earliest-offset'");

  await brokerOf(runtime).kafka.produce('readings', Array.from({ length: 10 }, (_, i) => ({ sensor_id: `n-${i}`, reading: 100 + i, read_at: at(30 + i), unit: 'kPa' })), PRODUCER);
  await awaitCheckpoints(runtime, 'readings-to-lake', 2);
  expect(await query("SELECT COUNT(*), COUNT(DISTINCT sensor_id), COUNT(unit), SUM(CASE WHEN sensor_id LIKE 's-%' AND unit IS NULL THEN 1 ELSE 0 END) FROM readings")).toEqual([[30, 30, 10, 20]]);
  // The 20 records of before the change were read again (from the earliest offset) and replaced their own rows.
  expect((await runtime.awaitJobRunning('readings-to-lake')).recordsIn).toBe(30);
  expect(await query("SELECT sensor_id, reading, unit FROM readings WHERE sensor_id IN ('s-1', 'n-1') ORDER BY sensor_id")).toEqual([
    ['n-1', 101, 'kPa'],
    ['s-1', 1.5, null],
  ]);
});
