/**
 * The type of a column, as Flink SQL, Iceberg and the Glue catalog spell it.
 *
 * An enum-like class: use the constants (`ColumnType.STRING`) or the factories (`ColumnType.decimal(10, 2)`).
 */
export class ColumnType {
  /** Variable-length text. */
  public static readonly STRING = new ColumnType('STRING', 'string', 'string');
  /** true / false. */
  public static readonly BOOLEAN = new ColumnType('BOOLEAN', 'boolean', 'boolean');
  /** 32-bit signed integer. */
  public static readonly INT = new ColumnType('INT', 'int', 'int');
  /** 64-bit signed integer. */
  public static readonly BIGINT = new ColumnType('BIGINT', 'bigint', 'long');
  /** 32-bit IEEE 754 floating point. */
  public static readonly FLOAT = new ColumnType('FLOAT', 'float', 'float');
  /** 64-bit IEEE 754 floating point. */
  public static readonly DOUBLE = new ColumnType('DOUBLE', 'double', 'double');
  /** A calendar date without time. */
  public static readonly DATE = new ColumnType('DATE', 'date', 'date');
  /** Timestamp without time zone, millisecond precision: usable as an event-time (watermark) column. */
  public static readonly TIMESTAMP = new ColumnType('TIMESTAMP(3)', 'timestamp', 'timestamp', true);
  /** Timestamp with local time zone, millisecond precision: usable as an event-time (watermark) column. */
  public static readonly TIMESTAMP_LTZ = new ColumnType('TIMESTAMP_LTZ(3)', 'timestamp', 'timestamptz', true);

  /** Exact decimal number; precision 1–38, scale 0–precision. */
  public static decimal(precision: number, scale: number): ColumnType {
    return new ColumnType(`DECIMAL(${precision}, ${scale})`, `decimal(${precision},${scale})`, `decimal(${precision},${scale})`, false, { precision, scale });
  }

  /**
   * @param sqlType the Flink SQL type
   * @param glueType the Glue (Hive) column type written to `AWS::Glue::Table`
   * @param icebergType the Iceberg primitive type
   * @param isEventTime whether the type can carry a watermark (TIMESTAMP(3) / TIMESTAMP_LTZ(3))
   */
  private constructor(
    public readonly sqlType: string,
    public readonly glueType: string,
    public readonly icebergType: string,
    public readonly isEventTime: boolean = false,
    public readonly decimal?: { readonly precision: number; readonly scale: number },
  ) {}

  /** Whether a value of `source` type can be written to a column of this type without an explicit CAST. */
  public canBeFedBy(source: ColumnType): boolean {
    if (source.sqlType === this.sqlType) return true;
    const widening: Record<string, string[]> = {
      BIGINT: ['INT'],
      DOUBLE: ['FLOAT', 'INT', 'BIGINT'],
      'TIMESTAMP_LTZ(3)': ['TIMESTAMP(3)'],
      'TIMESTAMP(3)': ['TIMESTAMP_LTZ(3)'],
    };
    if (this.decimal && source.decimal) {
      return this.decimal.scale >= source.decimal.scale
        && this.decimal.precision - this.decimal.scale >= source.decimal.precision - source.decimal.scale;
    }
    return (widening[this.sqlType] ?? []).includes(source.sqlType);
  }

  public toString(): string {
    return this.sqlType;
  }
}

/** One column of a topic's record schema or of a table. */
export interface ColumnDefinition {
  /** Column name: lower snake case, as Glue and Iceberg identifiers. */
  readonly name: string;
  /** Column type. */
  readonly type: ColumnType;
  /**
   * Whether the column may be null.
   * @default true
   */
  readonly nullable?: boolean;
  /**
   * Free-text description, written to the Glue catalog.
   * @default - none
   */
  readonly comment?: string;
}
