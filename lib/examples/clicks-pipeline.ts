import { Duration } from 'aws-cdk-lib';
import { ColumnType } from '../definition/column-type';
import { JobMode } from '../definition/job-options';
import { CleanupPolicy, StartPosition } from '../definition/kafka-options';
import { PipelineDefinition } from '../definition/pipeline-definition';
import { PartitionTransform } from '../definition/table-options';

/**
 * A second team's pipeline on the same platform as `orders`: clickstream events into the lake, and a join of clicks
 * with orders. It owns the `clicks` topic and its `clicks` Glue database; it reads the `orders` topic only because it
 * names it as a shared input (`sharedFrom: 'orders'`) — without that, its Kafka principals and IAM roles reach
 * nothing of the orders pipeline.
 */
export const CLICKS_PIPELINE: PipelineDefinition = {
  name: 'clicks',
  topics: [
    {
      name: 'clicks',
      key: ['session_id'],
      columns: [
        { name: 'session_id', type: ColumnType.STRING, nullable: false },
        { name: 'order_id', type: ColumnType.STRING },
        { name: 'page', type: ColumnType.STRING },
        { name: 'clicked_at', type: ColumnType.TIMESTAMP_LTZ, nullable: false },
      ],
      workload: { ingressMBps: 2, recordSizeBytes: 400, peakFactor: 4 },
      retention: Duration.days(3),
      cleanupPolicy: CleanupPolicy.DELETE,
    },
    {
      // The orders pipeline's topic, read here as a shared input: created, sized and configured by its owner.
      name: 'orders',
      sharedFrom: 'orders',
      partitions: 3,
      columns: [
        { name: 'order_id', type: ColumnType.STRING, nullable: false },
        { name: 'amount', type: ColumnType.decimal(12, 2) },
        { name: 'order_ts', type: ColumnType.TIMESTAMP_LTZ, nullable: false },
      ],
    },
  ],
  tables: [
    {
      name: 'clicks',
      columns: [
        { name: 'session_id', type: ColumnType.STRING },
        { name: 'order_id', type: ColumnType.STRING },
        { name: 'page', type: ColumnType.STRING },
        { name: 'clicked_at', type: ColumnType.TIMESTAMP_LTZ },
      ],
      partitionBy: [PartitionTransform.day('clicked_at')],
    },
    {
      name: 'order_clicks',
      columns: [
        { name: 'order_id', type: ColumnType.STRING },
        { name: 'amount', type: ColumnType.decimal(12, 2) },
        { name: 'clicks', type: ColumnType.BIGINT },
      ],
    },
  ],
  jobs: [
    {
      name: 'clicks-to-lake',
      mode: JobMode.STREAMING,
      sources: ['clicks'],
      sinks: ['clicks'],
      startPosition: StartPosition.GROUP_OFFSETS,
    },
    {
      name: 'order-clicks',
      mode: JobMode.STREAMING,
      sources: ['clicks', 'orders'],
      sinks: ['order_clicks'],
      transforms: {
        order_clicks: 'SELECT o.order_id, o.amount, COUNT(c.session_id) AS clicks FROM orders o JOIN clicks c ON c.order_id = o.order_id GROUP BY o.order_id, o.amount',
      },
      stateTtl: Duration.days(2),
    },
  ],
};
