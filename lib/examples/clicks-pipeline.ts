import { Duration } from 'aws-cdk-lib';
import { ColumnType } from '../definition/column-type';
import { JobMode } from '../definition/job-options';
import { CleanupPolicy, StartPosition } from '../definition/kafka-options';
import { PipelineDefinition } from '../definition/pipeline-definition';
import { PartitionTransform } from '../definition/table-options';

/**
 * A second team's pipeline on the same platform as `orders`: clickstream events into the lake, and a join of clicks
 * with orders. It owns the `clicks` topic and its `clicks` Glue database; it reads the `orders` topic only because it
 * names it as a shared input (`sharedFrom: 'orders'`) and the orders pipeline grants it (`readers: ['clicks']` on its
 * topic) — without both, its Kafka principals and IAM roles reach nothing of the orders pipeline.
 *
 * `order-clicks` keeps one row per order in `order_clicks`: the order's last given amount and the number of clicks that
 * name it. The result is updating (an order's count grows, its amount may change), so the table's primary key is the
 * result's key (`order_id`) and the sink upserts: each change replaces the order's row (`jobUpdatingResultRule`).
 * The orders topic carries several records per order (status updates), so the query reduces orders to one row per
 * order (`LAST_VALUE(amount)`, in arrival order) and counts clicks per order before joining: joining first would count
 * every click once per record of its order. Orders without clicks, and clicks of unknown orders, have no row.
 * State is kept for `stateTtl` (2 days) after its last use, so counts are exact for orders whose clicks and order
 * records are never more than two days apart; after a longer pause an order's row either stops changing (its order
 * expired from the join) or restarts its count from 1 (its count expired, its order did not). That is the price of
 * bounded state; without `stateTtl` the counts stay exact and the state grows with the number of orders.
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
      comment: 'Per order: its latest amount and the number of clicks naming it, upserted by order_id.',
      columns: [
        { name: 'order_id', type: ColumnType.STRING },
        { name: 'amount', type: ColumnType.decimal(12, 2) },
        { name: 'clicks', type: ColumnType.BIGINT },
      ],
      // The key of the updating result: each change of an order's count or amount replaces its row.
      primaryKey: ['order_id'],
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
        order_clicks: [
          'SELECT o.order_id, o.amount, c.clicks',
          'FROM (SELECT order_id, LAST_VALUE(amount) AS amount FROM orders GROUP BY order_id) o',
          'JOIN (SELECT order_id, COUNT(*) AS clicks FROM clicks WHERE order_id IS NOT NULL GROUP BY order_id) c',
          'ON c.order_id = o.order_id',
        ].join('\n'),
      },
      stateTtl: Duration.days(2),
    },
  ],
};
