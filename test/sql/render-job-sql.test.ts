import * as fs from 'fs';
import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import { ColumnType } from '../../lib/definition/column-type';
import { BoundedRead, RecordFormat, StartPosition } from '../../lib/definition/kafka-options';
import { Flavor } from '../../lib/flavor';
import { JobPlan, PipelinePlan } from '../../lib/plan/pipeline-plan';
import { mskIamClientProperties, withoutKafkaConnection } from '../../lib/sql/kafka-client-properties';
import { SqlSettingsPlacement, jobSqlSettings } from '../../lib/sql/job-sql-settings';
import { renderJobSql } from '../../lib/sql/render-job-sql';
import { PipelineValidationError } from '../../lib/validation/validation-problem';
import { examplePlan, exampleWith } from '../support/test-app';
import { KAFKA_OF, MSK_IAM, STRIMZI_TLS, lakehouseOf } from './sql-fixtures';

const GOLDEN_DIR = path.join(__dirname, 'golden');
const plan = examplePlan('dev');

function jobOf(p: PipelinePlan, name: string): JobPlan {
  const job = p.jobs.find((j) => j.name === name);
  if (job === undefined) throw new Error(`no job ${name}`);
  return job;
}

function render(flavor: Flavor, jobName: string, p: PipelinePlan = plan, settings?: SqlSettingsPlacement): string {
  const kafka = KAFKA_OF.get(flavor);
  if (kafka === undefined) throw new Error(`no connection for ${flavor.id}`);
  return renderJobSql(p, jobOf(p, jobName), kafka, lakehouseOf(p, flavor), { settings });
}

describe('golden SQL of the example pipeline (UPDATE_GOLDEN=1 rewrites the files)', () => {
  test.each([
    ['orders-to-lake', Flavor.SELF_HOSTED],
    ['orders-to-lake', Flavor.MANAGED],
    ['customers-nightly', Flavor.SELF_HOSTED],
    ['customers-nightly', Flavor.MANAGED],
  ])('%s on %s', (jobName, flavor) => {
    const file = path.join(GOLDEN_DIR, `${jobName}.${flavor.id}.sql`);
    const sql = render(flavor, jobName);
    if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(file, sql);
    expect(sql).toBe(fs.readFileSync(file, 'utf8'));
  });
});

