import { JobMode } from '../definition/job-options';
import { avroValueSchemaText } from './avro-schema';
import { isAvroGlue } from './glue-schema-registry-plan';
import { IcebergTableMetadata, icebergTableMetadata } from './iceberg-table-metadata';
import { PipelinePlan, PlannedColumn, TablePlan, TopicPlan } from './pipeline-plan';

/**
 * The command that records an environment's lock (job states and schemas), as it runs in any app that installed the
 * package: its `pipelines` CLI. Before a first deployment it records what that deployment creates.
 */
export function schemaLockCommand(environment: string): string {
  return `npx pipelines schema lock -c env=${environment}`;
}

/** A column as the schema lock records it: the Flink SQL type (`DECIMAL(12, 2)`) and whether it may be null. */
export interface LockedColumn {
  readonly name: string;
  readonly type: string;
  readonly nullable: boolean;
  /** Topics: how a computed column is computed (`epoch-millis(ts_ms)`). */
  readonly computed?: string;
  /**
   * Tables: the Iceberg field id. Kept for the life of the table: a column added later gets the next id after the
   * highest one ever recorded, never a reused one (Iceberg resolves data files by field id, not by name).
   */
  readonly id?: number;
}

/** A topic as the schema lock records it (`pipelines.<p>.topics.<topic>`). Shared inputs are the owner's. */
export interface LockedTopic {
  readonly partitions: number;
  /**
   * Replicas of each partition (the environment's `kafka.replicationFactor`). Create-only: `AWS::MSK::Topic` would
   * replace the topic, which CloudFormation cannot do for a named resource, and Strimzi does not reassign replicas.
   * Absent from locks recorded before it was locked.
   */
  readonly replicationFactor?: number;
  readonly key: string[];
  readonly keyFormat: string;
  readonly valueFormat: string;
  readonly columns: LockedColumn[];
  /**
   * Avro-Glue topics: the Avro definition the `AWS::Glue::Schema` was created with, kept as first recorded. Its
   * `SchemaDefinition` is create-only (the initial version): the schema keeps rendering it, and a later definition is
   * registered as an `AWS::Glue::SchemaVersion` (see `planTopicRegistry`).
   */
  readonly registeredSchema?: string;
}

/** A table as the schema lock records it (`pipelines.<p>.tables.<database>.<table>`). */
export interface LockedTable {
  readonly columns: LockedColumn[];
  readonly primaryKey: string[];
  /** Iceberg partition spec in spec notation (`day(order_ts)`, `bucket[16](id)`). */
  readonly partitionBy: string[];
  /** The highest Iceberg field id ever given to a column of the table (Iceberg's `last-column-id`). */
  readonly lastColumnId?: number;
  /**
   * The Iceberg input CloudFormation created the Glue table with, kept as first recorded: the `AWS::Glue::Table`
   * keeps rendering it, because a CloudFormation update of our Iceberg tables' input has been reported to rewrite the
   * Glue table without its Iceberg metadata pointer; later schema changes reach it through `IcebergSchemaEvolution`.
   */
  readonly created?: IcebergTableMetadata;
}

/** A streaming job as the lock records it: its state fingerprint (`stateFingerprint`) and what it reads and writes. */
export interface LockedJob {
  readonly state: string;
  readonly sources?: string[];
  readonly sinks?: string[];
}

/**
 * Where a deployment placed a pipeline stack's units, per flavor id, per group (`JobPart`, `TopicPart`, `TablePart`,
 * `ClaimPart`): part number → unit keys. Part 1 is the pipeline stack itself, part n ≥ 2 its nested stack
 * `<group><n>`. Read from the cloud assembly the deployment used (`pipelines schema lock`); the next synth puts every
 * recorded unit into the same part (`ResourceShards`).
 */
export interface LockedPlacement {
  readonly [flavor: string]: { readonly [group: string]: { readonly [part: string]: string[] } };
}

