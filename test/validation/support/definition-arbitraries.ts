import { Duration } from 'aws-cdk-lib';
import * as fc from 'fast-check';
import { ColumnType } from '../../../lib/definition/column-type';
import { FlinkVersion } from '../../../lib/definition/flink-version';
import { CostControl, JobMode, JobSchedule, StateMigration, WriteMode } from '../../../lib/definition/job-options';
import { BadRecordPolicy, BoundedRead, CleanupPolicy, KeyFormat, RecordFormat, StartPosition } from '../../../lib/definition/kafka-options';
import { PartitionTransform } from '../../../lib/definition/table-options';
import { PipelineDefinition } from '../../../lib/definition/pipeline-definition';
import { KafkaConnectorVariant } from '../../../lib/catalog/kafka-connector-variant';
import { Mutable, exampleWith } from '../../support/test-app';

type Draft = Mutable<PipelineDefinition>;
type Mutation = (d: Draft) => void;

/** Numbers a hostile or careless author writes: small, huge, fractional, negative, non-finite. */
export const anyNumber = fc.oneof(
  fc.integer({ min: -3, max: 12 }),
  fc.integer({ min: 0, max: 100_000 }),
  fc.double(),
  fc.constantFrom(0, -1, 0.5, 1e-9, 4096, 4097, 1e9, 1e300, Infinity, -Infinity, NaN),
);
const plausible = fc.constantFrom(1, 2, 3, 4, 6, 8, 12);
const index = fc.integer({ min: 0, max: 1 });
const names = fc.oneof(
  fc.constantFrom('orders', 'customers', 'a.b', 'a_b', '__consumer_offsets', 'refunds-raw', 'constructor', '__proto__', 'toString', '', ' ', '*', 'x'.repeat(300)),
  fc.stringMatching(/^[a-zA-Z0-9._-]{1,12}$/),
  fc.string({ maxLength: 12 }),
);
const duration = fc.oneof(
  fc.integer({ min: 0, max: 400 }).map((n) => Duration.days(n)),
  fc.integer({ min: 0, max: 5000 }).map((n) => Duration.millis(n)),
  fc.integer({ min: 0, max: 5000 }).map((n) => Duration.seconds(n)),
  fc.constantFrom(Duration.millis(0.5), Duration.days(1e6), Duration.minutes(90), Duration.hours(36)),
);
const cronField = fc.oneof(fc.constantFrom('*', '*/2', '*/0', '1-5', '5-1', '0,6', '7', '60', 'MON', '1/3', '?'), fc.integer({ min: 0, max: 70 }).map(String));
const cron = fc.tuple(cronField, cronField, cronField, cronField, cronField, fc.constantFrom(5, 5, 5, 4, 6))
  .map(([a, b, c, d, e, n]) => [a, b, c, d, e, '0'].slice(0, n).join(' '));
const transform = fc.tuple(fc.constantFrom('order_ts', 'order_id', 'amount', 'nope'), fc.constantFrom('identity', 'year', 'month', 'day', 'hour', 'bucket', 'truncate'), anyNumber)
  .map(([column, kind, n]) => (kind === 'bucket' ? PartitionTransform.bucket(n, column) : kind === 'truncate' ? PartitionTransform.truncate(n, column)
    : PartitionTransform[kind as 'identity' | 'year' | 'month' | 'day' | 'hour'](column)));
const columnType = fc.constantFrom(ColumnType.STRING, ColumnType.INT, ColumnType.BIGINT, ColumnType.DOUBLE, ColumnType.DATE, ColumnType.TIMESTAMP, ColumnType.TIMESTAMP_LTZ, ColumnType.decimal(12, 2), ColumnType.decimal(40, 2));
const sql = fc.tuple(fc.constantFrom('SELECT * FROM ', 'SELECT order_id, customer_id, status, amount, currency, order_ts FROM ', 'select 1 from ', 'DROP TABLE '), fc.constantFrom('orders', '`orders`', 'orders-raw', 'customers', 'orders.v1'), fc.constantFrom('', ';', '; DROP TABLE x', " WHERE status <> ';'", ' -- ;'))
  .map(([a, b, c]) => `${a}${b}${c}`);

