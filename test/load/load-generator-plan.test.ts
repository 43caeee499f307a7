import { estimateCost } from '../../lib/cost/estimate-cost';
import { RecordFormat } from '../../lib/definition/kafka-options';
import { Flavor } from '../../lib/flavor';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { estimatedRecordBytes } from '../../lib/plan/generated-fields';
import { LOAD_GENERATOR_MBPS_PER_SUBTASK } from '../../lib/plan/load-generator-plan';
import { DEFAULT_PRICE_TABLE_FILE, PriceTable } from '../../lib/pricing/price-table';
import { renderLoadGeneratorSql } from '../../lib/sql/load-generator-sql';
import { SqlSettingsPlacement } from '../../lib/sql/job-sql-settings';
import { pipelineSignals } from '../../lib/plan/pipeline-signals';
import { AVRO_GLUE_PIPELINE } from '../fixtures/avro-glue-pipeline';
import { MSK_IAM, STRIMZI_TLS } from '../sql/sql-fixtures';
import { examplePlan, exampleWith } from '../support/test-app';
import { ALL_TYPES_WITH_LOAD, ORDERS_WITH_LOAD } from './load-fixtures';

const prices = PriceTable.load(DEFAULT_PRICE_TABLE_FILE);

describe('the load generator in the plan', () => {
  const plan = examplePlan('staging', Flavor.ALL, ORDERS_WITH_LOAD);
  const generator = plan.loadGenerator;

  test('defaults to the topics\' planned peak, shared in proportion to each topic\'s peak', () => {
    const peaks = plan.topics.map((t) => t.workload?.peakIngressMBps ?? 0);
    expect(generator?.rateSource).toBe('workload-peak');
    expect(generator?.mbPerSecond).toBeCloseTo(peaks.reduce((a, b) => a + b, 0), 3);
    generator?.topics.forEach((t, i) => { expect(t.topic).toBe(plan.topics[i]?.name); expect(t.mbPerSecond).toBeCloseTo(peaks[i] ?? 0, 3); });
  });

  test('rows/s = rate ÷ estimated record size, the size aimed at the topic\'s planned record size', () => {
    for (const load of generator?.topics ?? []) {
      const topic = plan.topics.find((t) => t.name === load.topic);
      expect(load.recordSizeBytes).toBe(estimatedRecordBytes(topic ?? plan.topics[0], load.stringLength));
      expect(Math.abs(load.recordSizeBytes - (topic?.workload?.recordSizeBytes ?? 0)) / (topic?.workload?.recordSizeBytes ?? 1)).toBeLessThan(0.05);
      expect(load.rowsPerSecond).toBe(Math.ceil(load.mbPerSecond * 1e6 / load.recordSizeBytes));
    }
  });

  test('an explicit rate wins; parallelism is ⌈rate ÷ 10 MB/s⌉', () => {
    const explicit = examplePlan('staging', Flavor.ALL, exampleWith((d) => { d.loadGenerator = { mbPerSecond: 45, topics: ['orders'] }; })).loadGenerator;
    expect(explicit).toMatchObject({ mbPerSecond: 45, rateSource: 'explicit' });
    expect(explicit?.topics.map((t) => t.topic)).toEqual(['orders']);
    expect(explicit?.job.parallelism.initial).toBe(Math.ceil(45 / LOAD_GENERATOR_MBPS_PER_SUBTASK));
  });

  test('is a stateless streaming job outside plan.jobs: no sizing line, no cost, no signals; the node group maximum leaves room for it', () => {
    const without = examplePlan('staging', Flavor.ALL, ORDERS_PIPELINE);
    expect(generator?.job).toMatchObject({ name: 'load-generator', upgradeMode: 'stateless', sources: [], sinks: [] });
    expect(generator?.job.checkpointing.enabled).toBe(false);
    expect(plan.jobs.map((j) => j.name)).toEqual(without.jobs.map((j) => j.name));
    expect(plan.sizing.jobs).toEqual(without.sizing.jobs);
    expect(pipelineSignals(plan).map((s) => s.id)).toEqual(pipelineSignals(without).map((s) => s.id));
    for (const flavor of Flavor.ALL) expect(estimateCost(plan, flavor, prices).monthlyUsd).toBeCloseTo(estimateCost(without, flavor, prices).monthlyUsd, 6);
    expect(plan.sizing.nodeGroups.flink.min).toBe(without.sizing.nodeGroups.flink.min);
    expect(plan.sizing.nodeGroups.flink.averageNodes).toBe(without.sizing.nodeGroups.flink.averageNodes);
    expect(plan.sizing.nodeGroups.flink.max).toBeGreaterThanOrEqual(without.sizing.nodeGroups.flink.max);
    expect(plan.sizing.assumptions).toContainEqual(expect.objectContaining({
      name: 'on-demand job load-generator',
      value: expect.stringMatching(/^not priced: deployed stopped; while running \d+ KPUs \(managed\) or \d+ TaskManagers \+ 1 JobManager \(self-hosted\)$/),
    }));
  });
});