/** One pipeline of `schemas/<env>.lock.json`. `topics`/`tables` absent: recorded before schemas were locked. */
export interface LockedPipeline {
  readonly jobs: { readonly [job: string]: LockedJob };
  readonly topics?: { readonly [topic: string]: LockedTopic };
  readonly tables?: { readonly [table: string]: LockedTable };
  /** Absent: recorded without a cloud assembly (before a first deployment, or before placement was recorded). */
  readonly placement?: LockedPlacement;
}

/** What the lock records of a pipeline's plan (no ids yet for table columns: see `assignFieldIds`). */
export interface PlannedSchemas {
  readonly jobs: Record<string, LockedJob>;
  readonly topics: Record<string, LockedTopic>;
  readonly tables: Record<string, LockedTable>;
}

/** `<database>.<table>`: the key of a table in the lock. */
export function lockedTableKey(table: Pick<TablePlan, 'database' | 'name'>): string {
  return `${table.database}.${table.name}`;
}

function lockedColumn(c: PlannedColumn): LockedColumn {
  return { name: c.name, type: c.type.sqlType, nullable: c.nullable, ...(c.computed !== undefined ? { computed: c.computed.toString() } : {}) };
}

function lockedTopic(pipeline: string, t: TopicPlan): LockedTopic {
  return {
    partitions: t.partitions, replicationFactor: t.replicationFactor, key: [...t.key], keyFormat: t.keyFormat.id, valueFormat: t.valueFormat.flinkFormat, columns: t.columns.map(lockedColumn),
    ...(isAvroGlue(t) ? { registeredSchema: t.registeredSchema ?? avroValueSchemaText(pipeline, t) } : {}),
  };
}

/** A planned table as the lock records it (`created`: what CloudFormation would create it with now). */
export function lockedTable(t: TablePlan): LockedTable {
  return { columns: t.columns.map(lockedColumn), primaryKey: [...t.primaryKey], partitionBy: t.partitionBy.map((p) => p.toString()), created: icebergTableMetadata(t) };
}

function sortedRecord<T>(entries: Array<[string, T]>): Record<string, T> {
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
}

/** The schemas and job shapes of a plan, as the lock records them: owned topics, tables, streaming jobs. */
export function plannedSchemas(plan: Pick<PipelinePlan, 'pipelineName' | 'topics' | 'lakehouse' | 'jobs'>): PlannedSchemas {
  return {
    jobs: sortedRecord(plan.jobs.flatMap((j): Array<[string, LockedJob]> => (j.mode.value === JobMode.STREAMING.value && j.stateFingerprint !== undefined
      ? [[j.name, { state: j.stateFingerprint, sources: [...j.sources], sinks: j.inserts.map((i) => i.sinkTable) }]] : []))),
    topics: sortedRecord(plan.topics.filter((t) => t.owner === undefined).map((t): [string, LockedTopic] => [t.name, lockedTopic(plan.pipelineName, t)])),
    tables: sortedRecord(plan.lakehouse.tables.map((t): [string, LockedTable] => [lockedTableKey(t), lockedTable(t)])),
  };
}

/**
 * Table columns with Iceberg field ids: a column the previous lock knows keeps its id; a new column gets the next id
 * after the highest recorded (so a dropped column's id is never reused); a new table numbers its columns from 1 in
 * order, as the Glue table was created (`icebergTableInput`).
 */
export function assignFieldIds(table: LockedTable, previous: LockedTable | undefined): LockedTable {
  const known = new Map((previous?.columns ?? []).map((c) => [c.name, c.id]));
  let next = Math.max(0, previous?.lastColumnId ?? 0, ...(previous?.columns ?? []).map((c) => c.id ?? 0));
  const columns = table.columns.map((c): LockedColumn => ({ ...c, id: known.get(c.name) ?? ++next }));
  return { ...table, columns, lastColumnId: next, created: previous?.created ?? table.created };
}
