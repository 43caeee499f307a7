import { Duration } from 'aws-cdk-lib';
import { PipelineDefinition, TableDefinition } from '../definition/pipeline-definition';
import { listNames, tablePath } from './paths';
import { ValidationProblem } from './validation-problem';

const TIME_TRANSFORMS = ['year', 'month', 'day', 'hour'];

function columnNames(table: TableDefinition): string[] {
  return table.columns.map((c) => c.name);
}

/** A table has columns; decimal types are in range. */
export function tableColumnsRule(def: PipelineDefinition): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const columnsOf = [
    ...def.tables.map((t, i) => ({ at: tablePath(i, t), columns: t.columns })),
    ...def.topics.map((t, i) => ({ at: `topics[${i}] (${JSON.stringify(t.name)})`, columns: t.columns })),
  ];
  def.tables.forEach((table, i) => {
    if (table.columns.length === 0) problems.push({ path: `${tablePath(i, table)}.columns`, message: 'is empty', fix: 'describe the table as typed columns' });
  });
  for (const { at, columns } of columnsOf) {
    columns.forEach((c, j) => {
      const d = c.type.decimal;
      if (d && !(Number.isInteger(d.precision) && Number.isInteger(d.scale) && d.precision >= 1 && d.precision <= 38 && d.scale >= 0 && d.scale <= d.precision)) {
        problems.push({ path: `${at}.columns[${j}].type`, message: `${c.type.sqlType} is out of range`, fix: 'use precision 1–38 and scale 0–precision' });
      }
    });
  }
  return problems;
}

/** Partition transforms name existing columns of a fitting type, with a valid argument. */
export function tablePartitionRule(def: PipelineDefinition): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  def.tables.forEach((table, i) => {
    (table.partitionBy ?? []).forEach((p, j) => {
      const at = `${tablePath(i, table)}.partitionBy[${j}]`;
      const column = table.columns.find((c) => c.name === p.column);
      if (!column) {
        problems.push({ path: at, message: `${p} refers to unknown column ${JSON.stringify(p.column)}; known columns: ${listNames(columnNames(table))}`, fix: 'partition by a column of the table' });
        return;
      }
      const isTime = column.type.isEventTime || column.type.sqlType === 'DATE';
      if (TIME_TRANSFORMS.includes(p.transform) && !isTime) {
        problems.push({ path: at, message: `${p} needs a DATE or TIMESTAMP column, but ${p.column} is ${column.type}`, fix: 'use identity, bucket or truncate for this column, or a time column' });
      } else if (p.transform === 'hour' && !column.type.isEventTime) {
        problems.push({ path: at, message: `${p} needs a TIMESTAMP column, but ${p.column} is ${column.type}`, fix: 'use day() for a DATE column' });
      }
      if ((p.transform === 'bucket' || p.transform === 'truncate') && !(Number.isInteger(p.argument) && (p.argument ?? 0) >= 1)) {
        problems.push({ path: at, message: `${p.transform} needs a whole number ≥ 1, got ${p.argument}`, fix: `give the ${p.transform === 'bucket' ? 'bucket count' : 'width'}` });
      }
    });
  });
  return problems;
}

/**
 * Primary key columns exist and are not declared nullable; an upsert table's partition source columns are part of the
 * key (Iceberg equality deletes must find the old row within the same partition).
 */
export function tablePrimaryKeyRule(def: PipelineDefinition): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  def.tables.forEach((table, i) => {
    const key = table.primaryKey ?? [];
    key.forEach((k, j) => {
      const column = table.columns.find((c) => c.name === k);
      if (!column) {
        problems.push({ path: `${tablePath(i, table)}.primaryKey[${j}]`, message: `unknown column ${JSON.stringify(k)}; known columns: ${listNames(columnNames(table))}`, fix: 'name columns of the table' });
      } else if (column.nullable === true) {
        problems.push({ path: `${tablePath(i, table)}.primaryKey[${j}]`, message: `column ${JSON.stringify(k)} is declared nullable`, fix: 'primary key columns are NOT NULL: remove nullable: true' });
      }
    });
    if (key.length > 0) {
      (table.partitionBy ?? []).forEach((p, j) => {
        if (!key.includes(p.column) && table.columns.some((c) => c.name === p.column)) {
          problems.push({ path: `${tablePath(i, table)}.partitionBy[${j}]`, message: `partition column ${JSON.stringify(p.column)} is not in the primary key (${key.join(', ')})`, fix: `add ${p.column} to primaryKey, or partition by a key column` });
        }
      });
    }
  });
  return problems;
}

/** Whole days in [min, max], or why not. */
function wholeDaysProblem(value: Duration, min: number, max: number): string | undefined {
  const days = value.toMilliseconds() / 86_400_000;
  if (!Number.isInteger(days)) return `must be whole days (Glue table optimizers take days), got ${value.toHumanString()}`;
  if (days < min || days > max) return `must be ${min}–${max} days, got ${value.toHumanString()}`;
  return undefined;
}

/**
 * Table maintenance settings are what Glue table optimizers accept: retention periods in whole days (orphan files at
 * least one day, so files of a commit in flight are never deleted), at least one snapshot kept.
 */
export function tableMaintenanceRule(def: PipelineDefinition): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  def.tables.forEach((table, i) => {
    const m = table.maintenance;
    if (m === undefined) return;
    const at = `${tablePath(i, table)}.maintenance`;
    const retention = m.snapshotRetention && wholeDaysProblem(m.snapshotRetention, 1, 3650);
    if (retention) problems.push({ path: `${at}.snapshotRetention`, message: retention, fix: 'use e.g. Duration.days(5): time travel and rollback reach that far back' });
    const orphans = m.orphanFileRetention && wholeDaysProblem(m.orphanFileRetention, 1, 3650);
    if (orphans) problems.push({ path: `${at}.orphanFileRetention`, message: orphans, fix: 'use e.g. Duration.days(3): files younger than that may belong to a commit in flight' });
    if (m.snapshotsToKeep !== undefined && !(Number.isInteger(m.snapshotsToKeep) && m.snapshotsToKeep >= 1)) {
      problems.push({ path: `${at}.snapshotsToKeep`, message: `must be a whole number ≥ 1, got ${m.snapshotsToKeep}`, fix: 'keep at least the current snapshot, e.g. 10' });
    }
    if (m.enabled === false && (m.compaction !== undefined || m.snapshotRetention !== undefined || m.snapshotsToKeep !== undefined || m.orphanFileRetention !== undefined)) {
      problems.push({ path: `${at}.enabled`, message: 'is false, but maintenance settings are given', fix: 'remove the settings, or turn maintenance on' });
    }
  });
  return problems;
}
