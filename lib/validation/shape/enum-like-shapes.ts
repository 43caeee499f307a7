import { SchemaMigration } from '../../definition/schema-migration';
import { ColumnType, ComputedColumn } from '../../definition/column-type';
import { FlinkVersion } from '../../definition/flink-version';
import { CostControl, JobMode, JobSchedule, StateMigration, WriteMode } from '../../definition/job-options';
import { BadRecordPolicy, BoundedRead, CleanupPolicy, KeyFormat, RecordFormat, StartPosition } from '../../definition/kafka-options';
import { PartitionTransform } from '../../definition/table-options';
import { JavaVersion } from '../../catalog/java-version';
import { KafkaConnectorVariant } from '../../catalog/kafka-connector-variant';
import { ShapeReader, describeValue, isObject } from './shape-reader';

/**
 * Enum-like values arrive as this package's constants, as structural copies from another copy of the package, or as
 * raw strings from JSON. Each reader recognizes a value by its identifying field, returns THIS package's canonical
 * instance (so every later comparison works, by value or not), and names the constants when the value is not one.
 */

interface Constant<T> {
  readonly key: string;
  readonly value: T;
  /** How code spells it, e.g. `CleanupPolicy.COMPACT`. */
  readonly spelled: string;
}

function constants<T>(kind: string, field: keyof T & string, entries: Record<string, T>): { kind: string; field: string; list: Constant<T>[] } {
  return { kind, field, list: Object.entries(entries).map(([name, value]) => ({ key: String(value[field]), value, spelled: `${kind}.${name}` })) };
}

function readConstant<T>(r: ShapeReader, value: unknown, path: string, set: { kind: string; field: string; list: Constant<T>[] }): T | undefined {
  const known = set.list.map((c) => c.spelled).join(', ');
  if (typeof value === 'string') {
    const match = set.list.find((c) => c.key === value);
    return r.fail(path, `must be a ${set.kind}, got ${describeValue(value)}`, match ? `use ${match.spelled}` : `use one of ${known}`);
  }
  const key = isObject(value) ? value[set.field] : undefined;
  const match = set.list.find((c) => c.key === key);
  if (match === undefined) return r.fail(path, `must be a ${set.kind}, got ${describeValue(value)}${typeof key === 'string' ? ` (${set.field} ${JSON.stringify(key)})` : ''}`, `use one of ${known}`);
  return match.value;
}

const CLEANUP = constants<CleanupPolicy>('CleanupPolicy', 'value', { DELETE: CleanupPolicy.DELETE, COMPACT: CleanupPolicy.COMPACT });
const RECORD = constants<RecordFormat>('RecordFormat', 'flinkFormat', { JSON: RecordFormat.JSON, AVRO: RecordFormat.AVRO, AVRO_GLUE: RecordFormat.AVRO_GLUE });
const KEY = constants<KeyFormat>('KeyFormat', 'id', { FROM_VALUE: KeyFormat.FROM_VALUE, RAW: KeyFormat.RAW, JSON: KeyFormat.JSON, AVRO: KeyFormat.AVRO });
const BAD = constants<BadRecordPolicy>('BadRecordPolicy', 'id', { FAIL: BadRecordPolicy.FAIL, SKIP: BadRecordPolicy.SKIP });
const MODE = constants<JobMode>('JobMode', 'value', { STREAMING: JobMode.STREAMING, BATCH: JobMode.BATCH });
const WRITE = constants<WriteMode>('WriteMode', 'id', { INCREMENTAL: WriteMode.INCREMENTAL, REPLACE: WriteMode.REPLACE });
const VARIANT = constants<KafkaConnectorVariant>('KafkaConnectorVariant', 'id', { UNSHADED: KafkaConnectorVariant.UNSHADED, SHADED_SQL: KafkaConnectorVariant.SHADED_SQL });
const SCALARS = [
  ['STRING', ColumnType.STRING], ['BOOLEAN', ColumnType.BOOLEAN], ['INT', ColumnType.INT], ['BIGINT', ColumnType.BIGINT], ['FLOAT', ColumnType.FLOAT],
  ['DOUBLE', ColumnType.DOUBLE], ['DATE', ColumnType.DATE], ['TIMESTAMP', ColumnType.TIMESTAMP], ['TIMESTAMP_LTZ', ColumnType.TIMESTAMP_LTZ],
] as const;
const COLUMN_TYPE = { kind: 'ColumnType', field: 'sqlType', list: SCALARS.map(([name, value]) => ({ key: value.sqlType, value, spelled: `ColumnType.${name}` })) };

