import { RecordFormat } from '../definition/kafka-options';
import { EventTimePlan, JobPlan, PlannedColumn, TopicPlan } from '../plan/pipeline-plan';
import { KafkaClientConnection } from '../plan/connections';
import { flinkDuration } from '../catalog/flink-state-configuration';
import { sqlIdentifier, sqlOptions, sqlString } from './sql-text';

/** Connection details a source table needs beyond the plan. */
export interface KafkaSourceConnection extends KafkaClientConnection {
  /**
   * Schema registry URL for `RecordFormat.AVRO` topics.
   * @default - none; an Avro topic then fails rendering
   */
  readonly schemaRegistryUrl?: string;
}

function columnLine(c: PlannedColumn): string {
  const comment = c.comment !== undefined ? ` COMMENT ${sqlString(c.comment)}` : '';
  return `  ${sqlIdentifier(c.name)} ${c.type.sqlType}${c.nullable ? '' : ' NOT NULL'}${comment}`;
}

/** `WATERMARK FOR ts AS ts - INTERVAL '30' SECOND` (fractions of a second kept to the millisecond). */
export function watermarkClause(eventTime: EventTimePlan): string {
  const column = sqlIdentifier(eventTime.column);
  const seconds = eventTime.maxOutOfOrderness.toMilliseconds() / 1000;
  return `WATERMARK FOR ${column} AS ${column} - INTERVAL '${seconds}' SECOND`;
}

/** Formats that need a schema registry URL in the connection. */
export function needsSchemaRegistry(format: RecordFormat | undefined): boolean {
  return format === RecordFormat.AVRO;
}

function formatOptions(prefix: 'key' | 'value', format: RecordFormat, topic: TopicPlan, registryUrl: string | undefined): Array<[string, string]> {
  const options: Array<[string, string]> = [[`${prefix}.format`, format.flinkFormat]];
  if (prefix === 'key') options.push(['key.fields', topic.key.join(';')]);
  if (format === RecordFormat.JSON) {
    // Producers write ISO-8601 timestamps (2026-01-31T12:00:00.000 / ...Z), not Flink's SQL default.
    options.push([`${prefix}.json.timestamp-format.standard`, 'ISO-8601']);
  } else if (needsSchemaRegistry(format)) {
    // renderJobSql checked that the connection has a registry URL.
    options.push([`${prefix}.avro-confluent.url`, registryUrl ?? '']);
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

/**
 * `CREATE TABLE <topic>` over a Kafka topic for one job: the topic's columns, the job's watermark and idle timeout,
 * its start position, bounded read (batch), stable consumer group, and the flavor's connection properties.
 * The table is named after the topic, so the job's queries refer to topics by name.
 */
export function renderKafkaSourceTable(topic: TopicPlan, job: JobPlan, kafka: KafkaSourceConnection): string {
  const lines = topic.columns.map(columnLine);
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
    ...(topic.keyFormat !== undefined && topic.key.length > 0 ? formatOptions('key', topic.keyFormat, topic, kafka.schemaRegistryUrl) : []),
    ...formatOptions('value', topic.valueFormat, topic, kafka.schemaRegistryUrl),
    ...(job.eventTime !== undefined ? [['scan.watermark.idle-timeout', flinkDuration(job.eventTime.idleTimeout)] as [string, string]] : []),
  ];
  return `CREATE TABLE ${sqlIdentifier(topic.name)} (\n${lines.join(',\n')}\n) WITH (\n${sqlOptions(options)}\n)`;
}
