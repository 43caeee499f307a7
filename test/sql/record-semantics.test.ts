import { ColumnType, ComputedColumn } from '../../lib/definition/column-type';
import { WriteMode } from '../../lib/definition/job-options';
import { BadRecordPolicy, KeyFormat, RecordFormat } from '../../lib/definition/kafka-options';
import { PipelineDefinition } from '../../lib/definition/pipeline-definition';
import { Flavor } from '../../lib/flavor';
import { renderJobSql } from '../../lib/sql/render-job-sql';
import { examplePlan, exampleWith } from '../support/test-app';
import { KAFKA_OF, lakehouseOf } from './sql-fixtures';

/** The job's script on a flavor, for a changed example definition. */
function sqlOf(definition: PipelineDefinition, jobName: string, flavor: Flavor = Flavor.SELF_HOSTED): string {
  const plan = examplePlan('dev', Flavor.ALL, definition);
  const job = plan.jobs.find((j) => j.name === jobName);
  const kafka = KAFKA_OF.get(flavor);
  if (job === undefined || kafka === undefined) throw new Error(`no job ${jobName} or connection for ${flavor.id}`);
  return renderJobSql(plan, job, { ...kafka, schemaRegistryUrl: 'https://registry:8081' }, lakehouseOf(plan, flavor));
}

/** The WITH options of the source table as `key=value` lines. */
function sourceOptions(sql: string): string[] {
  const body = /\) WITH \(\n([\s\S]*?)\n\);/.exec(sql)?.[1] ?? '';
  return body.split(',\n').map((line) => line.trim().replace(/^'([^']*)' = '([^']*)'$/, '$1=$2'));
}

describe('item 3: timestamps in the forms producers send', () => {
  test('event time defaults to UTC instants: TIMESTAMP_LTZ(3), parsed from ISO-8601 with a Z, watermark on it', () => {
    const sql = sqlOf(exampleWith(() => undefined), 'orders-to-lake');
    expect(sql).toContain("  `order_ts` TIMESTAMP_LTZ(3) NOT NULL,\n  WATERMARK FOR `order_ts` AS `order_ts` - INTERVAL '30' SECOND\n");
    expect(sourceOptions(sql)).toContain('value.json.timestamp-format.standard=ISO-8601');
    expect(sql).not.toContain('TIMESTAMP(3)');
  });

  test('epoch milliseconds: a BIGINT column plus a computed TO_TIMESTAMP_LTZ column that carries the watermark', () => {
    const sql = sqlOf(exampleWith((d) => {
      d.topics[0].columns[5] = { name: 'order_ts', type: ColumnType.TIMESTAMP_LTZ, computed: ComputedColumn.epochMillis('order_epoch_ms') };
      d.topics[0].columns.push({ name: 'order_epoch_ms', type: ColumnType.BIGINT, nullable: false });
    }), 'orders-to-lake');
    expect(sql).toContain("  `order_ts` AS TO_TIMESTAMP_LTZ(`order_epoch_ms`, 3),\n  `order_epoch_ms` BIGINT NOT NULL,\n  WATERMARK FOR `order_ts` AS `order_ts` - INTERVAL '30' SECOND\n");
  });

  test('a local TIMESTAMP(3) only where declared, with the same watermark', () => {
    const sql = sqlOf(exampleWith((d) => {
      d.topics[0].columns[5] = { name: 'order_ts', type: ColumnType.TIMESTAMP, nullable: false };
      d.jobs[0].transforms = { orders: 'SELECT order_id, customer_id, status, amount, currency, CAST(order_ts AS TIMESTAMP_LTZ(3)) AS order_ts FROM orders' };
    }), 'orders-to-lake');
    expect(sql).toContain("  `order_ts` TIMESTAMP(3) NOT NULL,\n  WATERMARK FOR `order_ts` AS `order_ts` - INTERVAL '30' SECOND\n");
  });
});

describe('item 4: record keys', () => {
  test('default: key columns read from the value, the record key (e.g. o-123) is never decoded', () => {
    const options = sourceOptions(sqlOf(exampleWith(() => undefined), 'orders-to-lake'));
    expect(options.filter((o) => o.startsWith('key.') || o.startsWith('value.fields-include'))).toEqual([]);
  });

  test('raw string key: key.format raw on the single STRING key column, the value without it', () => {
    const options = sourceOptions(sqlOf(exampleWith((d) => { d.topics[0].keyFormat = KeyFormat.RAW; }), 'orders-to-lake'));
    expect(options).toEqual(expect.arrayContaining(['key.format=raw', 'key.fields=order_id', 'value.fields-include=EXCEPT_KEY']));
    expect(options.some((o) => o.startsWith('key.json'))).toBe(false);
  });

  test('JSON key only when declared, with the same timestamp and bad-record options as the value', () => {
    const options = sourceOptions(sqlOf(exampleWith((d) => { d.topics[0].keyFormat = KeyFormat.JSON; }), 'orders-to-lake'));
    expect(options).toEqual(expect.arrayContaining(['key.format=json', 'key.fields=order_id', 'key.json.timestamp-format.standard=ISO-8601', 'key.json.ignore-parse-errors=false']));
    expect(options).not.toContain('value.fields-include=EXCEPT_KEY');
  });

  test('Avro key with the registry', () => {
    const options = sourceOptions(sqlOf(exampleWith((d) => { d.topics[0].keyFormat = KeyFormat.AVRO; d.topics[0].valueFormat = RecordFormat.AVRO; }), 'orders-to-lake'));
    expect(options).toEqual(expect.arrayContaining(['key.format=avro-confluent', 'key.avro-confluent.url=https://registry:8081', 'value.format=avro-confluent']));
  });
});

