import { Duration, Lazy } from 'aws-cdk-lib';
import { ColumnType } from '../../lib/definition/column-type';
import { JobSchedule } from '../../lib/definition/job-options';
import { CleanupPolicy, StartPosition } from '../../lib/definition/kafka-options';
import { PartitionTransform } from '../../lib/definition/table-options';
import { PipelineDefinition } from '../../lib/definition/pipeline-definition';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { resolvePlan } from '../../lib/plan/resolve-plan';
import { findDefinitionProblems, validateDefinition } from '../../lib/validation/validate-definition';
import { PipelineValidationError, formatProblem } from '../../lib/validation/validation-problem';
import { Mutable, environment, exampleWith } from '../support/test-app';

/** Untyped access for inputs the types forbid (they arrive from JSON/YAML or other package copies). */
type Loose = Record<string, unknown> & { topics: Array<Record<string, unknown>>; tables: Array<Record<string, unknown>>; jobs: Array<Record<string, unknown>> };
const loose = (change: (d: Loose) => void) => exampleWith((d) => change(d as unknown as Loose));
const lines = (definition: unknown) => findDefinitionProblems(definition).map(formatProblem);

describe('wrong shapes are definition errors with path, value and fix, never a TypeError', () => {
  const CASES: Array<[string, (d: Loose) => void, string]> = [
    ['missing topics', (d) => { delete (d as Record<string, unknown>).topics; }, 'topics: must be an array, got nothing — give topics as an array (it may be empty only if nothing reads a topic)'],
    ['a number as name', (d) => { d.name = 123; }, 'name: must be a string, got the number 123 — name the pipeline in lower case letters, digits and "-"'],
    ['a string as key', (d) => { d.topics[0].key = 'x'; }, 'topics[0] ("orders").key: must be an array, got the string "x" — list the key column names'],
    ['a null column', (d) => { (d.topics[0].columns as unknown[])[1] = null; }, 'topics[0] ("orders").columns[1]: must be a column, got null — give a column with fields name, type, nullable, computed, comment'],
    ['a null job', (d) => { d.jobs[1] = null as unknown as Record<string, unknown>; }, 'jobs[1]: must be a job, got null — give a job with fields name, mode, sources, sinks, transforms, eventTime, writeMode, stateMigration, startPosition, boundedRead, schedule, parallelism, throughputPerSubtaskMBps, checkpointInterval, stateTtl, costControl, consumerGroupId'],
    ['a number for a Duration', (d) => { d.topics[0].retention = 7; }, 'topics[0] ("orders").retention: must be a Duration, got the number 7 — give a Duration such as Duration.days(7)'],
    ['a string for a ColumnType', (d) => { (d.tables[1].columns as Array<Record<string, unknown>>)[1].type = 'STRING'; }, 'tables[1] ("customers").columns[1].type: must be a ColumnType, got the string "STRING" — use ColumnType.STRING'],
    ['a JSON cleanup policy', (d) => { d.topics[1].cleanupPolicy = 'compact'; }, 'topics[1] ("customers").cleanupPolicy: must be a CleanupPolicy, got the string "compact" — use CleanupPolicy.COMPACT'],
    ['partitions as a string', (d) => { d.topics[1].partitions = '6'; }, 'topics[1] ("customers").partitions: must be a number, got the string "6" — give a whole number of partitions ≥ 1'],
    ['flinkVersion as a string', (d) => { d.flinkVersion = '1.20'; }, 'flinkVersion: must be a FlinkVersion, got the string "1.20" — use a FlinkVersion constant or FlinkVersion.of(\'x.y\'), e.g. FlinkVersion.of("1.20")'],
    ['an invalid Date', (d) => { d.jobs[0].startPosition = StartPosition.timestamp(new Date('x')); }, 'jobs[0] ("orders-to-lake").startPosition.at: is an invalid Date — use StartPosition.timestamp(new Date("2026-01-31T00:00:00Z"))'],
    ['a CDK token in a comment', (d) => { d.tables[0].comment = Lazy.string({ produce: () => 'x' }); }, 'tables[0] ("orders").comment: contains an unresolved CDK token (the string "${Token[TOKEN.'],
    ['a 200 KB comment', (d) => { d.tables[0].comment = 'x'.repeat(200_000); }, 'tables[0] ("orders").comment: is 200000 characters long, more than the 2048 allowed — shorten it to at most 2048 characters'],
    ['a 300-character column comment', (d) => { (d.tables[0].columns as Array<Record<string, unknown>>)[0].comment = 'x'.repeat(300); }, 'tables[0] ("orders").columns[0].comment: is 300 characters long, more than the 255 allowed — shorten it to at most 255 characters'],
    ['a misspelt field', (d) => { d.topics[0].partition = 3; }, 'topics[0] ("orders").partition: is not a field of a topic — remove it; the fields are name, columns, key, partitions, workload, retention, cleanupPolicy, keyFormat, valueFormat, badRecords, maxCompactionLag, sharedFrom'],
    ['a sub-millisecond Duration', (d) => { d.topics[0].retention = Duration.millis(0.5); }, 'topics[0] ("orders").retention: must be a whole number of milliseconds, got 0.5 ms — give a Duration such as Duration.days(7)'],
    ['infinite ingress', (d) => { d.topics[0].workload = { ingressMBps: Infinity, recordSizeBytes: 100 }; }, 'topics[0] ("orders").workload.ingressMBps: must be a finite number, got Infinity — give the average ingress in MB/s'],
  ];
  test.each(CASES)('%s', (_name, change, expected) => {
    const found = lines(loose(change));
    expect(found).toHaveLength(1);
    expect(found[0].startsWith(expected)).toBe(true);
    expect(() => validateDefinition(loose(change))).toThrow(PipelineValidationError);
  });

  test('not an object at all', () => {
    for (const input of [undefined, null, 42, 'orders', [], new Date()]) {
      expect(() => validateDefinition(input)).toThrow(PipelineValidationError);
    }
  });
});

