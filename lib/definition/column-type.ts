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
  /**
   * A local date-time without zone, millisecond precision (Iceberg `timestamp`); in JSON `2026-01-31T12:00:00.000`
   * (no `Z`, no offset). Only for producers that really send wall-clock times; usable as an event-time column.
   */
  public static readonly TIMESTAMP = new ColumnType('TIMESTAMP(3)', 'timestamp', 'timestamp', true);
  /**
   * A UTC instant, millisecond precision (Iceberg `timestamptz`); in JSON `2026-01-31T12:00:00.000Z` (ISO-8601 with a
   * literal `Z`; 0–9 fraction digits; numeric offsets such as `+01:00` are rejected by Flink's JSON format).
   * The form to use for event time. Producers that send epoch milliseconds: a BIGINT column plus a computed column
   * `ComputedColumn.epochMillis(...)` of this type.
   */
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
      // No TIMESTAMP <-> TIMESTAMP_LTZ: Flink would convert through the session time zone; the transform must say how.
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
   * Topic columns only: computed from another column of the record instead of read from it (Flink computed column).
   * @default - a physical column, read from the record
   */
  readonly computed?: ComputedColumn;
  /**
   * Free-text description, written to the Glue catalog.
   * @default - none
   */
  readonly comment?: string;
}

/** A topic column computed from another column of the record. An enum-like class: compare by `kind`. */
export class ComputedColumn {
  /**
   * A TIMESTAMP_LTZ column from a BIGINT column of epoch milliseconds: `TO_TIMESTAMP_LTZ(<column>, 3)`.
   * Can carry the watermark.
   */
  public static epochMillis(column: string): ComputedColumn {
    return new ComputedColumn('epoch-millis', column);
  }

  private constructor(
    public readonly kind: 'epoch-millis',
    /** The physical column it is computed from. */
    public readonly source: string,
  ) {}

  /** The Flink SQL expression over a quoted source identifier. */
  public expression(quotedSource: string): string {
    return `TO_TIMESTAMP_LTZ(${quotedSource}, 3)`;
  }

  public toString(): string {
    return `${this.kind}(${this.source})`;
  }
}