describe('streaming orders-to-lake', () => {
  const sql = render(Flavor.SELF_HOSTED, 'orders-to-lake');

  test('runs in streaming mode under the job name', () => {
    expect(sql).toContain("SET 'execution.runtime-mode' = 'streaming';\nSET 'pipeline.name' = 'orders-to-lake';\n");
  });

  test('the source table is named after the topic, with the topic columns in Flink types', () => {
    expect(sql).toContain('CREATE TABLE `orders` (\n  `order_id` STRING NOT NULL,\n  `customer_id` STRING,\n  `status` STRING,\n  `amount` DECIMAL(12, 2),\n  `currency` STRING,\n  `order_ts` TIMESTAMP_LTZ(3) NOT NULL,\n');
  });

  test('watermark on the event-time column, idle partitions do not stall it', () => {
    expect(sql).toContain("  WATERMARK FOR `order_ts` AS `order_ts` - INTERVAL '30' SECOND\n) WITH (");
    expect(sql).toContain("'scan.watermark.idle-timeout' = '60 s'");
  });

  test('stable consumer group, committed offsets else earliest, no bounded read', () => {
    expect(sql).toContain("'properties.group.id' = 'orders.orders-to-lake'");
    expect(sql).toContain("'scan.startup.mode' = 'group-offsets',\n  'properties.auto.offset.reset' = 'earliest'");
    expect(sql).not.toContain('scan.bounded.mode');
  });

  test('keyed topic with the key in the value: no key format, JSON value with its bad-record policy', () => {
    expect(sql).not.toContain('key.format');
    expect(sql).toContain("'value.format' = 'json',\n  'value.json.timestamp-format.standard' = 'ISO-8601',\n  'value.json.ignore-parse-errors' = 'false',");
  });

  test('Glue catalog by catalog-impl with S3FileIO, never catalog-type glue', () => {
    expect(sql).toContain("CREATE CATALOG `lakehouse` WITH (\n  'type' = 'iceberg',\n  'catalog-impl' = 'org.apache.iceberg.aws.glue.GlueCatalog',\n  'io-impl' = 'org.apache.iceberg.aws.s3.S3FileIO',\n  'warehouse' = 's3://orders-dev-self-hosted-warehouse/warehouse/',");
    expect(sql).not.toContain('catalog-type');
  });

  test('upsert insert into the flavor\'s Glue table with the user transform', () => {
    expect(sql).toContain("INSERT INTO `lakehouse`.`orders_self_hosted`.`orders` /*+ OPTIONS('upsert-enabled' = 'true', 'distribution-mode' = 'none') */\nSELECT order_id, customer_id, UPPER(status) AS status, amount, UPPER(currency) AS currency, order_ts FROM orders WHERE amount >= 0;\n");
    expect(sql).not.toMatch(/CREATE TABLE `lakehouse`/);
  });

  test('Strimzi TLS on self-hosted, MSK IAM on managed', () => {
    expect(sql).toContain("'properties.security.protocol' = 'SSL',\n  'properties.ssl.truststore.location' = '/opt/flink/kafka-cluster-ca/ca.crt',\n  'properties.ssl.truststore.type' = 'PEM',");
    const managed = render(Flavor.MANAGED, 'orders-to-lake');
    for (const [k, v] of Object.entries(mskIamClientProperties())) expect(managed).toContain(`'properties.${k}' = '${v}'`);
    expect(managed).toContain("'properties.bootstrap.servers' = 'b-1.orders-dev.abc123.c2.kafka.us-east-1.amazonaws.com:9098,");
  });
});

describe('batch customers-nightly', () => {
  const sql = render(Flavor.MANAGED, 'customers-nightly');

  test('runs in batch mode with a bounded read from the earliest offset', () => {
    expect(sql).toContain("SET 'execution.runtime-mode' = 'batch';");
    expect(sql).toContain("'scan.startup.mode' = 'earliest-offset',\n  'scan.bounded.mode' = 'latest-offset',");
  });

  test('no watermark without event time; generated insert overwrites the table from the latest-per-key view', () => {
    expect(sql).not.toContain('WATERMARK');
    expect(sql).not.toContain('idle-timeout');
    expect(sql).toContain("INSERT OVERWRITE `lakehouse`.`orders_managed`.`customers` /*+ OPTIONS('upsert-enabled' = 'false', 'distribution-mode' = 'none') */\nSELECT `customer_id`, `name`, `email`, `country`, `updated_at` FROM `customers`;");
  });
});

describe('flavor parity', () => {
  test.each(['orders-to-lake', 'customers-nightly'])('%s differs only in the Kafka connection and the flavor-qualified names', (jobName) => {
    const normalize = (sql: string, flavor: Flavor) => sql.replace(new RegExp(`${flavor.id}|${flavor.id.replace('-', '_')}`, 'g'), '<flavor>');
    const selfHosted = normalize(withoutKafkaConnection(render(Flavor.SELF_HOSTED, jobName), STRIMZI_TLS), Flavor.SELF_HOSTED);
    const managed = normalize(withoutKafkaConnection(render(Flavor.MANAGED, jobName), MSK_IAM), Flavor.MANAGED);
    expect(managed).toBe(selfHosted);
    expect(managed).not.toContain('properties.security.protocol');
  });
});