describe('enum-like values are compared by value: copies from another package copy behave like the constants', () => {
  /** A structural copy of a constant: same fields, another class (as from a second copy of the package). */
  function foreign<T extends object>(value: T): T {
    return Object.assign(Object.create({ toString: () => String(value) }), JSON.parse(JSON.stringify(value)));
  }

  test('a copied CleanupPolicy.COMPACT still emits cleanup.policy=compact', () => {
    const definition = exampleWith((d) => { d.topics[1].cleanupPolicy = foreign(CleanupPolicy.COMPACT); });
    const plan = resolvePlan(definition, environment('dev'));
    expect(plan.topics[1].configs['cleanup.policy']).toBe('compact');
    expect(plan.topics[1].cleanupPolicy).toBe(CleanupPolicy.COMPACT);
  });

  test('a copied shaded connector variant still trips the MSK IAM rule', () => {
    const shaded = { id: 'shaded-sql', artifactId: 'flink-sql-connector-kafka' };
    const definition = loose((d) => { d.artifacts = { kafkaConnectorVariant: shaded }; });
    expect(() => resolvePlan(definition, environment('dev'))).toThrow(/artifacts.kafkaConnectorVariant: org.apache.flink:flink-sql-connector-kafka relocates org.apache.kafka/);
  });

  test('a copied ColumnType, PartitionTransform and JobSchedule resolve like the originals', () => {
    const copied = exampleWith((d) => {
      d.tables[0].columns[5] = { name: 'order_ts', type: foreign(ColumnType.TIMESTAMP_LTZ) };
      d.tables[0].partitionBy = [foreign(PartitionTransform.day('order_ts'))];
      d.jobs[1].schedule = foreign(JobSchedule.cron('0 2 * * *'));
    });
    const a = resolvePlan(copied, environment('dev'));
    const b = resolvePlan(ORDERS_PIPELINE, environment('dev'));
    expect(JSON.stringify(a.lakehouse)).toEqual(JSON.stringify(b.lakehouse));
    expect(JSON.stringify(a.jobs)).toEqual(JSON.stringify(b.jobs));
  });
});

