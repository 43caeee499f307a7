import { Duration } from 'aws-cdk-lib';
import { KeyFormat, RecordFormat } from '../definition/kafka-options';
import { flinkDuration } from '../catalog/flink-state-configuration';
import { PlannedColumn, TopicPlan } from './pipeline-plan';

/**
 * How the load generator makes one physical column of a topic. Every generator is `random` (a `sequence` generator
 * would make the datagen source bounded) and never yields NULL, so NOT NULL columns and key columns hold.
 * - `datagen`: Flink's datagen connector with these field options (`fields.<column>.<option>`);
 * - `epoch-millis`: a BIGINT that a computed event-time column reads: the current time in epoch milliseconds minus a
 *   random delay up to `maxPast` (`UNIX_TIMESTAMP() * 1000 - <random millis>`), never in the future, so watermarks hold.
 */
export type FieldGenerator =
  | { readonly kind: 'datagen'; readonly options: Readonly<Record<string, string>> }
  | { readonly kind: 'epoch-millis'; readonly maxPastMillis: number };

/** Largest random integer generated: seven digits, like an id (the full INT range would make sizes unpredictable). */
export const GENERATED_INTEGER_MAX = 1_000_000;
/** Largest random FLOAT / DOUBLE. */
export const GENERATED_FLOAT_MAX = 1000;

/** Serialized bytes of one generated value, by format family (JSON text or Avro binary). */
interface ValueBytes { readonly json: number; readonly avro: number }

function decimalMax(precision: number, scale: number): number {
  return Math.min(GENERATED_INTEGER_MAX, 10 ** (precision - scale) - 1);
}

/** Whether a BIGINT column is the source of an `epochMillis` computed column of the topic. */
export function isEpochMillisSource(topic: Pick<TopicPlan, 'columns'>, column: PlannedColumn): boolean {
  return topic.columns.some((c) => c.computed !== undefined && c.computed.source === column.name);
}

/** The generator of one physical column. */
export function fieldGenerator(topic: Pick<TopicPlan, 'columns'>, column: PlannedColumn, stringLength: number, maxPast: Duration): FieldGenerator {
  const sql = column.type.sqlType;
  const past = flinkDuration(maxPast);
  if (isEpochMillisSource(topic, column)) return { kind: 'epoch-millis', maxPastMillis: maxPast.toMilliseconds() };
  if (column.type.decimal !== undefined) {
    return { kind: 'datagen', options: { kind: 'random', min: '0', max: String(decimalMax(column.type.decimal.precision, column.type.decimal.scale)) } };
  }
  switch (sql) {
    case 'STRING': return { kind: 'datagen', options: { kind: 'random', length: String(stringLength) } };
    case 'INT':
    case 'BIGINT': return { kind: 'datagen', options: { kind: 'random', min: '0', max: String(GENERATED_INTEGER_MAX) } };
    case 'FLOAT':
    case 'DOUBLE': return { kind: 'datagen', options: { kind: 'random', min: '0', max: String(GENERATED_FLOAT_MAX) } };
    case 'TIMESTAMP(3)':
    case 'TIMESTAMP_LTZ(3)': return { kind: 'datagen', options: { kind: 'random', 'max-past': past } };
    // BOOLEAN (random true/false) and DATE (random: today on the generating machine) take no range.
    default: return { kind: 'datagen', options: { kind: 'random' } };
  }
}

