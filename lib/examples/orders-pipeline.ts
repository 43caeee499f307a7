import { Duration } from 'aws-cdk-lib';
import { ColumnType } from '../definition/column-type';
import { FlinkVersion } from '../definition/flink-version';
import { JobMode, JobSchedule, WriteMode } from '../definition/job-options';
import { BadRecordPolicy, BoundedRead, CleanupPolicy, KeyFormat, RecordFormat, StartPosition } from '../definition/kafka-options';
import { PipelineDefinition } from '../definition/pipeline-definition';
import { PartitionTransform } from '../definition/table-options';

/**
 * The example pipeline of the app:
 * - `orders-to-lake`: real-time ingestion of the `orders` topic into the Iceberg `orders` table, with event time (UTC
 *   instants, `...Z`) and a watermark, upserting on the order key so redelivered records do not duplicate rows;
 * - `customers-nightly`: a nightly batch reload of the compacted `customers` topic into the `customers` table, bounded
 *   at the latest offsets when it starts, replacing the table's snapshot with the latest record per key: idempotent,
 *   deletes upstream disappear, nothing accumulates.
 * Keys are read from the values (the record keys are plain strings), and an undecodable record stops the job.
 */
export const ORDERS_PIPELINE: PipelineDefinition = {
  name: 'orders',
  flinkVersion: FlinkVersion.V1_20,
  database: 'orders',
  topics: [
    {
      name: 'orders',
      key: ['order_id'],
      columns: [
        { name: 'order_id', type: ColumnType.STRING, nullable: false },
        { name: 'customer_id', type: ColumnType.STRING },
        { name: 'status', type: ColumnType.STRING },
        { name: 'amount', type: ColumnType.decimal(12, 2) },
        { name: 'currency', type: ColumnType.STRING },
        { name: 'order_ts', type: ColumnType.TIMESTAMP_LTZ, nullable: false },
      ],
      workload: { ingressMBps: 4, recordSizeBytes: 1024, peakFactor: 3 },
      retention: Duration.days(7),
      cleanupPolicy: CleanupPolicy.DELETE,
      keyFormat: KeyFormat.FROM_VALUE,
      valueFormat: RecordFormat.JSON,
      badRecords: BadRecordPolicy.FAIL,
      // The clicks pipeline (another team's) reads this topic as a shared input: the owner's consent.
      readers: ['clicks'],
    },
    {
      name: 'customers',
      key: ['customer_id'],
      columns: [
        { name: 'customer_id', type: ColumnType.STRING, nullable: false },
        { name: 'name', type: ColumnType.STRING },
        { name: 'email', type: ColumnType.STRING },
        { name: 'country', type: ColumnType.STRING },
        { name: 'updated_at', type: ColumnType.TIMESTAMP_LTZ },
      ],
      partitions: 6,
      workload: { ingressMBps: 0.05, recordSizeBytes: 512 },
      retention: Duration.days(1),
      cleanupPolicy: CleanupPolicy.COMPACT,
    },
  ],
  tables: [
    {
      name: 'orders',
      comment: 'Orders, upserted by (order_id, order_ts) from the orders topic in real time.',
      columns: [
        { name: 'order_id', type: ColumnType.STRING },
        { name: 'customer_id', type: ColumnType.STRING },
        { name: 'status', type: ColumnType.STRING },
        { name: 'amount', type: ColumnType.decimal(12, 2) },
        { name: 'currency', type: ColumnType.STRING },
        { name: 'order_ts', type: ColumnType.TIMESTAMP_LTZ },
      ],
      // order_ts is set once per order, so it can join the key that the day partition requires.
      primaryKey: ['order_id', 'order_ts'],
      partitionBy: [PartitionTransform.day('order_ts')],
    },
    {
      name: 'customers',
      comment: 'Latest state of each customer, re-ingested nightly from the compacted customers topic.',
      columns: [
        { name: 'customer_id', type: ColumnType.STRING },
        { name: 'name', type: ColumnType.STRING },
        { name: 'email', type: ColumnType.STRING },
        { name: 'country', type: ColumnType.STRING },
        { name: 'updated_at', type: ColumnType.TIMESTAMP_LTZ },
      ],
      primaryKey: ['customer_id'],
      // Unpartitioned: the nightly replace overwrites all of it (a partition that no row reaches would keep old rows).
    },
  ],
  jobs: [
    {
      name: 'orders-to-lake',
      mode: JobMode.STREAMING,
      sources: ['orders'],
      sinks: ['orders'],
      transforms: {
        orders: 'SELECT order_id, customer_id, UPPER(status) AS status, amount, UPPER(currency) AS currency, order_ts FROM orders WHERE amount >= 0',
      },
      eventTime: { column: 'order_ts', maxOutOfOrderness: Duration.seconds(30), idleTimeout: Duration.minutes(1) },
      startPosition: StartPosition.GROUP_OFFSETS,
      checkpointInterval: Duration.minutes(1),
    },
    {
      name: 'customers-nightly',
      mode: JobMode.BATCH,
      sources: ['customers'],
      sinks: ['customers'],
      writeMode: WriteMode.REPLACE,
      boundedRead: BoundedRead.LATEST_OFFSET,
      schedule: JobSchedule.cron('0 2 * * *'),
      parallelism: { initial: 2, max: 6 },
    },
  ],
};