/** Typed mutations of the example definition: every field the sizing, naming and rendering code reads. */
const MUTATIONS: fc.Arbitrary<Mutation>[] = [
  fc.tuple(index, fc.oneof(anyNumber, plausible)).map(([i, n]): Mutation => (d) => { d.topics[i].partitions = n; }),
  fc.tuple(index, anyNumber, anyNumber, fc.option(anyNumber, { nil: undefined })).map(([i, ingressMBps, recordSizeBytes, peakFactor]): Mutation => (d) => { d.topics[i].workload = { ingressMBps, recordSizeBytes, peakFactor }; }),
  fc.tuple(index, plausible).map(([i, n]): Mutation => (d) => { d.topics[i].workload = { ingressMBps: n, recordSizeBytes: 512 }; }),
  fc.tuple(index, duration).map(([i, r]): Mutation => (d) => { d.topics[i].retention = r; }),
  fc.tuple(index, fc.constantFrom(CleanupPolicy.DELETE, CleanupPolicy.COMPACT)).map(([i, c]): Mutation => (d) => { d.topics[i].cleanupPolicy = c; }),
  fc.tuple(index, fc.constantFrom(KeyFormat.FROM_VALUE, KeyFormat.RAW, KeyFormat.JSON, KeyFormat.AVRO), fc.constantFrom(RecordFormat.JSON, RecordFormat.AVRO), fc.constantFrom(BadRecordPolicy.FAIL, BadRecordPolicy.SKIP))
    .map(([i, k, v, b]): Mutation => (d) => { d.topics[i].keyFormat = k; d.topics[i].valueFormat = v; d.topics[i].badRecords = b; }),
  fc.tuple(index, names).map(([i, name]): Mutation => (d) => { const old = d.topics[i].name; d.topics[i].name = name; d.jobs.forEach((j) => { j.sources = j.sources.map((s) => (s === old ? name : s)); }); }),
  fc.tuple(index, names).map(([i, name]): Mutation => (d) => { const old = d.tables[i].name; d.tables[i].name = name; d.jobs.forEach((j) => { j.sinks = j.sinks.map((s) => (s === old ? name : s)); }); }),
  fc.tuple(index, names).map(([i, name]): Mutation => (d) => { d.jobs[i].name = name; }),
  names.map((name): Mutation => (d) => { d.name = name; }),
  fc.tuple(index, fc.oneof(anyNumber, plausible), fc.oneof(anyNumber, plausible)).map(([i, initial, max]): Mutation => (d) => { d.jobs[i].parallelism = { initial, max }; }),
  fc.tuple(index, fc.oneof(anyNumber, plausible)).map(([i, t]): Mutation => (d) => { d.jobs[i].throughputPerSubtaskMBps = t; }),
  fc.tuple(index, duration).map(([i, c]): Mutation => (d) => { d.jobs[i].checkpointInterval = c; }),
  fc.tuple(index, duration).map(([i, c]): Mutation => (d) => { d.jobs[i].stateTtl = c; }),
  fc.tuple(index, names).map(([i, g]): Mutation => (d) => { d.jobs[i].consumerGroupId = g; }),
  cron.map((c): Mutation => (d) => { d.jobs[1].schedule = JobSchedule.cron(c); }),
  fc.tuple(index, fc.constantFrom(JobMode.STREAMING, JobMode.BATCH), fc.constantFrom(WriteMode.INCREMENTAL, WriteMode.REPLACE, undefined)).map(([i, m, w]): Mutation => (d) => { d.jobs[i].mode = m; d.jobs[i].writeMode = w; }),
  fc.tuple(index, fc.constantFrom(CostControl.CONTINUOUS, CostControl.AUTOSCALED), anyNumber).map(([i, c, h]): Mutation => (d) => { d.jobs[i].costControl = h > 0 && h < 30 ? CostControl.scheduledWindow(h) : c; }),
  fc.tuple(index, fc.constantFrom(StartPosition.EARLIEST, StartPosition.LATEST, StartPosition.timestamp(new Date('x')), StartPosition.timestamp(new Date(0)))).map(([i, s]): Mutation => (d) => { d.jobs[i].startPosition = s; }),
  fc.tuple(index, fc.constantFrom(BoundedRead.LATEST_OFFSET, BoundedRead.timestamp(new Date(NaN)), undefined)).map(([i, b]): Mutation => (d) => { d.jobs[i].boundedRead = b; }),
  fc.tuple(index, fc.constantFrom(StateMigration.RESTORE, StateMigration.freshStart(''), StateMigration.freshStart('new column'))).map(([i, s]): Mutation => (d) => { d.jobs[i].stateMigration = s; }),
  fc.array(transform, { maxLength: 3 }).map((spec): Mutation => (d) => { d.tables[0].partitionBy = spec; }),
  fc.tuple(index, fc.integer({ min: 0, max: 4 }), columnType).map(([i, c, t]): Mutation => (d) => { const col = d.tables[i].columns[c]; if (col) d.tables[i].columns[c] = { ...col, type: t }; }),
  sql.map((q): Mutation => (d) => { d.jobs[0].transforms = { orders: q }; }),
  fc.tuple(index, fc.string({ maxLength: 3000 })).map(([i, c]): Mutation => (d) => { d.tables[i].comment = c; }),
  fc.tuple(index, duration, fc.oneof(anyNumber, plausible), duration).map(([i, s, k, o]): Mutation => (d) => { d.tables[i].maintenance = { snapshotRetention: s, snapshotsToKeep: k, orphanFileRetention: o }; }),
  fc.constantFrom(FlinkVersion.V1_19, FlinkVersion.V1_20, FlinkVersion.V2_0, FlinkVersion.V2_2, FlinkVersion.of('9.9')).map((v): Mutation => (d) => { d.flinkVersion = v; }),
  fc.tuple(fc.constantFrom(undefined, '2.3.5', '0.0.1', 'x'), fc.constantFrom(undefined, KafkaConnectorVariant.SHADED_SQL)).map(([m, v]): Mutation => (d) => { d.artifacts = { mskIamAuthVersion: m, kafkaConnectorVariant: v }; }),
  fc.tuple(fc.option(index, { nil: undefined }), anyNumber, anyNumber, anyNumber, fc.boolean()).map(([i, a, b, c, alarms]): Mutation => (d) => {
    const monitoring = { consumerLag: a > 1e6 ? { maxMinutesOfPeak: b } : { maxRecords: a }, restartsPerHour: b, cpuPercent: c, busyTimeMsPerSecond: a, alarms };
    if (i === undefined) d.monitoring = { ...monitoring, brokerDiskPercent: c };
    else d.jobs[i].monitoring = monitoring;
  }),
  fc.constantFrom<Mutation>((d) => { d.jobs = []; }, (d) => { d.jobs.pop(); }, (d) => { d.tables.pop(); }, (d) => { d.topics.push({ ...d.topics[1], name: 'customers.v2' }, { ...d.topics[1], name: 'customers_v2' }); }),
];

