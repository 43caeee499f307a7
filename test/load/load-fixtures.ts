import { Duration } from 'aws-cdk-lib';
import { ColumnType, ComputedColumn } from '../../lib/definition/column-type';
import { KeyFormat, RecordFormat } from '../../lib/definition/kafka-options';
import { PipelineDefinition } from '../../lib/definition/pipeline-definition';
import { ORDERS_LOAD_TEST } from '../../lib/examples/orders-load-test';

/** The orders example with a load generator at its default rate (the topics' planned peak). */
export const ORDERS_WITH_LOAD: PipelineDefinition = ORDERS_LOAD_TEST;

/** One topic with every column type (and an epoch-millis event time), read by one job, with a load generator. */
export const ALL_TYPES_WITH_LOAD: PipelineDefinition = {
  name: 'metrics',
  topics: [{
    name: 'readings',
    key: ['sensor_id'],
    keyFormat: KeyFormat.RAW,
    valueFormat: RecordFormat.JSON,
    workload: { ingressMBps: 1, recordSizeBytes: 300, peakFactor: 2 },
    columns: [
      { name: 'sensor_id', type: ColumnType.STRING, nullable: false },
      { name: 'ok', type: ColumnType.BOOLEAN },
      { name: 'count', type: ColumnType.INT },
      { name: 'total', type: ColumnType.BIGINT },
      { name: 'ratio', type: ColumnType.FLOAT },
      { name: 'value', type: ColumnType.DOUBLE },
      { name: 'price', type: ColumnType.decimal(4, 2) },
      { name: 'day', type: ColumnType.DATE },
      { name: 'local_ts', type: ColumnType.TIMESTAMP },
      { name: 'ts', type: ColumnType.TIMESTAMP_LTZ },
      { name: 'epoch_ms', type: ColumnType.BIGINT, nullable: false },
      { name: 'event_ts', type: ColumnType.TIMESTAMP_LTZ, computed: ComputedColumn.epochMillis('epoch_ms') },
    ],
  }],
  tables: [{
    name: 'readings',
    columns: [
      { name: 'sensor_id', type: ColumnType.STRING },
      { name: 'value', type: ColumnType.DOUBLE },
      { name: 'event_ts', type: ColumnType.TIMESTAMP_LTZ },
    ],
  }],
  jobs: [{
    name: 'readings-to-lake',
    sources: ['readings'],
    sinks: ['readings'],
    eventTime: { column: 'event_ts', maxOutOfOrderness: Duration.seconds(10) },
  }],
  loadGenerator: { mbPerSecond: 2 },
};
