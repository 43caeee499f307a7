import { PipelineDefinition } from '../definition/pipeline-definition';
import { SchemaMigration } from '../definition/schema-migration';
import { PipelineEnvironment } from '../environment/pipeline-environment';
import { ValidationProblem } from '../validation/validation-problem';
import { defaultDatabase } from './plan-names';
import { LockedColumn, LockedTable, LockedTopic, PlannedSchemas, lockedTableKey, schemaLockCommand } from './schema-lock';
import { StateLock } from './state-lock';

/** What the synth says about the schemas: refusals and the changes it lets through (CDK warnings). */
export interface SchemaLockCheck {
  readonly problems: readonly ValidationProblem[];
  readonly warnings: readonly ValidationProblem[];
}

/** Input of `checkSchemaLock`. */
export interface SchemaLockCheckInput {
  readonly definition: PipelineDefinition;
  readonly environment: PipelineEnvironment;
  /** What the definition would record (`plannedSchemas`). */
  readonly planned: PlannedSchemas;
  readonly lock: StateLock;
}

/** One difference between the lock and the definition. */
interface SchemaChange {
  readonly path: string;
  readonly message: string;
  /** Incompatible: what to do instead (the synth refuses it without a matching migration). */
  readonly advice?: string;
  /** The column a `SchemaMigration.dropColumn` must name to accept it. */
  readonly dropped?: string;
  /** No migration accepts it: the resource cannot change this in place nor be replaced under its name. */
  readonly never?: boolean;
}

const DECIMAL = /^DECIMAL\((\d+), (\d+)\)$/;
const PROMOTIONS: Readonly<Record<string, string>> = { INT: 'BIGINT', FLOAT: 'DOUBLE' };

/** How a column type changed: Iceberg promotes INT → BIGINT, FLOAT → DOUBLE and decimal precision (same scale). */
export function typeChange(before: string, now: string): 'same' | 'widen' | 'narrow' | 'change' {
  if (before === now) return 'same';
  if (PROMOTIONS[before] === now) return 'widen';
  if (PROMOTIONS[now] === before) return 'narrow';
  const [b, n] = [DECIMAL.exec(before), DECIMAL.exec(now)];
  if (b && n && b[2] === n[2]) return Number(n[1]) > Number(b[1]) ? 'widen' : 'narrow';
  return 'change';
}

function rebuildAdvice(kind: string): string {
  return `or set schemaMigration: SchemaMigration.rebuild('<why>') and rebuild the ${kind} under a new name, filled again from its source`;
}

function columnChanges(at: string, kind: 'topic' | 'table', before: readonly LockedColumn[], now: readonly LockedColumn[]): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const old = new Map(before.map((c) => [c.name, c]));
  now.forEach((c, j) => {
    const path = `${at}.columns[${j}] (${JSON.stringify(c.name)})`;
    const was = old.get(c.name);
    if (was === undefined) {
      changes.push(c.nullable
        ? { path, message: `is a new optional column (${c.type}): what was written before reads as null` }
        : { path, message: `is a new required column (${c.type} NOT NULL), but what was written before has no value for it`, advice: `make it optional (nullable: true), ${rebuildAdvice(kind)}` });
      return;
    }
    const change = typeChange(was.type, c.type);
    if (change === 'widen') changes.push({ path, message: `widens ${was.type} → ${c.type} (an Iceberg type promotion: existing data reads as ${c.type})` });
    if (change === 'narrow') changes.push({ path, message: `narrows ${was.type} → ${c.type}: values already written may not fit`, advice: `keep ${was.type}, ${rebuildAdvice(kind)}` });
    if (change === 'change') changes.push({ path, message: `changes type ${was.type} → ${c.type}, which Iceberg cannot promote (only INT → BIGINT, FLOAT → DOUBLE, DECIMAL(P, S) → DECIMAL(P', S) with P' > P)`, advice: `keep ${was.type} and add a new column for the new type, ${rebuildAdvice(kind)}` });
    if (was.nullable && !c.nullable) changes.push({ path, message: 'becomes required (NOT NULL), but what was written before may hold null', advice: `keep it optional and filter nulls in the job's query, ${rebuildAdvice(kind)}` });
    if (!was.nullable && c.nullable) changes.push({ path, message: 'becomes optional: readers must now expect null' });
  });
  for (const c of before) {
    if (now.some((n) => n.name === c.name)) continue;
    changes.push({
      path: `${at}.columns`,
      message: `drops column ${JSON.stringify(c.name)} (${c.type}; a rename is a drop plus an add): jobs and readers lose its values`,
      advice: `keep it (stop filling it: it reads as null), or set schemaMigration: SchemaMigration.dropColumn(${JSON.stringify(c.name).replace(/"/g, "'")}, '<why>')`,
      dropped: c.name,
    });
  }
  return changes;
}

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function list(values: readonly string[]): string {
  return `[${values.join(', ')}]`;
}

