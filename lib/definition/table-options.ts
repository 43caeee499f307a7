import { Duration } from 'aws-cdk-lib';

/** An Iceberg partition transform over one column (hidden partitioning). */
export class PartitionTransform {
  /** Partition by the column's value. */
  public static identity(column: string): PartitionTransform {
    return new PartitionTransform('identity', column);
  }
  /** Partition a timestamp or date column by year. */
  public static year(column: string): PartitionTransform {
    return new PartitionTransform('year', column);
  }
  /** Partition a timestamp or date column by month. */
  public static month(column: string): PartitionTransform {
    return new PartitionTransform('month', column);
  }
  /** Partition a timestamp or date column by day. */
  public static day(column: string): PartitionTransform {
    return new PartitionTransform('day', column);
  }
  /** Partition a timestamp column by hour. */
  public static hour(column: string): PartitionTransform {
    return new PartitionTransform('hour', column);
  }
  /** Hash the column into `buckets` buckets. */
  public static bucket(buckets: number, column: string): PartitionTransform {
    return new PartitionTransform('bucket', column, buckets);
  }
  /** Truncate a string or number column to `width`. */
  public static truncate(width: number, column: string): PartitionTransform {
    return new PartitionTransform('truncate', column, width);
  }

  private constructor(
    /** Iceberg transform name. */
    public readonly transform: 'identity' | 'year' | 'month' | 'day' | 'hour' | 'bucket' | 'truncate',
    /** Source column. */
    public readonly column: string,
    /** Bucket count or truncate width. */
    public readonly argument?: number,
  ) {}

  /** Iceberg spec notation, e.g. `day(order_ts)`, `bucket[16](customer_id)`. */
  public toString(): string {
    if (this.transform === 'identity') return this.column;
    return this.argument === undefined ? `${this.transform}(${this.column})` : `${this.transform}[${this.argument}](${this.column})`;
  }
}

/**
 * Maintenance of an Iceberg table by the Glue Data Catalog's table optimizers (`AWS::Glue::TableOptimizer`): a
 * streaming job commits a snapshot per checkpoint (with deletes for upserts), so without maintenance small files,
 * delete files and snapshots pile up and reads slow down. Optimizers run in AWS, on both flavors.
 */
export interface TableMaintenance {
  /**
   * Whether the table is maintained at all.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Compaction: rewrite small data files and apply delete files (bin-packing).
   * @default true
   */
  readonly compaction?: boolean;
  /**
   * Snapshot retention: snapshots older than this are expired and the files only they reference deleted (whole days).
   * It bounds time travel and rollback.
   * @default Duration.days(5)
   */
  readonly snapshotRetention?: Duration;
  /**
   * Snapshots kept whatever their age.
   * @default 10
   */
  readonly snapshotsToKeep?: number;
  /**
   * Orphan file deletion: files under the table's location that no snapshot references and older than this are deleted
   * (whole days; at least one, so files a job wrote but has not committed yet are never taken).
   * @default Duration.days(3)
   */
  readonly orphanFileRetention?: Duration;
}