export const readCleanupPolicy = (r: ShapeReader, v: unknown, at: string) => readConstant(r, v, at, CLEANUP);
export const readRecordFormat = (r: ShapeReader, v: unknown, at: string) => readConstant(r, v, at, RECORD);
export const readKeyFormat = (r: ShapeReader, v: unknown, at: string) => readConstant(r, v, at, KEY);
export const readBadRecordPolicy = (r: ShapeReader, v: unknown, at: string) => readConstant(r, v, at, BAD);
export const readJobMode = (r: ShapeReader, v: unknown, at: string) => readConstant(r, v, at, MODE);
export const readWriteMode = (r: ShapeReader, v: unknown, at: string) => readConstant(r, v, at, WRITE);
export const readConnectorVariant = (r: ShapeReader, v: unknown, at: string) => readConstant(r, v, at, VARIANT);

/** A scalar ColumnType constant or `ColumnType.decimal(p, s)`. */
export function readColumnType(r: ShapeReader, value: unknown, path: string): ColumnType | undefined {
  const decimal = isObject(value) ? value.decimal : undefined;
  if (isObject(decimal)) {
    const precision = r.number(decimal.precision, `${path}.decimal.precision`, 'use ColumnType.decimal(precision, scale)');
    const scale = r.number(decimal.scale, `${path}.decimal.scale`, 'use ColumnType.decimal(precision, scale)');
    return precision === undefined || scale === undefined ? undefined : ColumnType.decimal(precision, scale);
  }
  return readConstant(r, value, path, COLUMN_TYPE);
}

/** `ComputedColumn.epochMillis(column)`. */
export function readComputedColumn(r: ShapeReader, value: unknown, path: string): ComputedColumn | undefined {
  if (!isObject(value) || value.kind !== 'epoch-millis') return r.fail(path, `must be a ComputedColumn, got ${describeValue(value)}`, 'use ComputedColumn.epochMillis(column)');
  const source = r.string(value.source, `${path}.source`, 'name the BIGINT column of epoch milliseconds', 255);
  return source === undefined ? undefined : ComputedColumn.epochMillis(source);
}

const TRANSFORMS = ['identity', 'year', 'month', 'day', 'hour', 'bucket', 'truncate'] as const;

/** A PartitionTransform made by its factories. */
export function readPartitionTransform(r: ShapeReader, value: unknown, path: string): PartitionTransform | undefined {
  const fix = 'use PartitionTransform.identity/year/month/day/hour(column), bucket(n, column) or truncate(width, column)';
  const kind = isObject(value) ? TRANSFORMS.find((t) => t === value.transform) : undefined;
  if (!isObject(value) || kind === undefined) return r.fail(path, `must be a PartitionTransform, got ${describeValue(value)}`, fix);
  const column = r.string(value.column, `${path}.column`, 'name a column of the table', 255);
  if (column === undefined) return undefined;
  if (kind === 'bucket' || kind === 'truncate') {
    const argument = r.number(value.argument, `${path}.argument`, `give the ${kind === 'bucket' ? 'bucket count' : 'width'} as a whole number ≥ 1`);
    if (argument === undefined) return undefined;
    return kind === 'bucket' ? PartitionTransform.bucket(argument, column) : PartitionTransform.truncate(argument, column);
  }
  return PartitionTransform[kind](column);
}

/** `FlinkVersion.V1_20` or `FlinkVersion.of('x.y')`. */
export function readFlinkVersion(r: ShapeReader, value: unknown, path: string): FlinkVersion | undefined {
  const minor = isObject(value) ? value.minor : undefined;
  if (typeof minor !== 'string' || !/^\d{1,3}\.\d{1,3}$/.test(minor)) {
    const hint = typeof value === 'string' ? `FlinkVersion.of(${JSON.stringify(value)})` : 'FlinkVersion.V1_20';
    return r.fail(path, `must be a FlinkVersion, got ${describeValue(value)}`, `use a FlinkVersion constant or FlinkVersion.of('x.y'), e.g. ${hint}`);
  }
  return FlinkVersion.of(minor);
}

/** A JavaVersion the catalog knows. */
export function readJavaVersion(r: ShapeReader, value: unknown, path: string): JavaVersion | undefined {
  const release = isObject(value) ? value.release : undefined;
  const java = typeof release === 'number' ? JavaVersion.tryOf(release) : undefined;
  if (java === undefined) return r.fail(path, `must be a known JavaVersion, got ${describeValue(value)}`, `use one of ${JavaVersion.ALL.map((j) => `JavaVersion.JAVA_${j.release}`).join(', ')}`);
  return java;
}

const START_MODES = { 'group-offsets': StartPosition.GROUP_OFFSETS, 'earliest-offset': StartPosition.EARLIEST, 'latest-offset': StartPosition.LATEST } as const;
const BOUNDED_MODES = { 'latest-offset': BoundedRead.LATEST_OFFSET, 'group-offsets': BoundedRead.GROUP_OFFSETS } as const;