function topicChanges(at: string, before: LockedTopic, now: LockedTopic): SchemaChange[] {
  const changes = columnChanges(at, 'topic', before.columns, now.columns);
  if (now.partitions > before.partitions) changes.push({ path: `${at}.partitions`, message: `rises ${before.partitions} → ${now.partitions}: Kafka adds partitions in place; keys map to other partitions from then on (per-key order holds only for records written after the change)` });
  if (now.partitions < before.partitions) changes.push({ path: `${at}.partitions`, message: `falls ${before.partitions} → ${now.partitions}, but Kafka cannot remove partitions`, advice: `keep ${before.partitions} (set partitions: ${before.partitions} when the sizing model derived the new count), ${rebuildAdvice('topic')}` });
  if (!same(before.key, now.key) || before.keyFormat !== now.keyFormat) {
    changes.push({ path: `${at}.key`, message: `changes the record key ${list(before.key)} (${before.keyFormat}) → ${list(now.key)} (${now.keyFormat}): records of one key would land in other partitions and compaction would keep the wrong ones`, advice: `keep the key, ${rebuildAdvice('topic')}` });
  }
  if (before.replicationFactor !== undefined && now.replicationFactor !== undefined && before.replicationFactor !== now.replicationFactor) {
    changes.push({
      path: `${at}.replicationFactor`,
      message: `changes ${before.replicationFactor} → ${now.replicationFactor} (the environment's kafka.replicationFactor), but a topic's replication factor is fixed at creation: AWS::MSK::Topic would have to be replaced, which CloudFormation cannot do for a topic with a custom name (the update fails), and Strimzi does not reassign replicas`,
      advice: `keep kafka.replicationFactor ${before.replicationFactor} for this environment, or create a new topic under a new name (it gets the new factor) with schemaMigration: SchemaMigration.rebuild('<why>', '<this topic>') and move producers and jobs to it`,
      never: true,
    });
  }
  if (before.valueFormat !== now.valueFormat) changes.push({ path: `${at}.valueFormat`, message: `changes ${before.valueFormat} → ${now.valueFormat}: records already in the topic cannot be read with it`, advice: `keep ${before.valueFormat}, ${rebuildAdvice('topic')}` });
  return changes;
}

function tableChanges(at: string, before: LockedTable, now: LockedTable): SchemaChange[] {
  const changes = columnChanges(at, 'table', before.columns, now.columns);
  if (!same(before.primaryKey, now.primaryKey)) changes.push({ path: `${at}.primaryKey`, message: `changes ${list(before.primaryKey)} → ${list(now.primaryKey)}: rows written before were upserted by the old key and would not be replaced by the new one`, advice: `keep the primary key, ${rebuildAdvice('table')}` });
  if (!same(before.partitionBy, now.partitionBy)) changes.push({ path: `${at}.partitionBy`, message: `changes ${list(before.partitionBy)} → ${list(now.partitionBy)}: the Glue table was created with the old spec and upsert deletes must meet the rows in their partition`, advice: `keep the partition spec, ${rebuildAdvice('table')}` });
  return changes;
}

function accepts(migration: SchemaMigration | undefined, change: SchemaChange): boolean {
  if (migration === undefined || change.never === true) return false;
  if (migration.id === SchemaMigration.rebuild('-').id) return true;
  return change.dropped !== undefined && change.dropped === migration.column;
}

/**
 * Compares a definition's topics, tables and streaming jobs with what `schemas/<env>.lock.json` recorded as deployed.
 * Compatible changes (a new optional column, INT → BIGINT, FLOAT → DOUBLE, more decimal precision, a column made
 * optional, a new topic/table/job, more partitions) come back as warnings. Incompatible ones (a dropped or renamed
 * column, a narrowed or retyped column, a column made required, a changed primary key, partition spec, topic key or
 * value format, fewer partitions) are problems unless the topic/table carries a `schemaMigration` that accepts them;
 * then they are warnings too. A job's state (its query) is `checkStateLock`'s. The lock itself is never written here.
 */