describe('accepted inputs that failed at deploy or run time are definition errors', () => {
  const CASES: Array<[string, (d: Mutable<PipelineDefinition>) => void, string]> = [
    ['topics colliding in Kafka (a.b vs a_b)', (d) => { d.topics.push({ ...d.topics[1], name: 'a.b' }, { ...d.topics[1], name: 'a_b' }); }, 'topics[3] ("a_b").name: "a_b" collides with topics[2] ("a.b") in Kafka, which treats "." and "_" alike in topic names — rename one of them so they differ in more than "." vs "_"'],
    ['an internal topic name', (d) => { d.topics[1].name = '__consumer_offsets'; d.jobs[1].sources = ['__consumer_offsets']; }, 'topics[1] ("__consumer_offsets").name: "__consumer_offsets" starts with "__", the prefix of Kafka\'s internal topics (__consumer_offsets, __transaction_state) — name the topic without the "__" prefix'],
    ['two time transforms of one column', (d) => { d.tables[0].partitionBy = [PartitionTransform.day('order_ts'), PartitionTransform.hour('order_ts')]; }, 'tables[0] ("orders").partitionBy[1]: hour(order_ts) repeats day(order_ts) (partitionBy[0]) on column "order_ts"; Iceberg refuses redundant partition fields — keep one time transform (or one transform of each kind) per column'],
    ['a partition field named like a column', (d) => { d.tables[0].columns.push({ name: 'order_ts_day', type: ColumnType.DATE }); d.jobs[0].transforms = { orders: 'SELECT order_id, customer_id, status, amount, currency, order_ts, CAST(order_ts AS DATE) AS order_ts_day FROM orders' }; }, 'tables[0] ("orders").partitionBy[0]: day(order_ts) makes the partition field "order_ts_day", which is also a column of the table; Iceberg refuses it — rename the column "order_ts_day"'],
    ['a wildcard consumer group', (d) => { d.jobs[0].consumerGroupId = '*'; }, 'jobs[0] ("orders-to-lake").consumerGroupId: "*" is not a literal consumer group name (IAM and ACL grants would read "*" as a wildcard) — use 1–255 characters of a-z A-Z 0-9 . _ -, or remove it for the default <pipeline>.<job>'],
    ['an empty consumer group', (d) => { d.jobs[0].consumerGroupId = ''; }, 'jobs[0] ("orders-to-lake").consumerGroupId: "" is not a literal consumer group name (IAM and ACL grants would read "*" as a wildcard) — use 1–255 characters of a-z A-Z 0-9 . _ -, or remove it for the default <pipeline>.<job>'],
    ['a second statement in a transform', (d) => { d.jobs[0].transforms = { orders: 'SELECT * FROM orders; DROP TABLE orders' }; }, 'jobs[0] ("orders-to-lake").transforms.orders: contains ";": a transform is one SELECT statement, and anything after it would run as another statement — remove the ";" and any statement after it'],
    ['an unquoted hyphenated topic', (d) => { d.topics[0].name = 'orders-raw'; d.jobs[0].sources = ['orders-raw']; d.jobs[0].transforms = { orders: 'SELECT order_id, customer_id, status, amount, currency, order_ts FROM orders-raw' }; }, 'jobs[0] ("orders-to-lake").transforms.orders: reads orders-raw unquoted, which Flink SQL parses as "orders - raw" (a subtraction) — quote the topic name with backquotes: `orders-raw`'],
    ['no jobs', (d) => { d.jobs = []; }, 'jobs: is empty — define at least one job that reads a topic and writes a table'],
    ['an unknown aws-msk-iam-auth pin', (d) => { d.artifacts = { mskIamAuthVersion: '0.0.1' }; }, 'artifacts.mskIamAuthVersion: software.amazon.msk:aws-msk-iam-auth:0.0.1 is not in the version catalog'],
    ['day-of-week 7', (d) => { d.jobs[1].schedule = JobSchedule.cron('0 2 * * 7'); }, 'jobs[1] ("customers-nightly").schedule: "0 2 * * 7" is not a 5-field cron expression (day-of-week "7" is outside 0–6)'],
    ['a table named constructor', (d) => { d.tables[1].name = 'constructor'; d.jobs[1].sinks = ['constructor']; }, ''],
  ];
  test.each(CASES)('%s', (_name, change, expected) => {
    const definition = exampleWith(change);
    const run = () => resolvePlan(definition, environment('dev'));
    if (expected === '') {
      expect(run).not.toThrow();
      return;
    }
    let error: unknown;
    try { run(); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(PipelineValidationError);
    const found = (error as PipelineValidationError).problems.map(formatProblem);
    expect(found.some((line) => line.startsWith(expected))).toBe(true);
  });
  test('quoted names, literals and comments are read as Flink reads them', () => {
    const ok = exampleWith((d) => {
      d.topics[0].name = 'orders-raw';
      d.jobs[0].sources = ['orders-raw'];
      d.jobs[0].transforms = { orders: "SELECT order_id, customer_id, status, amount, currency, order_ts FROM `orders-raw` WHERE status <> 'a;b' -- no ; here" };
    });
    expect(lines(ok)).toEqual([]);
  });
});

describe('hangs and aborts in sizing are bounded before sizing runs', () => {
  const bounded: Array<[string, (d: Mutable<PipelineDefinition>) => void, RegExp]> = [
    ['huge ingress', (d) => { d.topics[0].workload = { ingressMBps: 1e12, recordSizeBytes: 100 }; }, /workload.ingressMBps: is 1000000000000, above the 4000 MB\/s/],
    ['huge parallelism', (d) => { d.jobs[1].parallelism = { initial: 1e9, max: 1e9 }; }, /parallelism.initial: is 1000000000, above the 4096 parallelism/],
    ['huge partitions', (d) => { d.topics[1].partitions = 1e9; }, /partitions: is 1000000000, above the 4096 partitions/],
    ['tiny throughput per subtask', (d) => { d.jobs[0].throughputPerSubtaskMBps = 1e-9; }, /throughputPerSubtaskMBps: is 1e-9, below the 0.01 MB\/s/],
    ['throughput that derives too many partitions', (d) => { d.jobs[0].throughputPerSubtaskMBps = 0.02; d.topics[0].workload = { ingressMBps: 100, recordSizeBytes: 100 }; }, /workload: derives 10000 partitions/],
  ];
  // No clock: "before sizing runs" is shown by where the bound is, not by how long it took. The problem is one of
  // validateDefinition's (the first step of resolvePlan, before any topic, job or capacity is planned), and resolvePlan
  // throws it as that PipelineValidationError.
  test.each(bounded)('%s is a definition problem, refused before sizing', (_name, change, expected) => {
    const definition = exampleWith(change);
    expect(lines(definition).some((line) => expected.test(line))).toBe(true);
    let error: unknown;
    try { resolvePlan(definition, environment('prod')); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(PipelineValidationError);
    expect((error as PipelineValidationError).problems.map(formatProblem).some((line) => expected.test(line))).toBe(true);
  });
});
