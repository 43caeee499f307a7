import { ColumnType } from '../definition/column-type';
import { KeyFormat } from '../definition/kafka-options';
import { PlannedColumn, TopicPlan } from './pipeline-plan';

/** An Avro type as JSON (a primitive name, a logical type, or a union). */
export type AvroType = string | { readonly type: string; readonly logicalType: string; readonly precision?: number; readonly scale?: number } | readonly AvroType[];

/** An Avro record field. */
export interface AvroField {
  readonly name: string;
  readonly type: AvroType;
  /** `null` for a nullable column (a union with `null` first), so readers of older records fill it in. */
  readonly default?: null;
  readonly doc?: string;
}

/** The Avro record schema of a topic's values. */
export interface AvroRecordSchema {
  readonly type: 'record';
  readonly name: string;
  readonly namespace: string;
  readonly fields: readonly AvroField[];
}

/** Avro names are `[A-Za-z_][A-Za-z0-9_]*`: other characters become `_`, a leading digit gets a `_` before it. */
export function avroName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(cleaned) ? `_${cleaned}` : cleaned;
}

/**
 * The Avro type of a column type, as Flink's Avro formats read and write it: STRING → string, BIGINT → long,
 * DECIMAL(p, s) → bytes with the decimal logical type, TIMESTAMP_LTZ(3) → long timestamp-millis (an instant),
 * TIMESTAMP(3) → long local-timestamp-millis (no zone), DATE → int date.
 */
export function avroTypeOf(type: ColumnType): AvroType {
  if (type.decimal !== undefined) return { type: 'bytes', logicalType: 'decimal', precision: type.decimal.precision, scale: type.decimal.scale };
  switch (type.sqlType) {
    case ColumnType.STRING.sqlType: return 'string';
    case ColumnType.BOOLEAN.sqlType: return 'boolean';
    case ColumnType.INT.sqlType: return 'int';
    case ColumnType.BIGINT.sqlType: return 'long';
    case ColumnType.FLOAT.sqlType: return 'float';
    case ColumnType.DOUBLE.sqlType: return 'double';
    case ColumnType.DATE.sqlType: return { type: 'int', logicalType: 'date' };
    case ColumnType.TIMESTAMP_LTZ.sqlType: return { type: 'long', logicalType: 'timestamp-millis' };
    case ColumnType.TIMESTAMP.sqlType: return { type: 'long', logicalType: 'local-timestamp-millis' };
    default: throw new Error(`column type ${type.sqlType} has no Avro mapping`);
  }
}

function avroField(column: PlannedColumn): AvroField {
  const type = avroTypeOf(column.type);
  const doc = column.comment !== undefined ? { doc: column.comment } : {};
  // Nullable: a union with null first and default null, so a reader with this schema reads records written before the
  // column existed (Avro schema resolution fills the default in).
  return column.nullable ? { name: column.name, type: ['null', type], default: null, ...doc } : { name: column.name, type, ...doc };
}

/**
 * The Avro schema of a topic's record values: one field per physical column in column order (computed columns are
 * evaluated by Flink, not serialized), without the key column of a raw key (the value does not carry it).
 */
export function avroValueSchema(pipeline: string, topic: TopicPlan): AvroRecordSchema {
  const inKey = topic.keyFormat.id === KeyFormat.RAW.id ? new Set(topic.key) : new Set<string>();
  const fields = topic.columns.filter((c) => c.computed === undefined && !inKey.has(c.name)).map(avroField);
  return { type: 'record', name: avroName(topic.name), namespace: `pipelines.${avroName(topic.owner ?? pipeline)}`, fields };
}

/** `avroValueSchema` as the text the registry stores (the `SchemaDefinition` of the Glue schema or schema version). */
export function avroValueSchemaText(pipeline: string, topic: TopicPlan): string {
  return JSON.stringify(avroValueSchema(pipeline, topic));
}