export function checkSchemaLock(input: SchemaLockCheckInput): SchemaLockCheck {
  const { definition, environment, planned, lock } = input;
  const problems: ValidationProblem[] = [];
  const warnings: ValidationProblem[] = [];
  const recorded = lock.content?.pipelines[definition.name];
  if (recorded === undefined) return { problems, warnings }; // no lock or a new pipeline: checkStateLock says so
  const record = `after the deploy, record it with \`${schemaLockCommand(environment.name)}\``;
  if (recorded.topics === undefined || recorded.tables === undefined) {
    const missing = { path: lock.file, message: `records no topic and table schemas of pipeline ${JSON.stringify(definition.name)}, so an incompatible schema change cannot be detected`, fix: `record what is deployed with \`${schemaLockCommand(environment.name)}\` and commit the file` };
    (environment.production ? problems : warnings).push(missing);
    return { problems, warnings };
  }
  const review = (at: string, name: string, kind: 'topic' | 'table', migration: SchemaMigration | undefined, changes: SchemaChange[]): void => {
    let used = false;
    for (const change of changes) {
      if (change.advice === undefined) { warnings.push({ path: change.path, message: change.message, fix: record }); continue; }
      if (!accepts(migration, change)) { problems.push({ path: change.path, message: `${change.message} (${kind} ${JSON.stringify(name)} as recorded in ${lock.file})`, fix: change.advice }); continue; }
      used = true;
      warnings.push({ path: change.path, message: `${change.message}; accepted by schemaMigration ${migration}`, fix: `${record} and remove schemaMigration` });
    }
    if (migration !== undefined && !used) warnings.push({ path: `${at}.schemaMigration`, message: `is ${migration}, but nothing it accepts changed since ${lock.file}`, fix: 'remove it' });
  };
  definition.topics.forEach((topic, i) => {
    const now = planned.topics[topic.name];
    if (now === undefined) return; // a shared input: the owner's lock records it
    const at = `topics[${i}] (${JSON.stringify(topic.name)})`;
    const before = recorded.topics?.[topic.name];
    if (before === undefined) { warnings.push({ path: at, message: 'is a new topic: the deploy creates it', fix: record }); return; }
    review(at, topic.name, 'topic', topic.schemaMigration, topicChanges(at, before, now));
  });
  definition.tables.forEach((table, i) => {
    const key = lockedTableKey({ database: table.database ?? defaultDatabase(definition), name: table.name });
    const now = planned.tables[key];
    const at = `tables[${i}] (${JSON.stringify(table.name)})`;
    const before = recorded.tables?.[key];
    if (before === undefined) { warnings.push({ path: at, message: 'is a new table: the deploy creates it', fix: record }); return; }
    review(at, table.name, 'table', table.schemaMigration, tableChanges(at, before, now));
  });
  definition.jobs.forEach((job, i) => {
    if (planned.jobs[job.name] !== undefined && recorded.jobs[job.name] === undefined) {
      warnings.push({ path: `jobs[${i}] (${JSON.stringify(job.name)})`, message: 'is a new streaming job: it starts without state', fix: record });
    }
  });
  for (const gone of goneFromDefinition(definition, planned, recorded.topics, recorded.tables)) {
    const what = `${gone.kind} ${JSON.stringify(gone.key)}`;
    if (gone.replacedBy !== undefined) {
      warnings.push({ path: gone.replacedBy, message: `replaces ${what} of ${lock.file} (schemaMigration ${gone.migration}): the deploy removes the old one from the stack (kept in the account where the environment retains data, no longer written) and creates this one empty`, fix: `${record} and remove schemaMigration` });
    } else if (environment.production) {
      problems.push({ path: lock.file, message: `records ${what}, which the definition no longer has (a renamed ${gone.kind}${gone.kind === 'table' ? ' or database' : ''}?): the deploy would remove it from the stack and its data would no longer be written or managed, while a new ${gone.kind} starts empty`, fix: `keep its name${gone.kind === 'table' ? ` and database (database: ${JSON.stringify(gone.key.split('.')[0])})` : ''}, or set schemaMigration: SchemaMigration.rebuild('<why>', ${JSON.stringify(gone.key).replace(/"/g, "'")}) on the ${gone.kind} that takes its place` });
    } else {
      warnings.push({ path: lock.file, message: `records ${what}, which the definition no longer has: the deploy deletes it (tables and their data are kept where the environment retains data)`, fix: record });
    }
  }
  return { problems, warnings };
}

/** A topic or table the lock records that the definition no longer has, and what takes its place by name, if any. */
interface GoneFromDefinition {
  readonly kind: 'topic' | 'table';
  readonly key: string;
  /** Path of the topic/table whose `SchemaMigration.rebuild(…, key)` replaces it. */
  readonly replacedBy?: string;
  readonly migration?: SchemaMigration;
}

function goneFromDefinition(definition: PipelineDefinition, planned: PlannedSchemas, topics: Readonly<Record<string, LockedTopic>>, tables: Readonly<Record<string, LockedTable>>): GoneFromDefinition[] {
  const replacing = (kind: 'topic' | 'table', key: string): Pick<GoneFromDefinition, 'replacedBy' | 'migration'> => {
    const items: ReadonlyArray<{ readonly name: string; readonly schemaMigration?: SchemaMigration }> = kind === 'topic' ? definition.topics : definition.tables;
    const i = items.findIndex((item) => item.schemaMigration?.id === SchemaMigration.rebuild('-').id && item.schemaMigration.replaces === key);
    return i < 0 ? {} : { replacedBy: `${kind}s[${i}] (${JSON.stringify(items[i].name)}).schemaMigration`, migration: items[i].schemaMigration };
  };
  return [
    ...Object.keys(topics).filter((t) => planned.topics[t] === undefined).map((key): GoneFromDefinition => ({ kind: 'topic', key, ...replacing('topic', key) })),
    ...Object.keys(tables).filter((t) => planned.tables[t] === undefined).map((key): GoneFromDefinition => ({ kind: 'table', key, ...replacing('table', key) })),
  ];
}
