import { PartitionTransform } from '../definition/table-options';

/** Iceberg partition transforms over time: a streaming job writes (nearly) all of its rows into the current period. */
const TIME_TRANSFORMS: ReadonlyArray<PartitionTransform['transform']> = ['year', 'month', 'day', 'hour'];

/** What decides where a table's distribution mode comes from. */
export interface DistributedTable {
  readonly primaryKey: readonly string[];
  readonly partitionBy: readonly PartitionTransform[];
}

/**
 * The Iceberg `write.distribution-mode` of a table, as Iceberg's Flink sink (1.7–1.11, `FlinkSink` and `IcebergSink`,
 * `distributeDataStream`) applies it before its writers:
 * - `none` with equality fields (a primary key) keys rows by the equality fields; without, it forwards them as they come;
 * - `hash` with equality fields on an unpartitioned table keys by the equality fields too, but on a partitioned table it
 *   keys by the partition key: a table partitioned by `day(ts)` sends every row of the current day to one writer
 *   subtask, whatever the job's parallelism (the autoscaler then scales everything but the sink);
 * - `hash` without equality fields keys by the partition key (same funnel for a time partition);
 * - `range` with equality fields falls back to keying by the equality fields, with a warning.
 *
 * So: a table with a primary key gets `none`, keyed by its key (every update of a key reaches the writer that holds
 * its earlier row in this checkpoint, and the keys spread over all writers). An append table partitioned by a time
 * transform gets `none` too (each writer writes a file per partition it sees: more, smaller files, which compaction
 * merges). An append table partitioned only by identity/bucket/truncate keeps `hash` (one writer per partition value:
 * fewer files, and those partitions spread); an unpartitioned append table needs no mode (`none`).
 */
export function writeDistributionMode(table: DistributedTable): 'none' | 'hash' {
  if (table.primaryKey.length > 0 || table.partitionBy.length === 0) return 'none';
  return table.partitionBy.some((p) => TIME_TRANSFORMS.includes(p.transform)) ? 'none' : 'hash';
}
