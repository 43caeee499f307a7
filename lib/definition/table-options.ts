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
