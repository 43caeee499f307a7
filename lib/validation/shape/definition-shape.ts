import { ColumnDefinition } from '../../definition/column-type';
import { JobDefinition, PipelineDefinition, ProducerDefinition, TableDefinition, TopicDefinition } from '../../definition/pipeline-definition';
import { ArtifactPins } from '../../catalog/resolved-artifacts';
import { LoadGeneratorDefinition } from '../../definition/load-generator';
import { ValidationProblem } from '../validation-problem';
import {
  readBadRecordPolicy, readBoundedRead, readCleanupPolicy, readColumnType, readComputedColumn, readConnectorVariant, readCostControl,
  readFlinkVersion, readJavaVersion, readJobMode, readKeyFormat, readPartitionTransform, readRecordFormat, readSchedule,
  readSchemaMigration, readStartPosition, readStateMigration, readWriteMode,
} from './enum-like-shapes';
import { ShapeReader, isObject } from './shape-reader';
import { readRawRetention } from './raw-retention-shape';
import { readJobMonitoring, readPipelineMonitoring } from './monitoring-shape';

/** Glue limits: a column comment holds 255 characters, a table description 2,048, a name 255. */
export const GLUE_COLUMN_COMMENT_MAX = 255;
export const GLUE_TABLE_DESCRIPTION_MAX = 2048;
export const GLUE_NAME_MAX = 255;
/** The longest transform (one SELECT) a job may give; Flink job graphs and MSF property values stay small. */
export const TRANSFORM_MAX = 32_768;

/** `topics[0] ("orders")` when the entry has a string name, else `topics[0]`. */
function entryPath(at: string, entry: unknown): string {
  return isObject(entry) && typeof entry.name === 'string' ? `${at} (${JSON.stringify(entry.name.slice(0, 300))})` : at;
}

type Draft = Record<string, unknown>;

/** Drops undefined fields, so a re-read definition has the same keys as a typed one. */
function defined<T>(draft: Draft): T {
  return Object.fromEntries(Object.entries(draft).filter(([, v]) => v !== undefined)) as T;
}

function readColumn(r: ShapeReader, value: unknown, path: string): ColumnDefinition | undefined {
  const o = r.object(value, path, 'a column', ['name', 'type', 'nullable', 'computed', 'comment']);
  if (o === undefined) return undefined;
  const before = r.problems.length;
  const column = defined<ColumnDefinition>({
    name: r.string(o.name, `${path}.name`, 'name the column in lower snake case', 1000),
    type: readColumnType(r, o.type, `${path}.type`),
    nullable: r.optionalBoolean(o.nullable, `${path}.nullable`),
    computed: o.computed === undefined ? undefined : readComputedColumn(r, o.computed, `${path}.computed`),
    comment: r.optionalString(o.comment, `${path}.comment`, 'describe the column in words', GLUE_COLUMN_COMMENT_MAX, true),
  });
  return r.problems.length === before ? column : undefined;
}

function readColumns(r: ShapeReader, value: unknown, at: string): ColumnDefinition[] | undefined {
  return r.array(value, at, 'list the columns as { name, type } objects', (entry, path) => readColumn(r, entry, path));
}