describe('item 5: bad records', () => {
  test.each([Flavor.SELF_HOSTED, Flavor.MANAGED])('fail is the default and is written out on %s, for every job', (flavor) => {
    for (const job of ['orders-to-lake', 'customers-nightly']) {
      const sql = sqlOf(exampleWith(() => undefined), job, flavor);
      expect(sourceOptions(sql)).toContain('value.json.ignore-parse-errors=false');
      expect(sql).toMatch(/^-- Topic "[a-z]+": key columns read from the value \(the record key is not decoded\); bad records: fail \(an undecodable record fails the job\)\.$/m);
    }
  });

  test.each([Flavor.SELF_HOSTED, Flavor.MANAGED])('skip turns on json.ignore-parse-errors for the value and a JSON key on %s', (flavor) => {
    const sql = sqlOf(exampleWith((d) => { d.topics[0].badRecords = BadRecordPolicy.SKIP; d.topics[0].keyFormat = KeyFormat.JSON; }), 'orders-to-lake', flavor);
    expect(sourceOptions(sql)).toEqual(expect.arrayContaining(['key.json.ignore-parse-errors=true', 'value.json.ignore-parse-errors=true']));
    expect(sql).toContain('bad records: skip (an undecodable record is dropped, an unparsable field becomes NULL, uncounted).');
  });
});

describe('item 6: repeated initial loads replace the table snapshot', () => {
  const sql = sqlOf(exampleWith(() => undefined), 'customers-nightly', Flavor.MANAGED);

  test('bounded batch read of the whole compacted topic, with the record partition, offset and timestamp', () => {
    expect(sql).toContain("SET 'execution.runtime-mode' = 'batch';");
    expect(sql).toContain([
      'CREATE TABLE `customers__log` (',
      '  `customer_id` STRING NOT NULL,\n  `name` STRING,\n  `email` STRING,\n  `country` STRING,\n  `updated_at` TIMESTAMP_LTZ(3),',
      "  `__kafka_partition` INT METADATA FROM 'partition' VIRTUAL,",
      "  `__kafka_offset` BIGINT METADATA FROM 'offset' VIRTUAL,",
      "  `__kafka_timestamp` TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL",
      ') WITH (',
    ].join('\n'));
    expect(sourceOptions(sql)).toEqual(expect.arrayContaining(['connector=kafka', 'scan.startup.mode=earliest-offset', 'scan.bounded.mode=latest-offset']));
  });

  test('a view named after the topic keeps the latest record per key: highest offset within a partition, latest timestamp across partitions', () => {
    const columns = '`customer_id`, `name`, `email`, `country`, `updated_at`';
    expect(sql).toContain([
      'CREATE TEMPORARY VIEW `customers` AS',
      `SELECT ${columns}`,
      'FROM (',
      `  SELECT ${columns}, ROW_NUMBER() OVER (PARTITION BY \`customer_id\` ORDER BY \`__kafka_timestamp\` DESC, \`__kafka_partition\` DESC) AS \`__row\``,
      '  FROM (',
      `    SELECT ${columns}, \`__kafka_partition\`, \`__kafka_timestamp\`, ROW_NUMBER() OVER (PARTITION BY \`customer_id\`, \`__kafka_partition\` ORDER BY \`__kafka_offset\` DESC) AS \`__row_in_partition\``,
      '    FROM `customers__log`',
      '  )',
      '  WHERE `__row_in_partition` = 1',
      ')',
      'WHERE `__row` = 1;',
    ].join('\n'));
  });

  test('offsets are never compared across partitions (they order records only within one)', () => {
    expect(sql).not.toMatch(/PARTITION BY `customer_id` ORDER BY `__kafka_offset`/);
    expect(sql).toMatch(/PARTITION BY `customer_id`, `__kafka_partition` ORDER BY `__kafka_offset` DESC/);
  });

  test('INSERT OVERWRITE with upsert off (Iceberg refuses overwrite + upsert): no equality deletes, deleted keys vanish', () => {
    expect(sql).toContain("INSERT OVERWRITE `lakehouse`.`orders_managed`.`customers` /*+ OPTIONS('upsert-enabled' = 'false', 'distribution-mode' = 'none') */\nSELECT `customer_id`, `name`, `email`, `country`, `updated_at` FROM `customers`;\n");
    expect(sql).not.toContain('INSERT INTO');
  });

  test('an explicitly incremental batch job keeps INSERT INTO with upserts and reads the topic directly', () => {
    const incremental = sqlOf(exampleWith((d) => { d.jobs[1].writeMode = WriteMode.INCREMENTAL; }), 'customers-nightly');
    expect(incremental).toContain("INSERT INTO `lakehouse`.`orders_self_hosted`.`customers` /*+ OPTIONS('upsert-enabled' = 'true', 'distribution-mode' = 'none') */");
    expect(incremental).toContain('CREATE TABLE `customers` (');
    expect(incremental).not.toContain('VIEW');
  });
});