describe('options and variants', () => {
  test('settings in the runner configuration (MSF 2.2): no SET statement, same settings map', () => {
    const sql = render(Flavor.MANAGED, 'orders-to-lake', plan, SqlSettingsPlacement.RUNNER_CONFIGURATION);
    expect(sql).not.toMatch(/^SET /m);
    expect(jobSqlSettings(jobOf(plan, 'orders-to-lake'))).toEqual({ 'execution.runtime-mode': 'streaming', 'pipeline.name': 'orders-to-lake' });
  });

  test('state TTL, timestamp start and stop positions, several sinks in one statement set', () => {
    const at = new Date('2026-01-31T00:00:00Z');
    const definition = exampleWith((d) => {
      const job = d.jobs[0];
      job.stateTtl = Duration.hours(6);
      job.startPosition = StartPosition.timestamp(at);
      job.sinks = ['orders', 'customers'];
      job.transforms = { ...job.transforms, customers: "SELECT customer_id, 'n/a; unknown' AS name, CAST(NULL AS STRING) AS email, CAST(NULL AS STRING) AS country, order_ts AS updated_at FROM orders -- trailing comment" };
      d.jobs[1].boundedRead = BoundedRead.timestamp(at);
    });
    const p = examplePlan('dev', Flavor.ALL, definition);
    const streaming = render(Flavor.SELF_HOSTED, 'orders-to-lake', p);
    expect(streaming).toContain("SET 'table.exec.state.ttl' = '21600 s';");
    expect(streaming).toContain(`'scan.startup.mode' = 'timestamp',\n  'scan.startup.timestamp-millis' = '${at.getTime()}',`);
    expect(streaming).toContain('EXECUTE STATEMENT SET\nBEGIN\nINSERT INTO `lakehouse`.`orders_self_hosted`.`orders`');
    expect(streaming).toContain("FROM orders -- trailing comment\n;\nEND;\n");
    const batch = render(Flavor.SELF_HOSTED, 'customers-nightly', p);
    expect(batch).toContain(`'scan.bounded.mode' = 'timestamp',\n  'scan.bounded.timestamp-millis' = '${at.getTime()}'`);
  });

  test('fails if an Avro topic has no schema registry URL, and uses it when given', () => {
    const definition = exampleWith((d) => { d.topics[0].valueFormat = RecordFormat.AVRO; });
    const p = examplePlan('dev', Flavor.ALL, definition);
    const job = jobOf(p, 'orders-to-lake');
    const lakehouse = lakehouseOf(p, Flavor.MANAGED);
    expect(() => renderJobSql(p, job, MSK_IAM, lakehouse)).toThrow(new PipelineValidationError('pipeline "orders"', [{
      path: 'topics[0] ("orders")',
      message: 'uses RecordFormat.AVRO (avro-confluent), but the Kafka connection gives no schema registry URL',
      fix: 'use RecordFormat.JSON, or give the flavor a schema registry (schemaRegistryUrl of the Kafka connection)',
    }]).message);
    const sql = renderJobSql(p, job, { ...MSK_IAM, schemaRegistryUrl: 'https://registry:8081' }, lakehouse);
    expect(sql).toContain("'value.format' = 'avro-confluent',\n  'value.avro-confluent.url' = 'https://registry:8081'");
  });

  test('identifiers and literals are quoted: dotted topic names, quotes in comments and values', () => {
    const definition = exampleWith((d) => {
      d.topics[1].name = 'crm.customers-v1';
      d.topics[1].columns[1] = { name: 'name', type: ColumnType.STRING, comment: "customer's name" };
      d.jobs[1].sources = ['crm.customers-v1'];
      d.jobs[1].transforms = { customers: 'SELECT customer_id, name, email, country, updated_at FROM `crm.customers-v1`' };
    });
    const p = examplePlan('dev', Flavor.ALL, definition);
    const sql = render(Flavor.SELF_HOSTED, 'customers-nightly', p);
    expect(sql).toContain('CREATE TABLE `crm.customers-v1__log` (');
    expect(sql).toContain('CREATE TEMPORARY VIEW `crm.customers-v1` AS');
    expect(sql).toContain("`name` STRING COMMENT 'customer''s name',");
    expect(sql).toContain("'topic' = 'crm.customers-v1',");
  });
});
