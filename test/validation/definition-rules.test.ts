import { Duration } from 'aws-cdk-lib';
import { ColumnType, ComputedColumn } from '../../lib/definition/column-type';
import { CostControl, JobMode, JobSchedule, StateMigration, WriteMode } from '../../lib/definition/job-options';
import { BadRecordPolicy, BoundedRead, CleanupPolicy, KeyFormat, RecordFormat, StartPosition } from '../../lib/definition/kafka-options';
import { PartitionTransform } from '../../lib/definition/table-options';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { findDefinitionProblems, validateDefinition } from '../../lib/validation/validate-definition';
import { formatProblem, PipelineValidationError } from '../../lib/validation/validation-problem';
import { Mutable, exampleWith } from '../support/test-app';
import { PipelineDefinition } from '../../lib/definition/pipeline-definition';
import { addPipelineStacks } from '../../lib/app/pipeline-app';
import { testApp } from '../support/test-app';

type Change = (d: Mutable<PipelineDefinition>) => void;

/** Each rule: a change to the example and the one problem line it must produce, exactly. */
const CASES: Array<[string, Change, string]> = [
  ['pipeline name', (d) => { d.name = 'Orders_Pipeline'; }, 'name: "Orders_Pipeline" is not a valid pipeline name — use 1–32 lower case letters, digits and "-", starting with a letter and not ending with "-"'],
  ['duplicate topic', (d) => { d.topics.push({ ...d.topics[1] }); }, 'topics: topic "customers" is defined more than once — give each topic a unique name'],
  ['duplicate job', (d) => { d.jobs.push({ ...d.jobs[1], consumerGroupId: 'other' }); }, 'jobs: job "customers-nightly" is defined more than once — give each job a unique name'],
  ['duplicate table', (d) => { d.tables.push({ ...d.tables[1] }); }, 'tables: table "orders.customers" is defined more than once — give each table a unique name within its database'],
  ['duplicate column', (d) => { d.topics[0].columns.push({ name: 'status', type: ColumnType.STRING }); }, 'topics[0] ("orders").columns: column "status" is defined more than once — give each column a unique name'],
  ['topic name characters', (d) => { d.topics[1].name = 'customers/v1'; d.jobs[1].sources = ['customers/v1']; }, 'topics[1] ("customers/v1").name: "customers/v1" is not a legal Kafka topic name — use 1–249 characters of a-z A-Z 0-9 . _ - (not "." or "..")'],
  ['topic name length', (d) => { const n = 'x'.repeat(250); d.topics[1].name = n; d.jobs[1].sources = [n]; }, `topics[1] ("${'x'.repeat(250)}").name: "${'x'.repeat(250)}" is not a legal Kafka topic name — use 1–249 characters of a-z A-Z 0-9 . _ - (not "." or "..")`],
  ['partitions ≥ 1', (d) => { d.topics[1].partitions = 0; }, 'topics[1] ("customers").partitions: must be a whole number ≥ 1, got 0 — set at least 1 partition (or leave it out to derive it from the workload)'],
  ['partitions or workload', (d) => { d.topics[1].partitions = undefined; d.topics[1].workload = undefined; }, 'topics[1] ("customers").partitions: is not set and there is no workload to derive it from — set partitions, or set workload (ingressMBps, recordSizeBytes) to derive it'],
  ['workload ingress', (d) => { d.topics[0].workload = { ingressMBps: 0, recordSizeBytes: 100 }; }, 'topics[0] ("orders").workload.ingressMBps: must be > 0, got 0 — give the average ingress in MB/s'],
  // Found by the fuzz suite: 5e-324 bytes per record derived an infinite record rate, and an infinite alarm threshold.
  ['workload record size', (d) => { d.topics[0].workload = { ingressMBps: 4, recordSizeBytes: 5e-324 }; }, 'topics[0] ("orders").workload.recordSizeBytes: must be ≥ 1, got 5e-324 — give the average record size in bytes'],
  ['retention > 0', (d) => { d.topics[0].retention = Duration.seconds(0); }, 'topics[0] ("orders").retention: must be > 0, got 0 seconds — give a retention such as Duration.days(7)'],
  ['key column exists', (d) => { d.topics[0].key = ['id']; }, 'topics[0] ("orders").key[0]: unknown column "id"; known columns: order_id, customer_id, status, amount, currency, order_ts — name a column of the topic'],
  ['compacted topic needs a key', (d) => { d.topics[0].key = undefined; d.topics[0].cleanupPolicy = CleanupPolicy.COMPACT; }, 'topics[0] ("orders").cleanupPolicy: is compact but the topic has no key — set key: compaction keeps the latest record per key'],
  ['key format needs a key', (d) => { d.topics[0].key = undefined; d.topics[0].keyFormat = KeyFormat.AVRO; }, 'topics[0] ("orders").keyFormat: is avro-confluent but the topic has no key — set key, or remove keyFormat'],
  ['glue table name', (d) => { d.tables[1].name = 'Customers'; d.jobs[1].sinks = ['Customers']; }, 'tables[1] ("Customers").name: "Customers" is not a valid Glue/Iceberg table name — use 1–255 lower case letters, digits and "_", not starting with a digit'],
  ['glue database name', (d) => { d.database = 'orders-db'; }, 'database: "orders-db" is not a valid Glue/Iceberg database name — use 1–255 lower case letters, digits and "_", not starting with a digit'],
  ['decimal range', (d) => { d.tables[0].columns[3] = { name: 'amount', type: ColumnType.decimal(40, 2) }; d.topics[0].columns[3] = { name: 'amount', type: ColumnType.decimal(12, 2) }; }, 'tables[0] ("orders").columns[3].type: DECIMAL(40, 2) is out of range — use precision 1–38 and scale 0–precision'],
  ['partition column exists', (d) => { d.tables[1].partitionBy = [PartitionTransform.identity('region')]; d.jobs[1].writeMode = WriteMode.INCREMENTAL; }, 'tables[1] ("customers").partitionBy[0]: region refers to unknown column "region"; known columns: customer_id, name, email, country, updated_at — partition by a column of the table'],
  ['time transform on a time column', (d) => { d.tables[1].partitionBy = [PartitionTransform.day('customer_id')]; d.jobs[1].writeMode = WriteMode.INCREMENTAL; }, 'tables[1] ("customers").partitionBy[0]: day(customer_id) needs a DATE or TIMESTAMP column, but customer_id is STRING — use identity, bucket or truncate for this column, or a time column'],
  ['bucket count', (d) => { d.tables[1].partitionBy = [PartitionTransform.bucket(0, 'customer_id')]; d.jobs[1].writeMode = WriteMode.INCREMENTAL; }, 'tables[1] ("customers").partitionBy[0]: bucket needs a whole number ≥ 1, got 0 — give the bucket count'],
  ['primary key column exists', (d) => { d.tables[1].primaryKey = ['id']; d.tables[1].partitionBy = []; }, 'tables[1] ("customers").primaryKey[0]: unknown column "id"; known columns: customer_id, name, email, country, updated_at — name columns of the table'],
  ['primary key not nullable', (d) => { d.tables[1].columns[0] = { name: 'customer_id', type: ColumnType.STRING, nullable: true }; }, 'tables[1] ("customers").primaryKey[0]: column "customer_id" is declared nullable — primary key columns are NOT NULL: remove nullable: true'],
  ['partition column in primary key', (d) => { d.tables[0].primaryKey = ['order_id']; }, 'tables[0] ("orders").partitionBy[0]: partition column "order_ts" is not in the primary key (order_id) — add order_ts to primaryKey, or partition by a key column'],
  ['snapshot retention in whole days', (d) => { d.tables[0].maintenance = { snapshotRetention: Duration.hours(36) }; }, 'tables[0] ("orders").maintenance.snapshotRetention: must be whole days (Glue table optimizers take days), got 1 day 12 hours — use e.g. Duration.days(5): time travel and rollback reach that far back'],
  ['orphan file retention ≥ 1 day', (d) => { d.tables[0].maintenance = { orphanFileRetention: Duration.days(0) }; }, 'tables[0] ("orders").maintenance.orphanFileRetention: must be 1–3650 days, got 0 days — use e.g. Duration.days(3): files younger than that may belong to a commit in flight'],
  ['snapshots to keep ≥ 1', (d) => { d.tables[1].maintenance = { snapshotsToKeep: 0 }; }, 'tables[1] ("customers").maintenance.snapshotsToKeep: must be a whole number ≥ 1, got 0 — keep at least the current snapshot, e.g. 10'],
  ['maintenance off with settings', (d) => { d.tables[1].maintenance = { enabled: false, compaction: true }; }, 'tables[1] ("customers").maintenance.enabled: is false, but maintenance settings are given — remove the settings, or turn maintenance on'],
  ['job name', (d) => { d.jobs[0].name = 'Orders To Lake'; }, 'jobs[0] ("Orders To Lake").name: "Orders To Lake" is not a valid job name — use 1–40 lower case letters, digits and "-", starting with a letter and not ending with "-"'],
  ['unknown sink', (d) => { d.jobs[1].sinks = ['customer']; }, 'jobs[1] ("customers-nightly").sinks[0]: unknown table "customer"; known tables: orders, customers — name a table of the pipeline'],
  ['unknown source', (d) => { d.jobs[1].sources = ['customer']; }, 'jobs[1] ("customers-nightly").sources[0]: unknown topic "customer"; known topics: orders, customers — name a topic of the pipeline'],
  ['no sources', (d) => { d.jobs[1].sources = []; }, 'jobs[1] ("customers-nightly").sources: is empty — name at least one topic; known topics: orders, customers'],
  ['parallelism initial ≤ max', (d) => { d.jobs[1].parallelism = { initial: 4, max: 2 }; }, 'jobs[1] ("customers-nightly").parallelism.max: must be ≥ parallelism.initial (4), got 2 — raise max or lower initial'],
  ['parallelism ≥ 1', (d) => { d.jobs[1].parallelism = { initial: 0 }; }, 'jobs[1] ("customers-nightly").parallelism.initial: must be a whole number ≥ 1, got 0 — use a positive whole number'],
  ['watermark column exists', (d) => { d.jobs[0].eventTime = { column: 'created_at', maxOutOfOrderness: Duration.seconds(5) }; }, 'jobs[0] ("orders-to-lake").eventTime.column: topic "orders" has no column "created_at"; its columns: order_id, customer_id, status, amount, currency, order_ts — name a timestamp column present in every source'],
  ['watermark column is a timestamp', (d) => { d.jobs[0].eventTime = { column: 'order_id', maxOutOfOrderness: Duration.seconds(5) }; }, 'jobs[0] ("orders-to-lake").eventTime.column: column "order_id" of topic "orders" is STRING, not a timestamp — use a ColumnType.TIMESTAMP_LTZ column (a UTC instant, or ComputedColumn.epochMillis of a BIGINT), or ColumnType.TIMESTAMP for local times'],
  ['batch needs a bound', (d) => { d.jobs[1].boundedRead = undefined; }, 'jobs[1] ("customers-nightly").boundedRead: is not set for a batch job — set boundedRead (e.g. BoundedRead.LATEST_OFFSET) so the job ends'],
  ['batch needs a schedule', (d) => { d.jobs[1].schedule = undefined; }, "jobs[1] (\"customers-nightly\").schedule: is not set for a batch job — set schedule, e.g. JobSchedule.cron('0 2 * * *')"],
  ['streaming has no bound', (d) => { d.jobs[0].boundedRead = BoundedRead.LATEST_OFFSET; }, 'jobs[0] ("orders-to-lake").boundedRead: latest-offset is set on a streaming job — remove it, or set mode: JobMode.BATCH'],
  ['cron expression', (d) => { d.jobs[1].schedule = JobSchedule.cron('every night'); }, "jobs[1] (\"customers-nightly\").schedule: \"every night\" is not a 5-field cron expression (has 2 fields, not 5) — use 'minute hour day-of-month month day-of-week' in UTC with numbers (day-of-week 0–6 from Sunday), e.g. '0 2 * * *'"],
  ['scheduled window under a minute', (d) => { d.jobs[1].costControl = CostControl.scheduledWindow(0.001); }, 'jobs[1] ("customers-nightly").costControl: runs 0.001 hours a day — give from 1/60 (one minute) to 24 hours a day'],
  ['scheduled window hours', (d) => { d.jobs[0].costControl = CostControl.scheduledWindow(30); }, 'jobs[0] ("orders-to-lake").costControl: runs 30 hours a day — give from 1/60 (one minute) to 24 hours a day'],
  ['checkpoint interval', (d) => { d.jobs[0].checkpointInterval = Duration.millis(100); }, 'jobs[0] ("orders-to-lake").checkpointInterval: must be ≥ 1 second, got 100 millis — use e.g. Duration.minutes(1): Iceberg commits a snapshot per checkpoint'],
  ['shared consumer group', (d) => { d.jobs[1].consumerGroupId = 'orders.orders-to-lake'; }, 'jobs[1] ("customers-nightly").consumerGroupId: "orders.orders-to-lake" is also used by jobs[0] ("orders-to-lake") — give each job its own consumer group'],
  ['transform keyed by a sink', (d) => { d.jobs[0].transforms = { ...d.jobs[0].transforms, customers: 'SELECT * FROM orders' }; }, 'jobs[0] ("orders-to-lake").transforms.customers: is not a sink of the job; sinks: orders — key transforms by sink table name'],
  ['transform reads only sources', (d) => { d.jobs[0].transforms = { orders: 'SELECT o.* FROM orders o JOIN customers c ON o.customer_id = c.customer_id' }; }, 'jobs[0] ("orders-to-lake").transforms.orders: reads "customers", which is not a source of the job; sources: orders — add the topic to sources, or read a listed source'],
  ['sink column fed by the source', (d) => { d.tables[1].columns.push({ name: 'segment', type: ColumnType.STRING }); }, 'jobs[1] ("customers-nightly").sinks[0]: column customers.segment cannot be fed: topic "customers" has no column "segment" — add transforms.customers that computes it, or add the column to the topic'],
  ['sink column type fed by the source', (d) => { d.tables[1].columns[4] = { name: 'updated_at', type: ColumnType.DATE }; }, 'jobs[1] ("customers-nightly").sinks[0]: column customers.updated_at is DATE but topic "customers" gives TIMESTAMP_LTZ(3) — add transforms.customers with a CAST, or align the types'],
  // item 3: timestamps
  ['no silent TIMESTAMP to TIMESTAMP_LTZ', (d) => { d.topics[1].columns[4] = { name: 'updated_at', type: ColumnType.TIMESTAMP }; }, 'jobs[1] ("customers-nightly").sinks[0]: column customers.updated_at is TIMESTAMP_LTZ(3) but topic "customers" gives TIMESTAMP(3) — add transforms.customers with a CAST, or align the types'],
  ['epoch millis reads a BIGINT', (d) => { d.topics[0].columns[5] = { name: 'order_ts', type: ColumnType.TIMESTAMP_LTZ, computed: ComputedColumn.epochMillis('status') }; }, 'topics[0] ("orders").columns[5].computed: epoch-millis(status) reads "status", which is STRING — declare the epoch milliseconds column as ColumnType.BIGINT'],
  ['epoch millis reads an existing column', (d) => { d.topics[0].columns[5] = { name: 'order_ts', type: ColumnType.TIMESTAMP_LTZ, computed: ComputedColumn.epochMillis('ts_ms') }; }, 'topics[0] ("orders").columns[5].computed: epoch-millis(ts_ms) reads "ts_ms", which is not a physical column of the topic — name the BIGINT column that holds the epoch milliseconds'],
  ['epoch millis gives TIMESTAMP_LTZ', (d) => { d.topics[0].columns.push({ name: 'ts_ms', type: ColumnType.BIGINT }, { name: 'ts', type: ColumnType.TIMESTAMP, computed: ComputedColumn.epochMillis('ts_ms') }); }, 'topics[0] ("orders").columns[7].type: is TIMESTAMP(3), but TO_TIMESTAMP_LTZ(epoch millis, 3) gives TIMESTAMP_LTZ(3) — use ColumnType.TIMESTAMP_LTZ'],
  // item 4: keys
  ['raw key is one STRING column', (d) => { d.topics[0].key = ['order_id', 'amount']; d.topics[0].keyFormat = KeyFormat.RAW; }, 'topics[0] ("orders").keyFormat: is raw, which holds one STRING key column, but the key is (order_id STRING, amount DECIMAL(12, 2)) — use KeyFormat.JSON for a composite or typed key, or KeyFormat.FROM_VALUE to read the key columns from the value'],
  // item 5: bad records
  ['skip needs JSON', (d) => { d.topics[0].valueFormat = RecordFormat.AVRO; d.topics[0].badRecords = BadRecordPolicy.SKIP; }, "topics[0] (\"orders\").badRecords: is skip, but the value format avro-confluent cannot ignore parse errors (only Flink's json format can) — use BadRecordPolicy.FAIL, or JSON records"],
  ['skip needs a JSON key', (d) => { d.topics[0].keyFormat = KeyFormat.AVRO; d.topics[0].badRecords = BadRecordPolicy.SKIP; }, "topics[0] (\"orders\").badRecords: is skip, but the key format avro-confluent cannot ignore parse errors (only Flink's json format can) — use BadRecordPolicy.FAIL, or JSON records"],
  // item 6: repeated initial loads
  ['replace reads compacted topics', (d) => { d.jobs[1].sources = ['orders']; d.jobs[1].transforms = { customers: 'SELECT customer_id, status AS name, currency AS email, currency AS country, order_ts AS updated_at FROM orders' }; d.jobs[1].consumerGroupId = 'x'; }, 'jobs[1] ("customers-nightly").sources[0]: topic "orders" is not compacted with a key, so a full replace would drop every key whose records retention deleted — make the topic CleanupPolicy.COMPACT with a key, or set writeMode: WriteMode.INCREMENTAL (upserts: upstream deletes are not applied and every run writes an equality delete per key)'],
  ['replace writes unpartitioned tables', (d) => { d.tables[1].partitionBy = [PartitionTransform.bucket(8, 'customer_id')]; }, 'jobs[1] ("customers-nightly").sinks[0]: table "customers" is partitioned (bucket[8](customer_id)); a replace overwrites only the partitions a run writes, so a partition whose keys were all deleted would keep its rows — leave the table unpartitioned, or set writeMode: WriteMode.INCREMENTAL (upserts: upstream deletes are not applied and every run writes an equality delete per key)'],
  ['replace reads from the earliest offset', (d) => { d.jobs[1].startPosition = StartPosition.LATEST; }, 'jobs[1] ("customers-nightly").startPosition: is latest-offset, but a full replace must read every live key — remove it (a replace reads from StartPosition.EARLIEST)'],
  ['replace is batch only', (d) => { d.jobs[0].writeMode = WriteMode.REPLACE; }, 'jobs[0] ("orders-to-lake").writeMode: is replace on a streaming job (Iceberg overwrites only from a bounded batch job) — remove it, or set mode: JobMode.BATCH'],
  ['compaction lag on compacted topics', (d) => { d.topics[0].maxCompactionLag = Duration.hours(1); }, 'topics[0] ("orders").maxCompactionLag: is set on a topic with cleanup policy delete — remove it, or set cleanupPolicy: CleanupPolicy.COMPACT'],
  // item 13: state migration
  ['fresh start says why', (d) => { d.jobs[0].stateMigration = StateMigration.freshStart(' '); }, "jobs[0] (\"orders-to-lake\").stateMigration: is a fresh start without a reason — say why the state may be dropped, e.g. StateMigration.freshStart('new column, offsets are enough')"],
  ['fresh start on batch', (d) => { d.jobs[1].stateMigration = StateMigration.freshStart('x'); }, 'jobs[1] ("customers-nightly").stateMigration: is a fresh start on a batch job, which starts without state on every run — remove it'],
];

