import { Duration, Token } from 'aws-cdk-lib';
import { ColumnType } from '../definition/column-type';
import { BadRecordPolicy, CleanupPolicy, KeyFormat, RecordFormat } from '../definition/kafka-options';
import { PipelineDefinition, TopicDefinition } from '../definition/pipeline-definition';
import { topicPath } from './paths';
import { ValidationProblem } from './validation-problem';

/** A decoded key needs key columns; a raw key is exactly one STRING column. */
export function topicKeyFormatRule(def: PipelineDefinition): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  def.topics.forEach((topic, i) => {
    const format = topic.keyFormat ?? KeyFormat.FROM_VALUE;
    const key = topic.key ?? [];
    const at = `${topicPath(i, topic)}.keyFormat`;
    if (format.id === KeyFormat.FROM_VALUE.id) return;
    if (key.length === 0) {
      problems.push({ path: at, message: `is ${format} but the topic has no key`, fix: 'set key, or remove keyFormat' });
    } else if (format.id === KeyFormat.RAW.id) {
      const column = topic.columns.find((c) => c.name === key[0]);
      if (key.length !== 1 || (column !== undefined && column.type.sqlType !== ColumnType.STRING.sqlType)) {
        const shape = key.map((k) => `${k} ${topic.columns.find((c) => c.name === k)?.type ?? '?'}`).join(', ');
        problems.push({ path: at, message: `is raw, which holds one STRING key column, but the key is (${shape})`, fix: 'use KeyFormat.JSON for a composite or typed key, or KeyFormat.FROM_VALUE to read the key columns from the value' });
      }
    }
  });
  return problems;
}

function skipsUndecodable(topic: TopicDefinition): string | undefined {
  if ((topic.valueFormat ?? RecordFormat.JSON).flinkFormat !== RecordFormat.JSON.flinkFormat) return `value format ${topic.valueFormat}`;
  if (topic.keyFormat?.id === KeyFormat.AVRO.id) return `key format ${topic.keyFormat}`;
  return undefined;
}

/** `BadRecordPolicy.SKIP` exists only for JSON (`json.ignore-parse-errors`): Avro has no such option. */
export function topicBadRecordsRule(def: PipelineDefinition): ValidationProblem[] {
  return def.topics.flatMap((topic, i) => {
    if (topic.badRecords?.id !== BadRecordPolicy.SKIP.id) return [];
    const format = skipsUndecodable(topic);
    if (format === undefined) return [];
    return [{ path: `${topicPath(i, topic)}.badRecords`, message: `is skip, but the ${format} cannot ignore parse errors (only Flink's json format can)`, fix: 'use BadRecordPolicy.FAIL, or JSON records' }];
  });
}

/** A computed column reads an existing BIGINT physical column and is a TIMESTAMP_LTZ; it is never a key column. */
export function topicComputedColumnRule(def: PipelineDefinition): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  def.topics.forEach((topic, i) => {
    topic.columns.forEach((c, j) => {
      if (c.computed === undefined) return;
      const at = `${topicPath(i, topic)}.columns[${j}]`;
      const source = topic.columns.find((s) => s.name === c.computed?.source);
      if (source === undefined || source.computed !== undefined) {
        problems.push({ path: `${at}.computed`, message: `${c.computed} reads ${JSON.stringify(c.computed.source)}, which is not a physical column of the topic`, fix: 'name the BIGINT column that holds the epoch milliseconds' });
      } else if (source.type.sqlType !== ColumnType.BIGINT.sqlType) {
        problems.push({ path: `${at}.computed`, message: `${c.computed} reads ${JSON.stringify(source.name)}, which is ${source.type}`, fix: 'declare the epoch milliseconds column as ColumnType.BIGINT' });
      }
      if (c.type.sqlType !== ColumnType.TIMESTAMP_LTZ.sqlType) {
        problems.push({ path: `${at}.type`, message: `is ${c.type}, but TO_TIMESTAMP_LTZ(epoch millis, 3) gives TIMESTAMP_LTZ(3)`, fix: 'use ColumnType.TIMESTAMP_LTZ' });
      }
      if ((topic.key ?? []).includes(c.name)) {
        problems.push({ path: `${at}.computed`, message: `column ${JSON.stringify(c.name)} is part of the key`, fix: 'key the topic by physical columns' });
      }
    });
  });
  return problems;
}

/** `maxCompactionLag` applies to compacted topics only and is positive. */
export function topicCompactionLagRule(def: PipelineDefinition): ValidationProblem[] {
  return def.topics.flatMap((topic, i) => {
    const lag: Duration | undefined = topic.maxCompactionLag;
    if (lag === undefined || Token.isUnresolved(lag)) return [];
    const at = `${topicPath(i, topic)}.maxCompactionLag`;
    if (topic.cleanupPolicy?.value !== CleanupPolicy.COMPACT.value) return [{ path: at, message: `is set on a topic with cleanup policy ${topic.cleanupPolicy ?? CleanupPolicy.DELETE}`, fix: 'remove it, or set cleanupPolicy: CleanupPolicy.COMPACT' }];
    if (lag.toMilliseconds() <= 0) return [{ path: at, message: `must be > 0, got ${lag.toHumanString()}`, fix: 'give e.g. Duration.hours(12)' }];
    return [];
  });
}

/**
 * An avro-glue topic carries no physical TIMESTAMP_LTZ column: the avro-glue format (FLINK-24379) builds its decoder
 * with Flink's legacy Avro timestamp mapping, which has no TIMESTAMP_LTZ, so the job would fail at start. The instant
 * travels as epoch milliseconds (Avro long) with a computed TIMESTAMP_LTZ column over it.
 */
export function topicAvroGlueTimestampRule(def: PipelineDefinition): ValidationProblem[] {
  return def.topics.flatMap((topic, i) => {
    if (topic.valueFormat?.flinkFormat !== RecordFormat.AVRO_GLUE.flinkFormat) return [];
    return topic.columns.flatMap((c, j) => (c.computed === undefined && c.type.sqlType === ColumnType.TIMESTAMP_LTZ.sqlType ? [{
      path: `${topicPath(i, topic)}.columns[${j}] (${JSON.stringify(c.name)}).type`,
      message: `is ${c.type} in an avro-glue topic, but the avro-glue format decodes with Flink's legacy Avro timestamp mapping, which has no TIMESTAMP_LTZ (the job would fail to start)`,
      fix: `send epoch milliseconds in a ColumnType.BIGINT column and declare ${JSON.stringify(c.name)} as { type: ColumnType.TIMESTAMP_LTZ, computed: ComputedColumn.epochMillis('<that column>') }`,
    }] : []));
  });
}