describe('the load generator SQL', () => {
  const plan = examplePlan('dev', Flavor.ALL, ALL_TYPES_WITH_LOAD);
  const generator = plan.loadGenerator;
  if (generator === undefined) throw new Error('no generator');
  const sql = renderLoadGeneratorSql(plan, generator, STRIMZI_TLS);
  const load = generator.topics[0];

  test.each([
    ['STRING (length aimed at the record size)', 'sensor_id', [['kind', 'random'], ['length', String(load?.stringLength)]]],
    ['BOOLEAN', 'ok', [['kind', 'random']]],
    ['INT', 'count', [['kind', 'random'], ['min', '0'], ['max', '1000000']]],
    ['BIGINT', 'total', [['kind', 'random'], ['min', '0'], ['max', '1000000']]],
    ['FLOAT', 'ratio', [['kind', 'random'], ['min', '0'], ['max', '1000']]],
    ['DOUBLE', 'value', [['kind', 'random'], ['min', '0'], ['max', '1000']]],
    ['DECIMAL(4, 2) (within its precision)', 'price', [['kind', 'random'], ['min', '0'], ['max', '99']]],
    ['DATE', 'day', [['kind', 'random']]],
    ['TIMESTAMP(3) (within the readers\' out-of-orderness)', 'local_ts', [['kind', 'random'], ['max-past', '10 s']]],
    ['TIMESTAMP_LTZ(3)', 'ts', [['kind', 'random'], ['max-past', '10 s']]],
    ['BIGINT epoch millis of an event-time column (a random delay)', 'epoch_ms', [['kind', 'random'], ['min', '0'], ['max', '10000']]],
  ])('%s', (_type, column, options) => {
    const lines = sql.split('\n').filter((l) => l.includes(`'fields.${column}.`)).map((l) => l.trim().replace(/,$/, ''));
    expect(lines).toEqual(options.map(([k, v]) => `'fields.${column}.${k}' = '${v}'`));
  });

  test('a datagen table at the topic\'s rows/s feeds the topic\'s Kafka table, computed columns left to the readers', () => {
    expect(sql).toContain(`CREATE TEMPORARY TABLE \`readings__datagen\` (\n  \`sensor_id\` STRING NOT NULL,`);
    expect(sql).toContain(`'connector' = 'datagen',\n  'rows-per-second' = '${load?.rowsPerSecond}',`);
    expect(sql).not.toContain('event_ts');
    expect(sql).toContain('INSERT INTO `readings`\nSELECT `sensor_id`, `ok`, `count`, `total`, `ratio`, `value`, `price`, `day`, `local_ts`, `ts`, UNIX_TIMESTAMP() * 1000 - `epoch_ms` AS `epoch_ms`\nFROM `readings__datagen`;');
  });

  test('the Kafka table writes the topic\'s formats as its readers decode them: raw key without the key in the value, ISO-8601 JSON', () => {
    const table = sql.slice(sql.indexOf('CREATE TABLE `readings`'));
    for (const option of ["'connector' = 'kafka'", "'topic' = 'readings'", "'sink.delivery-guarantee' = 'at-least-once'", "'key.format' = 'raw'", "'key.fields' = 'sensor_id'",
      "'value.fields-include' = 'EXCEPT_KEY'", "'value.format' = 'json'", "'value.json.timestamp-format.standard' = 'ISO-8601'", "'properties.security.protocol' = 'SSL'"]) {
      expect(table).toContain(option);
    }
  });

  test('a FROM_VALUE topic with key columns gets a JSON key of them (same partition per key; compacted topics accept it)', () => {
    const orders = examplePlan('dev', Flavor.ALL, ORDERS_WITH_LOAD);
    const text = renderLoadGeneratorSql(orders, orders.loadGenerator ?? generator, MSK_IAM);
    expect(text).toContain("'key.format' = 'json',\n  'key.fields' = 'order_id',");
    expect(text).toContain("'properties.sasl.mechanism' = 'AWS_MSK_IAM'");
    expect(text).toContain('EXECUTE STATEMENT SET\nBEGIN\nINSERT INTO `orders`');
  });

  test('an Avro-Glue topic is written with its registered schema (no auto-registration)', () => {
    const avro = examplePlan('dev', Flavor.ALL, { ...AVRO_GLUE_PIPELINE, loadGenerator: { mbPerSecond: 1, topics: ['orders'] } });
    const text = renderLoadGeneratorSql(avro, avro.loadGenerator ?? generator, MSK_IAM);
    expect(text).toContain(`'value.format' = '${RecordFormat.AVRO_GLUE.flinkFormat}'`);
    expect(text).toContain("'value.avro-glue.schema.autoRegistration' = 'false'");
    expect(text).toContain("'value.avro-glue.schema.name' = 'orders'");
  });

  test('an Avro (Confluent) topic without a registry URL is refused like for its readers', () => {
    const avro = examplePlan('dev', Flavor.ALL, exampleWith((d) => { d.topics[0].valueFormat = RecordFormat.AVRO; d.loadGenerator = { mbPerSecond: 1, topics: ['orders'] }; }));
    expect(() => renderLoadGeneratorSql(avro, avro.loadGenerator ?? generator, MSK_IAM)).toThrow('uses RecordFormat.AVRO (avro-confluent), but the Kafka connection gives no schema registry URL');
  });

  test('settings go to the runner configuration when the flavor asks (no SET in the script)', () => {
    expect(renderLoadGeneratorSql(plan, generator, STRIMZI_TLS, { settings: SqlSettingsPlacement.RUNNER_CONFIGURATION })).not.toContain('SET ');
    expect(sql).toContain("SET 'pipeline.name' = 'load-generator';");
  });
});
