import { BadRecordPolicy, KeyFormat, RecordFormat } from '../definition/kafka-options';
import { WriteMode } from '../definition/job-options';
import { EventTimePlan, JobPlan, PlannedColumn, TopicPlan } from '../plan/pipeline-plan';
import { KafkaClientConnection } from '../plan/connections';
import { flinkDuration } from '../catalog/flink-state-configuration';
import { GlueSchemaLocation } from '../plan/glue-schema-registry-plan';
import { sqlIdentifier, sqlOptions, sqlString } from './sql-text';

/** Connection details a source table needs beyond the plan. */
export interface KafkaSourceConnection extends KafkaClientConnection {
  /**
   * Schema registry URL for `RecordFormat.AVRO` topics.
   * @default - none; an Avro topic then fails rendering
   */
  readonly schemaRegistryUrl?: string;
}

/** Virtual metadata column with the record's offset, added to the source of a full reload to keep the latest record per key. */
export const OFFSET_COLUMN = '__kafka_offset';
/** Virtual metadata column with the record's partition (offsets are comparable only within one partition). */
export const PARTITION_COLUMN = '__kafka_partition';
/** Virtual metadata column with the record's timestamp, which orders records of one key across partitions. */
export const TIMESTAMP_COLUMN = '__kafka_timestamp';

/**
 * The Kafka connector's read-only metadata a full reload reads beside the topic's columns (Flink's `kafka` connector:
 * `offset` BIGINT, `partition` INT, `timestamp` TIMESTAMP_LTZ(3), all NOT NULL), declared VIRTUAL so they are never
 * part of a write.
 */
const RELOAD_METADATA: ReadonlyArray<readonly [string, string, string]> = [
  [PARTITION_COLUMN, 'INT', 'partition'],
  [OFFSET_COLUMN, 'BIGINT', 'offset'],
  [TIMESTAMP_COLUMN, 'TIMESTAMP_LTZ(3)', 'timestamp'],
];

/** One column of a CREATE TABLE: `name TYPE [NOT NULL] [COMMENT …]`, or `name AS <expression>` for a computed one. */
export function columnLine(c: PlannedColumn): string {
  const comment = c.comment !== undefined ? ` COMMENT ${sqlString(c.comment)}` : '';
  if (c.computed !== undefined) return `  ${sqlIdentifier(c.name)} AS ${c.computed.expression(sqlIdentifier(c.computed.source))}${comment}`;
  return `  ${sqlIdentifier(c.name)} ${c.type.sqlType}${c.nullable ? '' : ' NOT NULL'}${comment}`;
}

/**
 * `WATERMARK FOR ts AS ts - INTERVAL '30' SECOND` (fractions of a second kept to the millisecond). Flink accepts it on a
 * TIMESTAMP(3) or TIMESTAMP_LTZ(3) column, physical or computed (`TO_TIMESTAMP_LTZ(epoch_ms, 3)`).
 */
export function watermarkClause(eventTime: EventTimePlan): string {
  const column = sqlIdentifier(eventTime.column);
  const seconds = eventTime.maxOutOfOrderness.toMilliseconds() / 1000;
  return `WATERMARK FOR ${column} AS ${column} - INTERVAL '${seconds}' SECOND`;
}

/** Formats that need a schema registry URL in the connection. */
export function needsSchemaRegistry(format: RecordFormat | undefined): boolean {
  return format?.flinkFormat === RecordFormat.AVRO.flinkFormat;
}

/**
 * Options of a JSON key or value. Timestamps: ISO-8601, i.e. TIMESTAMP(3) as `2026-01-31T12:00:00.000` (no zone) and
 * TIMESTAMP_LTZ(3) as `2026-01-31T12:00:00.000Z` (a literal `Z`; an offset such as `+01:00` does not parse). The bad
 * record policy is always written out, so the script says what happens to an unparsable record.
 */
function jsonOptions(prefix: 'key' | 'value', topic: TopicPlan): Array<[string, string]> {
  return [
    [`${prefix}.json.timestamp-format.standard`, 'ISO-8601'],
    [`${prefix}.json.ignore-parse-errors`, String(topic.badRecords.id === BadRecordPolicy.SKIP.id)],
  ];
}

