import { ColumnType } from '../definition/column-type';
import { KeyFormat, RecordFormat } from '../definition/kafka-options';
import { avroValueSchema } from '../plan/avro-schema';
import { isAvroGlue } from '../plan/glue-schema-registry-plan';
import { PlannedColumn, TopicPlan } from '../plan/pipeline-plan';
import { AvroValue, decimalBytes, encodeAvroRecord } from './avro-binary';
import { OperationError } from './operations';

/** One sample record as produced: key and value bytes, and how to show them. */
export interface SampleRecord {
  /** The record key; null for a topic without key columns. */
  readonly key: Buffer | null;
  readonly value: Buffer;
  /** The key as text (UTF-8 string or JSON), `null` without a key. */
  readonly keyText: string;
  /** The value as text: the JSON produced, or for Avro the record as JSON with the encoded bytes in hex. */
  readonly valueText: string;
}

/** One column value in both encodings: as the JSON format reads it, and as the Avro format reads it. */
interface ColumnSample {
  readonly json: string | number | boolean;
  readonly avro: AvroValue;
}

/** Glue Schema Registry wire format: header version 3, compression 0 (none), then the 16-byte schema version id. */
const GLUE_HEADER_VERSION = 3;
const GLUE_NO_COMPRESSION = 0;

/** The record's number within the run, 1-based and zero-padded so that every value sorts. */
function ordinal(index: number): string {
  return String(index + 1).padStart(4, '0');
}

/**
 * A valid value of a column type for record `index` of a run, in the form the topic's SQL reads it: timestamps as
 * `json.timestamp-format.standard` = ISO-8601 expects (TIMESTAMP(3) `2026-01-31T12:00:00.000`, TIMESTAMP_LTZ(3) with a
 * literal `Z`), DATE as `yyyy-MM-dd`, DECIMAL within its precision and scale, and a BIGINT that feeds an epoch-millis
 * computed column as epoch milliseconds. Strings carry the run id, so the rows can be found in the tables.
 */
function columnSample(column: PlannedColumn, index: number, runId: string, at: Date, epochSources: ReadonlySet<string>): ColumnSample {
  const type = column.type;
  const instant = at.getTime() + index;
  if (type.decimal !== undefined) {
    const { precision, scale } = type.decimal;
    const integerDigits = Math.min(precision - scale, 15);
    const whole = integerDigits === 0 ? 0 : (index + 1) % 10 ** integerDigits;
    const half = scale > 0 ? 5n * 10n ** BigInt(scale - 1) : 0n;
    const unscaled = BigInt(whole) * 10n ** BigInt(scale) + half;
    return { json: scale > 0 ? whole + 0.5 : whole, avro: decimalBytes(unscaled) };
  }
  switch (type.sqlType) {
    case ColumnType.STRING.sqlType: return { json: `${runId}-${ordinal(index)}`, avro: `${runId}-${ordinal(index)}` };
    case ColumnType.BOOLEAN.sqlType: return { json: index % 2 === 0, avro: index % 2 === 0 };
    case ColumnType.INT.sqlType: return { json: index + 1, avro: index + 1 };
    case ColumnType.BIGINT.sqlType: {
      const value = epochSources.has(column.name) ? instant : index + 1;
      return { json: value, avro: BigInt(value) };
    }
    case ColumnType.FLOAT.sqlType:
    case ColumnType.DOUBLE.sqlType: return { json: index + 0.5, avro: index + 0.5 };
    case ColumnType.DATE.sqlType: return { json: new Date(instant).toISOString().slice(0, 10), avro: Math.floor(instant / 86_400_000) };
    case ColumnType.TIMESTAMP.sqlType: return { json: new Date(instant).toISOString().slice(0, -1), avro: BigInt(instant) };
    case ColumnType.TIMESTAMP_LTZ.sqlType: return { json: new Date(instant).toISOString(), avro: BigInt(instant) };
    default: throw new OperationError(`column ${column.name}: verify cannot generate a ${type.sqlType} value`);
  }
}

