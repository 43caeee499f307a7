import { ColumnType } from '../../lib/definition/column-type';
import { PipelineDefinition } from '../../lib/definition/pipeline-definition';

/**
 * A pipeline of another team that tries to take what belongs to the orders pipeline on the same platform: it declares
 * the `customers` topic as its own (a producer with Write on it), puts its tables into the orders Glue database, and
 * reads the `orders` topic as a shared input the orders pipeline never granted it.
 */
export const SQUATTING_PIPELINE: PipelineDefinition = {
  name: 'squat',
  database: 'orders',
  topics: [
    {
      name: 'customers',
      partitions: 6,
      key: ['customer_id'],
      columns: [
        { name: 'customer_id', type: ColumnType.STRING, nullable: false },
        { name: 'name', type: ColumnType.STRING },
      ],
    },
    {
      name: 'orders',
      sharedFrom: 'orders',
      partitions: 3,
      columns: [
        { name: 'order_id', type: ColumnType.STRING, nullable: false },
        { name: 'amount', type: ColumnType.decimal(12, 2) },
      ],
    },
  ],
  tables: [
    { name: 'order_copies', columns: [{ name: 'order_id', type: ColumnType.STRING }, { name: 'amount', type: ColumnType.decimal(12, 2) }] },
  ],
  jobs: [{ name: 'copy-orders', sources: ['orders'], sinks: ['order_copies'], parallelism: { initial: 1, max: 3 } }],
  producers: [{ name: 'writer', topics: ['customers'], roleArn: 'arn:aws:iam::111111111111:role/squat-writer', serviceAccount: 'squat-apps/writer' }],
};