/** The `key.*` options of a topic's Kafka table (none when the key is not decoded). */
export function keyOptions(topic: TopicPlan, registryUrl: string | undefined): Array<[string, string]> {
  const format = topic.keyFormat;
  // KeyFormat.FROM_VALUE: the key columns are value fields; the record key is never decoded.
  if (format.flinkFormat === undefined || topic.key.length === 0) return [];
  const options: Array<[string, string]> = [['key.format', format.flinkFormat], ['key.fields', topic.key.join(';')]];
  if (format.id === KeyFormat.JSON.id) options.push(...jsonOptions('key', topic));
  // renderJobSql checked that the connection has a registry URL.
  if (format.id === KeyFormat.AVRO.id) options.push(['key.avro-confluent.url', registryUrl ?? '']);
  // A raw key is the key column itself: the value does not carry it.
  if (format.id === KeyFormat.RAW.id) options.push(['value.fields-include', 'EXCEPT_KEY']);
  return options;
}

/**
 * Options of an `avro-glue` value (names of the format in FLINK-24379, apache/flink-connector-aws#236): the region,
 * registry and schema the deployment provisioned. Auto-registration is off: jobs read and write only the schema
 * versions the deployment registered, so a job can never evolve a schema on its own.
 */
function avroGlueOptions(glue: GlueSchemaLocation): Array<[string, string]> {
  return [
    ['value.avro-glue.aws.region', glue.region],
    ['value.avro-glue.registry.name', glue.registryName],
    ['value.avro-glue.schema.name', glue.schemaName],
    ['value.avro-glue.schema.autoRegistration', 'false'],
  ];
}

/** The `value.*` options of a topic's Kafka table: its format and the format's options. */
export function valueOptions(topic: TopicPlan, registryUrl: string | undefined, glue: GlueSchemaLocation | undefined): Array<[string, string]> {
  const options: Array<[string, string]> = [['value.format', topic.valueFormat.flinkFormat]];
  if (topic.valueFormat.flinkFormat === RecordFormat.JSON.flinkFormat) options.push(...jsonOptions('value', topic));
  else if (needsSchemaRegistry(topic.valueFormat)) options.push(['value.avro-confluent.url', registryUrl ?? '']);
  else if (topic.valueFormat.flinkFormat === RecordFormat.AVRO_GLUE.flinkFormat) {
    if (glue === undefined) throw new Error(`topic "${topic.name}" is avro-glue, but no Glue schema location was given (renderJobSql gives it)`);
    options.push(...avroGlueOptions(glue));
  }
  return options;
}

function startOptions(job: JobPlan): Array<[string, string]> {
  const { mode, at } = job.startPosition;
  const options: Array<[string, string]> = [['scan.startup.mode', mode]];
  if (at !== undefined) options.push(['scan.startup.timestamp-millis', String(at.getTime())]);
  // Without committed offsets, group-offsets would fail; start from the earliest record instead (no data skipped).
  if (mode === 'group-offsets') options.push(['properties.auto.offset.reset', 'earliest']);
  return options;
}

function boundedOptions(job: JobPlan): Array<[string, string]> {
  if (job.boundedRead === undefined) return [];
  const { mode, at } = job.boundedRead;
  return at === undefined ? [['scan.bounded.mode', mode]] : [['scan.bounded.mode', mode], ['scan.bounded.timestamp-millis', String(at.getTime())]];
}

/** Whether the job replaces its tables per run (its sources are then read as the latest record per key). */
export function replacesTables(job: JobPlan): boolean {
  return job.writeMode.id === WriteMode.REPLACE.id;
}

/** Name of the Kafka table of a topic in a job: the topic name, or `<topic>__log` under the latest-per-key view of a full reload. */
export function kafkaTableName(topic: TopicPlan, job: JobPlan): string {
  return replacesTables(job) ? `${topic.name}__log` : topic.name;
}

/**
 * `CREATE TABLE <topic>` over a Kafka topic for one job: the topic's columns (computed ones as expressions), the job's
 * watermark and idle timeout, its start position, bounded read (batch), stable consumer group, key and value formats
 * with the bad-record policy, and the flavor's connection properties. The table is named after the topic, so the job's
 * queries refer to topics by name; for a full reload it is `<topic>__log` with the record's partition, offset and
 * timestamp, under a view named after the topic (`renderLatestPerKeyView`).
 */