function readTopic(r: ShapeReader, value: unknown, at: string): TopicDefinition | undefined {
  const path = entryPath(at, value);
  const o = r.object(value, path, 'a topic', ['name', 'columns', 'key', 'partitions', 'workload', 'retention', 'cleanupPolicy', 'keyFormat', 'valueFormat', 'badRecords', 'maxCompactionLag', 'sharedFrom', 'readers', 'schemaMigration', 'rawRetention']);
  if (o === undefined) return undefined;
  const before = r.problems.length;
  const w = o.workload === undefined ? undefined : r.object(o.workload, `${path}.workload`, 'a workload', ['ingressMBps', 'recordSizeBytes', 'peakFactor', 'extraConsumerGroups']);
  const workload = w === undefined ? undefined : defined({
    ingressMBps: r.number(w.ingressMBps, `${path}.workload.ingressMBps`, 'give the average ingress in MB/s'),
    recordSizeBytes: r.number(w.recordSizeBytes, `${path}.workload.recordSizeBytes`, 'give the average record size in bytes'),
    peakFactor: r.optionalNumber(w.peakFactor, `${path}.workload.peakFactor`, 'give peak ÷ average ingress (2 if unsure)'),
    extraConsumerGroups: r.optionalNumber(w.extraConsumerGroups, `${path}.workload.extraConsumerGroups`, 'count the consumer groups outside this pipeline'),
  });
  const topic = defined<TopicDefinition>({
    name: r.string(o.name, `${path}.name`, 'name the Kafka topic', 1000),
    columns: readColumns(r, o.columns, `${path}.columns`),
    key: r.names(o.key, `${path}.key`, 'list the key column names', true),
    partitions: r.optionalNumber(o.partitions, `${path}.partitions`, 'give a whole number of partitions ≥ 1'),
    workload,
    retention: r.optionalDuration(o.retention, `${path}.retention`, 'give a Duration such as Duration.days(7)'),
    cleanupPolicy: o.cleanupPolicy === undefined ? undefined : readCleanupPolicy(r, o.cleanupPolicy, `${path}.cleanupPolicy`),
    keyFormat: o.keyFormat === undefined ? undefined : readKeyFormat(r, o.keyFormat, `${path}.keyFormat`),
    valueFormat: o.valueFormat === undefined ? undefined : readRecordFormat(r, o.valueFormat, `${path}.valueFormat`),
    badRecords: o.badRecords === undefined ? undefined : readBadRecordPolicy(r, o.badRecords, `${path}.badRecords`),
    maxCompactionLag: r.optionalDuration(o.maxCompactionLag, `${path}.maxCompactionLag`, 'give a Duration such as Duration.hours(12)'),
    sharedFrom: r.optionalString(o.sharedFrom, `${path}.sharedFrom`, 'name the pipeline that owns the topic', 64),
    readers: r.names(o.readers, `${path}.readers`, 'list the names of the pipelines allowed to read the topic', true),
    schemaMigration: o.schemaMigration === undefined ? undefined : readSchemaMigration(r, o.schemaMigration, `${path}.schemaMigration`),
    rawRetention: o.rawRetention === undefined ? undefined : readRawRetention(r, o.rawRetention, `${path}.rawRetention`),
  });
  return r.problems.length === before ? topic : undefined;
}

function readTable(r: ShapeReader, value: unknown, at: string): TableDefinition | undefined {
  const path = entryPath(at, value);
  const o = r.object(value, path, 'a table', ['name', 'database', 'columns', 'partitionBy', 'primaryKey', 'comment', 'maintenance', 'schemaMigration']);
  if (o === undefined) return undefined;
  const before = r.problems.length;
  const m = o.maintenance === undefined ? undefined : r.object(o.maintenance, `${path}.maintenance`, 'table maintenance', ['enabled', 'compaction', 'snapshotRetention', 'snapshotsToKeep', 'orphanFileRetention']);
  const maintenance = m === undefined ? undefined : defined({
    enabled: r.optionalBoolean(m.enabled, `${path}.maintenance.enabled`),
    compaction: r.optionalBoolean(m.compaction, `${path}.maintenance.compaction`),
    snapshotRetention: r.optionalDuration(m.snapshotRetention, `${path}.maintenance.snapshotRetention`, 'give whole days, e.g. Duration.days(5)'),
    snapshotsToKeep: r.optionalNumber(m.snapshotsToKeep, `${path}.maintenance.snapshotsToKeep`, 'keep at least one snapshot, e.g. 10'),
    orphanFileRetention: r.optionalDuration(m.orphanFileRetention, `${path}.maintenance.orphanFileRetention`, 'give whole days, e.g. Duration.days(3)'),
  });
  const table = defined<TableDefinition>({
    name: r.string(o.name, `${path}.name`, 'name the table in lower snake case', 1000),
    database: r.optionalString(o.database, `${path}.database`, 'name the Glue database in lower snake case', 1000),
    columns: readColumns(r, o.columns, `${path}.columns`),
    partitionBy: r.optionalArray(o.partitionBy, `${path}.partitionBy`, 'list PartitionTransforms', (e, p) => readPartitionTransform(r, e, p)),
    primaryKey: r.names(o.primaryKey, `${path}.primaryKey`, 'list the key column names', true),
    comment: r.optionalString(o.comment, `${path}.comment`, 'describe the table in words', GLUE_TABLE_DESCRIPTION_MAX, true),
    maintenance,
    schemaMigration: o.schemaMigration === undefined ? undefined : readSchemaMigration(r, o.schemaMigration, `${path}.schemaMigration`),
  });
  return r.problems.length === before ? table : undefined;
}

function readTransforms(r: ShapeReader, value: unknown, path: string): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) return r.fail(path, 'must be an object of sink table → SELECT', 'key each SELECT by its sink table name');
  const out: Record<string, string> = {};
  for (const [sink, sql] of Object.entries(value)) {
    const read = r.string(sql, `${path}.${sink}`, 'give one SELECT statement', TRANSFORM_MAX);
    if (read !== undefined) out[sink] = read;
  }
  return out;
}