/**
 * Why `verify` cannot produce to a topic, or undefined. Confluent Avro needs the schema id from a Confluent-compatible
 * registry the plan does not name; the self-hosted console producer writes text lines, so no binary Avro-Glue values.
 */
export function unsupportedTopic(topic: TopicPlan, textOnly: boolean): string | undefined {
  if (topic.valueFormat.flinkFormat === RecordFormat.AVRO.flinkFormat || (topic.key.length > 0 && topic.keyFormat.id === KeyFormat.AVRO.id)) {
    return `topic ${topic.name} is Confluent Avro (avro-confluent): verify cannot look up its schema id; produce a record with your own producer and count it with verify's table check`;
  }
  if (textOnly && isAvroGlue(topic)) {
    return `topic ${topic.name} is Avro in the Glue Schema Registry: the self-hosted console producer writes text lines only, so verify produces JSON topics only on self-hosted`;
  }
  return undefined;
}

/** How a topic's key and value are written, in words (dry-run and output). */
export function formatDescription(topic: TopicPlan): string {
  const value = isAvroGlue(topic) ? 'Avro (Glue Schema Registry wire format, uncompressed)' : 'JSON';
  if (topic.key.length === 0) return `no key; value ${value}`;
  const columns = topic.key.join(', ');
  switch (topic.keyFormat.id) {
    case 'raw': return `key ${columns} as a UTF-8 string (not in the value); value ${value}`;
    case 'json': return `key {${columns}} as JSON; value ${value}`;
    default: return `key ${columns} as a plain string (not decoded, read from the value); value ${value}`;
  }
}

/**
 * `count` sample records of a topic for a run: every physical column gets a valid value (computed columns are left to
 * Flink), the key as the topic's key format expects, and the value as its value format expects. For Avro-Glue values
 * `schemaVersionId` is the registry's id of the schema version the jobs read (a UUID).
 */
export function sampleRecords(pipeline: string, topic: TopicPlan, count: number, runId: string, at: Date, schemaVersionId?: string): SampleRecord[] {
  const epochSources = new Set(topic.columns.flatMap((c) => (c.computed !== undefined ? [c.computed.source] : [])));
  const physical = topic.columns.filter((c) => c.computed === undefined);
  const rawKey = topic.keyFormat.id === KeyFormat.RAW.id;
  const records: SampleRecord[] = [];
  for (let index = 0; index < count; index++) {
    const values = new Map(physical.map((c) => [c.name, columnSample(c, index, runId, at, epochSources)]));
    const inValue = physical.filter((c) => !(rawKey && topic.key.includes(c.name)));
    let keyText = 'null';
    if (topic.key.length > 0) {
      keyText = topic.keyFormat.id === KeyFormat.JSON.id
        ? JSON.stringify(Object.fromEntries(topic.key.map((k) => [k, values.get(k)?.json ?? null])))
        : topic.key.map((k) => String(values.get(k)?.json ?? '')).join('|');
    }
    const key = topic.key.length > 0 ? Buffer.from(keyText, 'utf8') : null;
    const json = JSON.stringify(Object.fromEntries(inValue.map((c) => [c.name, values.get(c.name)?.json ?? null])));
    if (!isAvroGlue(topic)) {
      records.push({ key, value: Buffer.from(json, 'utf8'), keyText, valueText: json });
      continue;
    }
    const avro = encodeAvroRecord(avroValueSchema(pipeline, topic), Object.fromEntries(inValue.map((c) => [c.name, values.get(c.name)?.avro ?? null])));
    const id = Buffer.from((schemaVersionId ?? '00000000-0000-0000-0000-000000000000').replace(/-/g, ''), 'hex');
    const value = Buffer.concat([Buffer.from([GLUE_HEADER_VERSION, GLUE_NO_COMPRESSION]), id, avro]);
    records.push({ key, value, keyText, valueText: `${json} = Avro ${avro.toString('hex')}` });
  }
  return records;
}