function valueBytes(topic: Pick<TopicPlan, 'columns'>, column: PlannedColumn, stringLength: number): ValueBytes {
  if (isEpochMillisSource(topic, column)) return { json: 13, avro: 6 };
  const decimal = column.type.decimal;
  if (decimal !== undefined) {
    const digits = String(decimalMax(decimal.precision, decimal.scale)).length + (decimal.scale > 0 ? decimal.scale + 1 : 0);
    return { json: digits, avro: Math.ceil(decimal.precision / 2) + 1 };
  }
  switch (column.type.sqlType) {
    case 'STRING': return { json: stringLength + 2, avro: stringLength + 2 };
    case 'BOOLEAN': return { json: 5, avro: 1 };
    case 'INT':
    case 'BIGINT': return { json: 6, avro: 3 };
    case 'FLOAT': return { json: 10, avro: 4 };
    case 'DOUBLE': return { json: 18, avro: 8 };
    case 'DATE': return { json: 12, avro: 3 };
    case 'TIMESTAMP(3)': return { json: 25, avro: 6 };
    case 'TIMESTAMP_LTZ(3)': return { json: 26, avro: 6 };
    default: return { json: 16, avro: 8 };
  }
}

/** The physical columns of a topic (computed ones are derived by the readers, not written). */
export function physicalColumns(topic: Pick<TopicPlan, 'columns'>): PlannedColumn[] {
  return topic.columns.filter((c) => c.computed === undefined);
}

/** Columns whose bytes a JSON or Avro encoding of `columns` carries: `{"name":value,…}` or Avro binary plus its header. */
function encodedBytes(topic: Pick<TopicPlan, 'columns'>, columns: readonly PlannedColumn[], format: RecordFormat, stringLength: number): number {
  if (format.flinkFormat === RecordFormat.JSON.flinkFormat) {
    return 2 + columns.reduce((sum, c) => sum + c.name.length + 4 + valueBytes(topic, c, stringLength).json, 0) - (columns.length > 0 ? 1 : 0);
  }
  // Avro: the Confluent wire header (magic byte + schema id) is 5 bytes, the Glue one (version, compression, UUID) 18.
  const header = format.flinkFormat === RecordFormat.AVRO_GLUE.flinkFormat ? 18 : 5;
  return header + columns.reduce((sum, c) => sum + valueBytes(topic, c, stringLength).avro, 0);
}

/**
 * Estimated bytes of one generated record (key + value, as the topic's formats encode it), the unit that turns a rate
 * in MB/s into rows per second. The key is a JSON object of the key columns for `KeyFormat.FROM_VALUE` topics with a
 * key (the generator writes one so records of a key share a partition and compacted topics accept them).
 */
export function estimatedRecordBytes(topic: Pick<TopicPlan, 'columns' | 'key' | 'keyFormat' | 'valueFormat'>, stringLength: number): number {
  const physical = physicalColumns(topic);
  const keyColumns = physical.filter((c) => topic.key.includes(c.name));
  const raw = topic.keyFormat.id === KeyFormat.RAW.id;
  const value = encodedBytes(topic, raw ? physical.filter((c) => !topic.key.includes(c.name)) : physical, topic.valueFormat, stringLength);
  if (keyColumns.length === 0) return value;
  const key = raw ? stringLength : encodedBytes(topic, keyColumns, topic.keyFormat.recordFormat ?? RecordFormat.JSON, stringLength);
  return key + value;
}

/** Default length of generated strings when the topic gives no record size to aim at. */
export const DEFAULT_GENERATED_STRING_LENGTH = 16;
/** Longest generated string. */
export const MAX_GENERATED_STRING_LENGTH = 10_000;

/**
 * The length of generated strings that brings a record closest to `targetBytes` (the topic's planned record size),
 * 1–10,000; the default when there is no target or no STRING column.
 */
export function stringLengthFor(topic: Pick<TopicPlan, 'columns' | 'key' | 'keyFormat' | 'valueFormat'>, targetBytes: number | undefined): number {
  // The estimate is linear in the string length: its slope is the number of strings a record carries (key included).
  const fixed = estimatedRecordBytes(topic, 0);
  const perCharacter = estimatedRecordBytes(topic, 1) - fixed;
  if (targetBytes === undefined || perCharacter === 0) return DEFAULT_GENERATED_STRING_LENGTH;
  return Math.min(MAX_GENERATED_STRING_LENGTH, Math.max(1, Math.round((targetBytes - fixed) / perCharacter)));
}