function readJob(r: ShapeReader, value: unknown, at: string): JobDefinition | undefined {
  const path = entryPath(at, value);
  const o = r.object(value, path, 'a job', ['name', 'mode', 'sources', 'sinks', 'transforms', 'eventTime', 'writeMode', 'stateMigration', 'startPosition', 'boundedRead', 'schedule', 'parallelism', 'throughputPerSubtaskMBps', 'checkpointInterval', 'stateTtl', 'costControl', 'consumerGroupId', 'monitoring']);
  if (o === undefined) return undefined;
  const before = r.problems.length;
  const e = o.eventTime === undefined ? undefined : r.object(o.eventTime, `${path}.eventTime`, 'event time settings', ['column', 'maxOutOfOrderness', 'idleTimeout']);
  const p = o.parallelism === undefined ? undefined : r.object(o.parallelism, `${path}.parallelism`, 'parallelism bounds', ['initial', 'max']);
  const job = defined<JobDefinition>({
    name: r.string(o.name, `${path}.name`, 'name the job in lower case letters, digits and "-"', 1000),
    mode: o.mode === undefined ? undefined : readJobMode(r, o.mode, `${path}.mode`),
    sources: r.names(o.sources, `${path}.sources`, 'list the topic names the job reads'),
    sinks: r.names(o.sinks, `${path}.sinks`, 'list the table names the job writes'),
    transforms: readTransforms(r, o.transforms, `${path}.transforms`),
    eventTime: e === undefined ? undefined : defined({
      column: r.string(e.column, `${path}.eventTime.column`, 'name the event-time column', GLUE_NAME_MAX),
      maxOutOfOrderness: r.duration(e.maxOutOfOrderness, `${path}.eventTime.maxOutOfOrderness`, 'give a Duration such as Duration.seconds(30)'),
      idleTimeout: r.optionalDuration(e.idleTimeout, `${path}.eventTime.idleTimeout`, 'give a Duration such as Duration.minutes(1)'),
    }),
    writeMode: o.writeMode === undefined ? undefined : readWriteMode(r, o.writeMode, `${path}.writeMode`),
    stateMigration: o.stateMigration === undefined ? undefined : readStateMigration(r, o.stateMigration, `${path}.stateMigration`),
    startPosition: o.startPosition === undefined ? undefined : readStartPosition(r, o.startPosition, `${path}.startPosition`),
    boundedRead: o.boundedRead === undefined ? undefined : readBoundedRead(r, o.boundedRead, `${path}.boundedRead`),
    schedule: o.schedule === undefined ? undefined : readSchedule(r, o.schedule, `${path}.schedule`),
    parallelism: p === undefined ? undefined : defined({
      initial: r.optionalNumber(p.initial, `${path}.parallelism.initial`, 'give a whole number ≥ 1'),
      max: r.optionalNumber(p.max, `${path}.parallelism.max`, 'give a whole number ≥ 1'),
    }),
    throughputPerSubtaskMBps: r.optionalNumber(o.throughputPerSubtaskMBps, `${path}.throughputPerSubtaskMBps`, 'give the MB/s one parallel instance sustains (5 if unsure)'),
    checkpointInterval: r.optionalDuration(o.checkpointInterval, `${path}.checkpointInterval`, 'give a Duration such as Duration.minutes(1)'),
    stateTtl: r.optionalDuration(o.stateTtl, `${path}.stateTtl`, 'give a Duration such as Duration.days(1)'),
    costControl: o.costControl === undefined ? undefined : readCostControl(r, o.costControl, `${path}.costControl`),
    consumerGroupId: r.optionalString(o.consumerGroupId, `${path}.consumerGroupId`, 'give a consumer group name, or remove it for the default <pipeline>.<job>', 255, true),
    monitoring: o.monitoring === undefined ? undefined : readJobMonitoring(r, o.monitoring, `${path}.monitoring`),
  });
  return r.problems.length === before ? job : undefined;
}

function readProducer(r: ShapeReader, value: unknown, at: string): ProducerDefinition | undefined {
  const path = entryPath(at, value);
  const o = r.object(value, path, 'a producer', ['name', 'topics', 'roleArn', 'serviceAccount', 'network']);
  if (o === undefined) return undefined;
  const before = r.problems.length;
  const n = o.network === undefined ? undefined : r.object(o.network, `${path}.network`, 'a producer network', ['securityGroupIds', 'cidrs']);
  const producer = defined<ProducerDefinition>({
    name: r.string(o.name, `${path}.name`, 'name the producer in lower case letters, digits and "-"', 1000),
    topics: r.names(o.topics, `${path}.topics`, 'list the topic names it writes'),
    roleArn: r.optionalString(o.roleArn, `${path}.roleArn`, 'give the ARN of the IAM role it runs as', 2048),
    serviceAccount: r.optionalString(o.serviceAccount, `${path}.serviceAccount`, 'give "<namespace>/<name>" of its Kubernetes service account', 600),
    network: n === undefined ? undefined : defined({
      securityGroupIds: r.names(n.securityGroupIds, `${path}.network.securityGroupIds`, 'list security group ids', true),
      cidrs: r.names(n.cidrs, `${path}.network.cidrs`, 'list IPv4 CIDRs', true),
    }),
  });
  return r.problems.length === before ? producer : undefined;
}