/** A StartPosition constant or `StartPosition.timestamp(validDate)`. */
export function readStartPosition(r: ShapeReader, value: unknown, path: string): StartPosition | undefined {
  const mode = isObject(value) ? value.mode : undefined;
  if (mode === 'timestamp' && isObject(value)) {
    const at = r.date(value.at, `${path}.at`, 'use StartPosition.timestamp(new Date("2026-01-31T00:00:00Z"))');
    return at === undefined ? undefined : StartPosition.timestamp(at);
  }
  const known = Object.entries(START_MODES).find(([m]) => m === mode);
  if (known === undefined) return r.fail(path, `must be a StartPosition, got ${describeValue(value)}`, 'use StartPosition.GROUP_OFFSETS, EARLIEST, LATEST or timestamp(date)');
  return known[1];
}

/** A BoundedRead constant or `BoundedRead.timestamp(validDate)`. */
export function readBoundedRead(r: ShapeReader, value: unknown, path: string): BoundedRead | undefined {
  const mode = isObject(value) ? value.mode : undefined;
  if (mode === 'timestamp' && isObject(value)) {
    const at = r.date(value.at, `${path}.at`, 'use BoundedRead.timestamp(new Date("2026-01-31T00:00:00Z"))');
    return at === undefined ? undefined : BoundedRead.timestamp(at);
  }
  const known = Object.entries(BOUNDED_MODES).find(([m]) => m === mode);
  if (known === undefined) return r.fail(path, `must be a BoundedRead, got ${describeValue(value)}`, 'use BoundedRead.LATEST_OFFSET, GROUP_OFFSETS or timestamp(date)');
  return known[1];
}

/** `JobSchedule.cron('…')`. */
export function readSchedule(r: ShapeReader, value: unknown, path: string): JobSchedule | undefined {
  if (!isObject(value)) return r.fail(path, `must be a JobSchedule, got ${describeValue(value)}`, "use JobSchedule.cron('0 2 * * *')");
  const expression = r.string(value.expression, `${path}.expression`, "use JobSchedule.cron('0 2 * * *')", 200);
  return expression === undefined ? undefined : JobSchedule.cron(expression);
}

/** `CostControl.CONTINUOUS`, `AUTOSCALED` or `scheduledWindow(hours)`. */
export function readCostControl(r: ShapeReader, value: unknown, path: string): CostControl | undefined {
  const mode = isObject(value) ? value.mode : undefined;
  if (mode === 'continuous') return CostControl.CONTINUOUS;
  if (mode === 'autoscaled') return CostControl.AUTOSCALED;
  if (mode !== 'scheduled' || !isObject(value)) return r.fail(path, `must be a CostControl, got ${describeValue(value)}`, 'use CostControl.CONTINUOUS, AUTOSCALED or scheduledWindow(hoursPerDay)');
  const hours = r.number(value.hoursPerDay, `${path}.hoursPerDay`, 'give 1–24 hours a day');
  return hours === undefined ? undefined : CostControl.scheduledWindow(hours);
}

/** `StateMigration.RESTORE` or `StateMigration.freshStart(reason)`. */
export function readStateMigration(r: ShapeReader, value: unknown, path: string): StateMigration | undefined {
  const id = isObject(value) ? value.id : undefined;
  if (id === 'restore') return StateMigration.RESTORE;
  if (id !== 'fresh-start' || !isObject(value)) return r.fail(path, `must be a StateMigration, got ${describeValue(value)}`, "use StateMigration.RESTORE or StateMigration.freshStart('why')");
  const reason = r.string(value.reason, `${path}.reason`, 'say why the state may be dropped', 1000, true);
  return reason === undefined ? undefined : StateMigration.freshStart(reason);
}

/** A SchemaMigration by value: `drop-column` with its column and reason, or `rebuild` with its reason. */
export function readSchemaMigration(r: ShapeReader, value: unknown, path: string): SchemaMigration | undefined {
  const id = isObject(value) ? value.id : undefined;
  if (!isObject(value) || (id !== 'drop-column' && id !== 'rebuild')) {
    return r.fail(path, `must be a SchemaMigration, got ${describeValue(value)}`, "use SchemaMigration.dropColumn('column', 'why') or SchemaMigration.rebuild('why')");
  }
  const reason = r.string(value.reason, `${path}.reason`, 'say why the change is acceptable', 1000, true);
  if (reason === undefined) return undefined;
  if (id === 'rebuild') {
    const replaces = value.replaces === undefined ? undefined : r.string(value.replaces, `${path}.replaces`, "name what it replaces as the lock does: a topic's name or a table's '<database>.<table>'", 511);
    return SchemaMigration.rebuild(reason, replaces);
  }
  const column = r.string(value.column, `${path}.column`, 'name the column being dropped', 255);
  return column === undefined ? undefined : SchemaMigration.dropColumn(column, reason);
}