/** The example definition with 1–4 typed mutations. */
export const typedDefinition: fc.Arbitrary<PipelineDefinition> = fc.array(fc.oneof(...MUTATIONS), { minLength: 1, maxLength: 4 })
  .map((mutations) => exampleWith((d) => mutations.forEach((m) => {
    try {
      m(d);
    } catch {
      // the mutation's target was removed by an earlier mutation of the same case: nothing to mutate
    }
  })));

/** Paths into the plain objects and arrays of a value (class instances are leaves). */
function plainPaths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  const paths: (string | number)[][] = [at];
  if (Array.isArray(value)) value.forEach((v, i) => paths.push(...plainPaths(v, [...at, i])));
  else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    Object.entries(value).forEach(([k, v]) => paths.push(...plainPaths(v, [...at, k])));
  }
  return paths;
}

const junk = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(null, undefined, {}, [], '', 0, -1, NaN, 'compact', '1.20', '6', [null], { name: 1 }));

/** JSON-shaped inputs: the example with a random node (or the whole) replaced by arbitrary JSON, or deleted. */
export const untypedDefinition: fc.Arbitrary<unknown> = fc.tuple(fc.nat(), junk, fc.boolean(), fc.integer({ min: 0, max: 19 })).map(([pick, replacement, remove, whole]) => {
  if (whole === 0) return replacement;
  const draft = exampleWith(() => undefined) as unknown as Record<string, unknown>;
  const paths = plainPaths(draft).filter((p) => p.length > 0);
  const path = paths[pick % paths.length];
  let parent: Record<string | number, unknown> = draft;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (remove && !Array.isArray(parent)) delete parent[last];
  else parent[last] = replacement;
  return draft;
});
