import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import { PipelineDefinition } from '../../lib/definition/pipeline-definition';
import { CLICKS_PIPELINE } from '../../lib/examples/clicks-pipeline';
import { Flavor } from '../../lib/flavor';
import { defaultLocalToolchain } from '../../lib/local/default-toolchain';
import { LocalRuntime, runLocalQuery } from '../../lib/local/local-runtime';
import { examplePlan } from '../support/test-app';
import { awaitCheckpoints, brokerOf, stopAndRemove } from './support/local-runtime-steps';

/**
 * The clicks example on real Kafka, Flink and Iceberg: raw clicks appended, and the updating per-order aggregate
 * (a join of two GROUP BYs) upserted by order_id — one row per order with its latest amount and click count, never the
 * retraction rows an append sink would write. 10 s checkpoints instead of the example's defaults, so it waits less.
 */
const CLICKS_FAST: PipelineDefinition = {
  ...CLICKS_PIPELINE,
  jobs: CLICKS_PIPELINE.jobs.map((j) => ({ ...j, checkpointInterval: Duration.seconds(10) })),
};
const plan = examplePlan('dev', [Flavor.SELF_HOSTED], CLICKS_FAST);

let dir: string;
let runtime: LocalRuntime;
const toolchain = defaultLocalToolchain();
const query = (sql: string) => runLocalQuery({ plan, dir, toolchain, sql });
const at = (s: number) => new Date(Date.UTC(2026, 11, 5, 9, 0, s)).toISOString();

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clicks-e2e-'));
  runtime = new LocalRuntime({ plan, dir, toolchain, onLine: () => undefined });
  await runtime.start();
  for (const job of ['clicks-to-lake', 'order-clicks']) await runtime.startJob(job);
  for (const job of ['clicks-to-lake', 'order-clicks']) await runtime.awaitJobRunning(job);
});

afterAll(() => stopAndRemove(runtime, dir));

test('clicks appended as they come; the per-order aggregate holds one row per order with its click count and latest amount, and stays right as both inputs change', async () => {
  // The orders topic belongs to the orders pipeline (a shared input): its records are written here by the broker's admin.
  await brokerOf(runtime).kafka.produce('orders', [
    { order_id: 'o-1', amount: '10.00', order_ts: at(0) },
    { order_id: 'o-2', amount: '20.00', order_ts: at(1) },
    { order_id: 'o-3', amount: '30.00', order_ts: at(2) },
  ]);
  const click = (session: string, order: string | null, s: number) => ({ session_id: session, order_id: order, page: '/checkout', clicked_at: at(s) });
  await brokerOf(runtime).kafka.produce('clicks', [click('s-1', 'o-1', 3), click('s-1', 'o-1', 4), click('s-2', 'o-1', 5), click('s-3', 'o-2', 6), click('s-4', null, 7), click('s-5', null, 8)]);
  await awaitCheckpoints(runtime, 'order-clicks', 2);
  await awaitCheckpoints(runtime, 'clicks-to-lake', 1);
  expect(await query('SELECT COUNT(*) FROM clicks')).toEqual([[6]]);
  expect(await query('SELECT order_id, CAST(amount AS STRING), clicks FROM order_clicks ORDER BY order_id')).toEqual([
    ['o-1', '10.00', 3],
    ['o-2', '20.00', 1],
  ]);

  // o-1's amount changes and it gets two more clicks; o-3 gets its first.
  await brokerOf(runtime).kafka.produce('orders', [{ order_id: 'o-1', amount: '12.50', order_ts: at(0) }]);
  await brokerOf(runtime).kafka.produce('clicks', [click('s-6', 'o-1', 9), click('s-6', 'o-1', 10), click('s-7', 'o-3', 11)]);
  await awaitCheckpoints(runtime, 'order-clicks', 2);
  await awaitCheckpoints(runtime, 'clicks-to-lake', 1);
  expect(await query('SELECT COUNT(*) FROM clicks')).toEqual([[9]]);
  expect(await query('SELECT order_id, CAST(amount AS STRING), clicks FROM order_clicks ORDER BY order_id')).toEqual([
    ['o-1', '12.50', 5],
    ['o-2', '20.00', 1],
    ['o-3', '30.00', 1],
  ]);
});