describe('definition validation', () => {
  test('the example pipeline is valid', () => {
    expect(findDefinitionProblems(ORDERS_PIPELINE)).toEqual([]);
  });

  test.each(CASES)('fails on %s with the exact message', (_name, change, expected) => {
    const problems = findDefinitionProblems(exampleWith(change)).map(formatProblem);
    expect(problems).toEqual([expected]);
  });

  test('one error lists every problem, each with its path', () => {
    const broken = exampleWith((d) => {
      d.jobs[1].sinks = ['customer'];
      d.jobs[0].parallelism = { initial: 8, max: 2 };
      d.topics[1].partitions = 0;
    });
    expect(() => validateDefinition(broken)).toThrow(new PipelineValidationError('pipeline "orders"', findDefinitionProblems(broken)));
    expect(() => validateDefinition(broken)).toThrow([
      'pipeline "orders" has 3 problems:',
      '  - topics[1] ("customers").partitions: must be a whole number ≥ 1, got 0 — set at least 1 partition (or leave it out to derive it from the workload)',
      '  - jobs[1] ("customers-nightly").sinks[0]: unknown table "customer"; known tables: orders, customers — name a table of the pipeline',
      '  - jobs[0] ("orders-to-lake").parallelism.max: must be ≥ parallelism.initial (8), got 2 — raise max or lower initial',
    ].join('\n'));
  });

  test('a streaming job may not carry a schedule', () => {
    const problems = findDefinitionProblems(exampleWith((d) => { d.jobs[1].mode = JobMode.STREAMING; d.jobs[1].boundedRead = undefined; d.jobs[1].writeMode = undefined; })).map(formatProblem);
    expect(problems).toEqual(['jobs[1] ("customers-nightly").schedule: "0 2 * * *" is set on a streaming job — remove it, or set mode: JobMode.BATCH (use costControl for streaming windows)']);
  });
});

describe('an empty pipeline', () => {
  const EMPTY: PipelineDefinition = { name: 'empty', topics: [], tables: [], jobs: [] };

  test('is one definition error, not a CDK crash', () => {
    expect(findDefinitionProblems(EMPTY).map(formatProblem)).toEqual([
      'jobs: is empty — define at least one job that reads a topic and writes a table',
    ]);
    expect(() => addPipelineStacks(testApp(), EMPTY)).toThrow(PipelineValidationError);
    expect(() => addPipelineStacks(testApp(), EMPTY)).toThrow('pipeline "empty" has 1 problem:\n  - jobs: is empty');
  });

  test('lists that are not lists (JSON, JavaScript) are reported before any rule reads them', () => {
    const raw = { name: 'raw', topics: [] } as unknown as PipelineDefinition;
    expect(findDefinitionProblems(raw).map(formatProblem)).toEqual([
      'tables: must be an array, got nothing — give tables as an array',
      'jobs: must be an array, got nothing — give jobs as an array',
    ]);
  });
});