function readPins(r: ShapeReader, value: unknown): ArtifactPins | undefined {
  if (value === undefined) return undefined;
  const o = r.object(value, 'artifacts', 'artifact pins', ['icebergVersion', 'kafkaConnectorVersion', 'kafkaConnectorVariant', 'mskIamAuthVersion', 'selfHostedJava', 'avroGlueFormatVersion']);
  if (o === undefined) return undefined;
  return defined<ArtifactPins>({
    icebergVersion: r.optionalString(o.icebergVersion, 'artifacts.icebergVersion', 'give a version like 1.10.0', 40),
    kafkaConnectorVersion: r.optionalString(o.kafkaConnectorVersion, 'artifacts.kafkaConnectorVersion', 'give a version like 3.4.0', 40),
    kafkaConnectorVariant: o.kafkaConnectorVariant === undefined ? undefined : readConnectorVariant(r, o.kafkaConnectorVariant, 'artifacts.kafkaConnectorVariant'),
    mskIamAuthVersion: r.optionalString(o.mskIamAuthVersion, 'artifacts.mskIamAuthVersion', 'give a version like 2.3.5', 40),
    avroGlueFormatVersion: r.optionalString(o.avroGlueFormatVersion, 'artifacts.avroGlueFormatVersion', 'give a version like 5.1.0-1.20', 40),
    selfHostedJava: o.selfHostedJava === undefined ? undefined : readJavaVersion(r, o.selfHostedJava, 'artifacts.selfHostedJava'),
  });
}

function readLoadGenerator(r: ShapeReader, value: unknown): LoadGeneratorDefinition | undefined {
  if (value === undefined) return undefined;
  const o = r.object(value, 'loadGenerator', 'a load generator', ['mbPerSecond', 'topics']);
  if (o === undefined) return undefined;
  return defined<LoadGeneratorDefinition>({
    mbPerSecond: r.optionalNumber(o.mbPerSecond, 'loadGenerator.mbPerSecond', 'give the rate in MB/s, or remove it for the topics\' planned peak'),
    topics: r.names(o.topics, 'loadGenerator.topics', 'list the topic names it writes, or remove it for every source topic', true),
  });
}

/** The result of reading a definition's shape: the canonical definition, or the problems that stop it. */
export interface DefinitionShape {
  /** The definition with every enum-like value, Duration and Date replaced by this package's canonical instance. */
  readonly definition?: PipelineDefinition;
  readonly problems: readonly ValidationProblem[];
}

/**
 * Checks the shape of an untrusted definition before any rule reads it: types of every field, arrays present, no null
 * entries, enum-like classes recognized by value, Durations and Dates valid, no CDK tokens, text within its limits.
 */
export function readDefinitionShape(input: unknown): DefinitionShape {
  const r = new ShapeReader();
  const o = r.object(input, '(definition)', 'a pipeline definition', ['name', 'flinkVersion', 'database', 'topics', 'tables', 'jobs', 'producers', 'artifacts', 'monitoring', 'loadGenerator']);
  if (o === undefined) return { problems: r.problems };
  const definition = defined<PipelineDefinition>({
    name: r.string(o.name, 'name', 'name the pipeline in lower case letters, digits and "-"', 1000),
    flinkVersion: o.flinkVersion === undefined ? undefined : readFlinkVersion(r, o.flinkVersion, 'flinkVersion'),
    database: r.optionalString(o.database, 'database', 'name the Glue database in lower snake case', 1000),
    topics: r.array(o.topics, 'topics', 'give topics as an array (it may be empty only if nothing reads a topic)', (e, at) => readTopic(r, e, at)),
    tables: r.array(o.tables, 'tables', 'give tables as an array', (e, at) => readTable(r, e, at)),
    jobs: r.array(o.jobs, 'jobs', 'give jobs as an array', (e, at) => readJob(r, e, at)),
    producers: o.producers === undefined ? undefined : r.array(o.producers, 'producers', 'give producers as an array', (e, at) => readProducer(r, e, at)),
    artifacts: readPins(r, o.artifacts),
    monitoring: o.monitoring === undefined ? undefined : readPipelineMonitoring(r, o.monitoring, 'monitoring'),
    loadGenerator: readLoadGenerator(r, o.loadGenerator),
  });
  return r.problems.length > 0 ? { problems: r.problems } : { definition, problems: [] };
}
