import { PartitionTransform } from '../../lib/definition/table-options';
import { CLICKS_PIPELINE } from '../../lib/examples/clicks-pipeline';
import { Flavor } from '../../lib/flavor';
import { TablePlan } from '../../lib/plan/pipeline-plan';
import { writeDistributionMode } from '../../lib/plan/write-distribution';
import { renderInsert } from '../../lib/sql/iceberg-sink';
import { examplePlan } from '../support/test-app';
import { lakehouseOf } from './sql-fixtures';

const plan = examplePlan('dev');
const clicks = examplePlan('dev', Flavor.ALL, CLICKS_PIPELINE);

function tableOf(tables: readonly TablePlan[], name: string): TablePlan {
  const table = tables.find((t) => t.name === name);
  if (table === undefined) throw new Error(`no table ${name}`);
  return table;
}

describe('write distribution: Iceberg\'s Flink sink keys upsert rows by their primary key, never by a time partition', () => {
  test.each([
    ['upsert, partitioned by day (rows keyed by the equality fields, not funnelled into today\'s writer)', ['id', 'ts'], [PartitionTransform.day('ts')], 'none'],
    ['upsert, unpartitioned', ['id'], [], 'none'],
    ['append, partitioned by day (hash would key by the partition: one writer for today)', [], [PartitionTransform.day('ts')], 'none'],
    ['append, bucketed (hash spreads the buckets over writers)', [], [PartitionTransform.bucket(16, 'id')], 'hash'],
    ['append, unpartitioned', [], [], 'none'],
  ])('%s: %s', (_name, primaryKey, partitionBy, mode) => {
    expect(writeDistributionMode({ primaryKey, partitionBy })).toBe(mode);
  });

  test('the orders table (upsert, day(order_ts)) is created with write.distribution-mode none', () => {
    expect(tableOf(plan.lakehouse.tables, 'orders').properties['write.distribution-mode']).toBe('none');
  });

  test('clicks tables: the day-partitioned append table and the upsert table get none; no mode without key or partition', () => {
    expect(clicks.lakehouse.tables.map((t) => [t.name, t.properties['write.distribution-mode']])).toEqual([['clicks', 'none'], ['order_clicks', 'none']]);
    const unpartitioned = { ...tableOf(clicks.lakehouse.tables, 'clicks'), partitionBy: [] };
    expect(renderInsert({ sinkTable: 'clicks', query: 'SELECT 1', generated: false }, unpartitioned, lakehouseOf(clicks, Flavor.MANAGED))).not.toContain('OPTIONS');
  });

  test('the INSERT overrides a deployed table still created with hash (a recorded Glue table keeps its creation properties)', () => {
    const deployed = { ...tableOf(plan.lakehouse.tables, 'orders'), properties: { ...tableOf(plan.lakehouse.tables, 'orders').properties, 'write.distribution-mode': 'hash' } };
    const insert = renderInsert({ sinkTable: 'orders', query: 'SELECT * FROM orders', generated: false }, deployed, lakehouseOf(plan, Flavor.SELF_HOSTED));
    expect(insert).toBe("INSERT INTO `lakehouse`.`orders_self_hosted`.`orders` /*+ OPTIONS('upsert-enabled' = 'true', 'distribution-mode' = 'none') */\nSELECT * FROM orders");
  });
});