export function renderKafkaSourceTable(topic: TopicPlan, job: JobPlan, kafka: KafkaSourceConnection, glue?: GlueSchemaLocation): string {
  const lines = topic.columns.map(columnLine);
  if (replacesTables(job)) lines.push(...RELOAD_METADATA.map(([name, type, key]) => `  ${sqlIdentifier(name)} ${type} METADATA FROM ${sqlString(key)} VIRTUAL`));
  if (job.eventTime !== undefined) lines.push(`  ${watermarkClause(job.eventTime)}`);
  const connection = Object.entries(kafka.properties).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]): [string, string] => [`properties.${k}`, v]);
  const options: Array<[string, string]> = [
    ['connector', 'kafka'],
    ['topic', topic.name],
    ['properties.bootstrap.servers', kafka.bootstrapServers],
    ['properties.group.id', job.consumerGroupId],
    ...connection,
    ...startOptions(job),
    ...boundedOptions(job),
    ...keyOptions(topic, kafka.schemaRegistryUrl),
    ...valueOptions(topic, kafka.schemaRegistryUrl, glue),
    ...(job.eventTime !== undefined ? [['scan.watermark.idle-timeout', flinkDuration(job.eventTime.idleTimeout)] as [string, string]] : []),
  ];
  return `${sourceComment(topic)}\nCREATE TABLE ${sqlIdentifier(kafkaTableName(topic, job))} (\n${lines.join(',\n')}\n) WITH (\n${sqlOptions(options)}\n)`;
}

const KEY_SOURCES: Record<KeyFormat['id'], string> = {
  'from-value': 'key columns read from the value (the record key is not decoded)',
  'raw': 'key column from the raw record key (UTF-8), not from the value',
  'json': 'key columns from the JSON record key',
  'avro-confluent': 'key columns from the Avro record key',
};

const BAD_RECORDS: Record<BadRecordPolicy['id'], string> = {
  fail: 'an undecodable record fails the job',
  skip: 'an undecodable record is dropped, an unparsable field becomes NULL, uncounted',
};

/** One comment line above a source table: where its key comes from and what happens to bad records (README "Bad records"). */
function sourceComment(topic: TopicPlan): string {
  const key = topic.key.length > 0 ? KEY_SOURCES[topic.keyFormat.id] : 'no key';
  return `-- Topic ${JSON.stringify(topic.name)}: ${key}; bad records: ${topic.badRecords.id} (${BAD_RECORDS[topic.badRecords.id]}).`;
}

/**
 * For a full reload (`WriteMode.REPLACE`): a view named after the topic with the latest record per key, in two steps.
 * 1. Per key and partition, the record with the highest offset. Offsets order records only within one partition, and
 *    there they are exactly the order compaction keeps (the latest offset of a key wins), whatever the producers'
 *    timestamps say.
 * 2. Per key, across partitions, the record with the latest Kafka record timestamp (then the higher partition, only
 *    to make a tie deterministic). A key can have records in more than one partition: `KeyFormat.FROM_VALUE` reads
 *    the key from the value, so nothing ties it to the record key the producer partitioned by, and a partition count
 *    that grew moves keys to other partitions while their old records stay where they were (compaction works per
 *    partition). Across partitions there is no log order, so the record timestamp (producer CreateTime, or broker
 *    LogAppendTime when the topic says so) is the only order there is; it is wrong only when one key's updates reach
 *    two partitions closer together than the producers' clock skew.
 * Ordering by offset alone (as before) compared offsets of different partitions, which is an arbitrary pick.
 * The `kafka` connector skips tombstones, so a deleted key is gone from the view once compaction removed its older
 * values (bounded by the topic's `max.compaction.lag.ms`).
 */
export function renderLatestPerKeyView(topic: TopicPlan, job: JobPlan): string {
  const columns = topic.columns.map((c) => sqlIdentifier(c.name)).join(', ');
  const key = topic.key.map(sqlIdentifier).join(', ');
  const [partition, offset, timestamp] = [PARTITION_COLUMN, OFFSET_COLUMN, TIMESTAMP_COLUMN].map(sqlIdentifier);
  // Every level names its columns: Flink may leave virtual metadata columns out of `*` (table.column-expansion-strategy).
  return [
    `CREATE TEMPORARY VIEW ${sqlIdentifier(topic.name)} AS`,
    `SELECT ${columns}`,
    'FROM (',
    `  SELECT ${columns}, ROW_NUMBER() OVER (PARTITION BY ${key} ORDER BY ${timestamp} DESC, ${partition} DESC) AS \`__row\``,
    '  FROM (',
    `    SELECT ${columns}, ${partition}, ${timestamp}, ROW_NUMBER() OVER (PARTITION BY ${key}, ${partition} ORDER BY ${offset} DESC) AS \`__row_in_partition\``,
    `    FROM ${sqlIdentifier(kafkaTableName(topic, job))}`,
    '  )',
    '  WHERE `__row_in_partition` = 1',
    ')',
    'WHERE `__row` = 1',
  ].join('\n');
}
