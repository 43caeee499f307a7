import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import { PipelineDefinition } from '../../lib/definition/pipeline-definition';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { Flavor } from '../../lib/flavor';
import { defaultLocalToolchain } from '../../lib/local/default-toolchain';
import { LocalRuntime, latestCheckpoint, runLocalQuery } from '../../lib/local/local-runtime';
import { examplePlan } from '../support/test-app';
import { awaitCheckpoints, brokerOf, stopAndRemove } from './support/local-runtime-steps';

/**
 * The orders example on real Kafka, Flink and Iceberg (`lib/local`): records produced to the broker go through the
 * deployed SQL in the runner jar and are read back from the Iceberg tables. The only change to the example is a 10 s
 * checkpoint interval (commits every 10 s instead of every minute), so the test waits less.
 */
const ORDERS_FAST: PipelineDefinition = {
  ...ORDERS_PIPELINE,
  producers: [{ name: 'order-service', topics: ['orders', 'customers'], serviceAccount: 'shop/order-service' }],
  jobs: ORDERS_PIPELINE.jobs.map((j) => (j.name === 'orders-to-lake' ? { ...j, checkpointInterval: Duration.seconds(10) } : j)),
};
const plan = examplePlan('dev', [Flavor.SELF_HOSTED], ORDERS_FAST);
const PRODUCER = 'orders-producer-order-service';

let dir: string;
let runtime: LocalRuntime;
const log: string[] = [];
const toolchain = defaultLocalToolchain();

function order(i: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  // Event times as UTC instants with Z, one second apart (within the watermark's 30 s of each other).
  const ts = new Date(Date.UTC(2026, 11, 5, 10, 0, 0) + i * 1000).toISOString();
  return { order_id: `o-${i}`, customer_id: `c-${i % 7}`, status: 'new', amount: `${(i % 50) + 0.25}`, currency: 'eur', order_ts: ts, ...overrides };
}

async function query(sql: string): Promise<unknown[][]> {
  return runLocalQuery({ plan, dir, toolchain, sql });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orders-e2e-'));
  runtime = new LocalRuntime({ plan, dir, toolchain, onLine: (line) => log.push(line) });
  await runtime.start();
  await runtime.startJob('orders-to-lake');
  await runtime.awaitJobRunning('orders-to-lake');
});

afterAll(() => stopAndRemove(runtime, dir));

test('streaming ingestion: 200 orders in, 200 rows out, transformed by the deployed SQL (UPPER, amount filter), event times with Z kept as instants', async () => {
  const records = [...Array.from({ length: 200 }, (_, i) => order(i)), order(900, { amount: '-1.00' }), order(901, { amount: '-5.00' })];
  await brokerOf(runtime).kafka.produce('orders', records, PRODUCER);
  await awaitCheckpoints(runtime, 'orders-to-lake', 2);
  expect(await query('SELECT COUNT(*), COUNT(DISTINCT order_id), MIN(status), MAX(currency) FROM orders')).toEqual([[200, 200, 'NEW', 'EUR']]);
  const [[ts]] = await query("SELECT CAST(order_ts AS STRING) FROM orders WHERE order_id = 'o-3'");
  expect(String(ts)).toMatch(/^2026-12-05 10:00:03(\.0+)?$/);
});

test('upsert on the primary key: 50 updates and 50 redelivered duplicates leave 200 rows, each key with its last status', async () => {
  const updates = Array.from({ length: 50 }, (_, i) => order(i, { status: 'paid' }));
  const duplicates = Array.from({ length: 50 }, (_, i) => order(100 + i));
  await brokerOf(runtime).kafka.produce('orders', [...updates, ...duplicates], PRODUCER);
  await awaitCheckpoints(runtime, 'orders-to-lake', 2);
  expect(await query("SELECT COUNT(*), COUNT(DISTINCT order_id), SUM(CASE WHEN status = 'PAID' THEN 1 ELSE 0 END) FROM orders")).toEqual([[200, 200, 50]]);
  expect(runtime.tableStats('orders').totalEqualityDeletes).toBeGreaterThan(0);
});

test('exactly once across a crash: the job is killed (SIGKILL) mid-stream and restarted from its newest retained checkpoint; every order is in the table once', async () => {
  await brokerOf(runtime).kafka.produce('orders', Array.from({ length: 300 }, (_, i) => order(1000 + i)), PRODUCER);
  await awaitCheckpoints(runtime, 'orders-to-lake', 1);
  await runtime.killJob('orders-to-lake');
  const checkpoint = latestCheckpoint(runtime.layout.jobCheckpoints(plan.jobs[0]));
  expect(checkpoint).toBeDefined();
  // Records produced while the job is down are read after the restart, from the restored offsets.
  await brokerOf(runtime).kafka.produce('orders', Array.from({ length: 100 }, (_, i) => order(2000 + i)), PRODUCER);
  const run = await runtime.startJob('orders-to-lake');
  expect(run.restoredFrom).toBe(checkpoint);
  await runtime.awaitJobRunning('orders-to-lake');
  await awaitCheckpoints(runtime, 'orders-to-lake', 2);
  expect(await query('SELECT COUNT(*), COUNT(DISTINCT order_id) FROM orders')).toEqual([[600, 600]]);
  expect(await brokerOf(runtime).lag([plan.jobs[0].consumerGroupId])).toEqual({ [plan.jobs[0].consumerGroupId]: 0 });
});

test('batch reload (WriteMode.REPLACE) run twice: the latest record per customer, the same table both times, no delete files', async () => {
  const customers = Array.from({ length: 40 }, (_, i) => ({ customer_id: `c-${i}`, name: `Customer ${i}`, email: `c${i}@example.com`, country: 'DE', updated_at: '2026-12-05T09:00:00Z' }));
  const moved = Array.from({ length: 10 }, (_, i) => ({ ...customers[i], country: 'FR', updated_at: '2026-12-05T11:00:00Z' }));
  await brokerOf(runtime).kafka.produce('customers', [...customers, ...moved], PRODUCER);
  const expected = [[40, 40, 10]];
  const sql = "SELECT COUNT(*), COUNT(DISTINCT customer_id), SUM(CASE WHEN country = 'FR' THEN 1 ELSE 0 END) FROM customers";
  for (let run = 1; run <= 2; run++) {
    await runtime.startJob('customers-nightly');
    await runtime.awaitJobEnd('customers-nightly');
    expect(await query(sql)).toEqual(expected);
    const stats = runtime.tableStats('customers');
    expect(stats).toMatchObject({ snapshots: run, totalRecords: 40, totalDeleteFiles: 0 });
  }
});
