import { KeyFormat, RecordFormat } from '../definition/kafka-options';
import { fieldGenerator, physicalColumns } from '../plan/generated-fields';
import { glueSchemaLocation, isAvroGlue } from '../plan/glue-schema-registry-plan';
import { LoadGeneratorPlan, LoadTopicPlan } from '../plan/load-generator-plan';
import { PipelinePlan, TopicPlan } from '../plan/pipeline-plan';
import { throwIfProblems } from '../validation/validation-problem';
import { SqlSettingsPlacement, jobSqlSettings } from './job-sql-settings';
import { KafkaSourceConnection, columnLine, keyOptions, valueOptions } from './kafka-source-table';
import { registryProblems } from './render-job-sql';
import { sqlIdentifier, sqlOptions, sqlString } from './sql-text';

/** Name of the datagen table feeding a topic: `<topic>__datagen`. */
export function datagenTableName(topic: string): string {
  return `${topic}__datagen`;
}

/**
 * `CREATE TEMPORARY TABLE <topic>__datagen`: the topic's physical columns from Flink's `datagen` connector at the
 * topic's rows per second, one random generator per column (see `fieldGenerator`).
 */
export function renderDatagenTable(topic: TopicPlan, load: LoadTopicPlan): string {
  const columns = physicalColumns(topic);
  const fields = columns.flatMap((c) => {
    const generator = fieldGenerator(topic, c, load.stringLength, load.maxPast);
    const options = generator.kind === 'datagen' ? generator.options : { kind: 'random', min: '0', max: String(generator.maxPastMillis) };
    return Object.entries(options).map(([k, v]): [string, string] => [`fields.${c.name}.${k}`, v]);
  });
  const options: Array<[string, string]> = [['connector', 'datagen'], ['rows-per-second', String(load.rowsPerSecond)], ...fields];
  return `CREATE TEMPORARY TABLE ${sqlIdentifier(datagenTableName(topic.name))} (\n${columns.map(columnLine).join(',\n')}\n) WITH (\n${sqlOptions(options)}\n)`;
}

/**
 * The key options of the generator's Kafka table: the topic's own, and for a `KeyFormat.FROM_VALUE` topic with key
 * columns a JSON key of them (readers do not decode it; it keeps a key's records in one partition and lets
 * compacted topics accept the records).
 */
function sinkKeyOptions(topic: TopicPlan, registryUrl: string | undefined): Array<[string, string]> {
  if (topic.keyFormat.id !== KeyFormat.FROM_VALUE.id || topic.key.length === 0) return keyOptions(topic, registryUrl);
  return keyOptions({ ...topic, keyFormat: KeyFormat.JSON }, registryUrl);
}

/**
 * `CREATE TABLE <topic>` over the Kafka topic as the generator writes it: the topic's physical columns, its value
 * format with the same options its readers decode with, at-least-once delivery, keyed partitioning.
 */
export function renderKafkaSinkTable(plan: PipelinePlan, topic: TopicPlan, kafka: KafkaSourceConnection): string {
  const connection = Object.entries(kafka.properties).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]): [string, string] => [`properties.${k}`, v]);
  const glue = isAvroGlue(topic) ? glueSchemaLocation(plan.pipelineName, plan.environment.name, plan.environment.region, topic) : undefined;
  const options: Array<[string, string]> = [
    ['connector', 'kafka'],
    ['topic', topic.name],
    ['properties.bootstrap.servers', kafka.bootstrapServers],
    ...connection,
    ['sink.delivery-guarantee', 'at-least-once'],
    ['sink.partitioner', 'default'],
    ...sinkKeyOptions(topic, kafka.schemaRegistryUrl),
    ...valueOptions(topic, kafka.schemaRegistryUrl, glue),
  ];
  const columns = physicalColumns(topic).map(columnLine);
  return `CREATE TABLE ${sqlIdentifier(topic.name)} (\n${columns.join(',\n')}\n) WITH (\n${sqlOptions(options)}\n)`;
}

/** `INSERT INTO <topic> SELECT … FROM <topic>__datagen`; an epoch-millis column becomes now minus its random delay. */
export function renderLoadInsert(topic: TopicPlan, load: LoadTopicPlan): string {
  const select = physicalColumns(topic).map((c) => {
    const generator = fieldGenerator(topic, c, load.stringLength, load.maxPast);
    const column = sqlIdentifier(c.name);
    return generator.kind === 'epoch-millis' ? `UNIX_TIMESTAMP() * 1000 - ${column} AS ${column}` : column;
  });
  return `INSERT INTO ${sqlIdentifier(topic.name)}\nSELECT ${select.join(', ')}\nFROM ${sqlIdentifier(datagenTableName(topic.name))}`;
}

function terminate(statement: string): string {
  return `${statement};`;
}

function formatName(topic: TopicPlan): string {
  return topic.valueFormat.flinkFormat === RecordFormat.JSON.flinkFormat ? 'JSON' : topic.valueFormat.flinkFormat;
}

/**
 * The load generator's Flink SQL script, run by the same SQL runner as the pipeline's jobs: its settings (or none, when
 * the flavor puts them into the runner configuration), per topic a datagen table and the topic's Kafka table, and the
 * INSERTs (one statement set, so one Flink job writes every topic).
 */
export function renderLoadGeneratorSql(plan: PipelinePlan, generator: LoadGeneratorPlan, kafka: KafkaSourceConnection, options: { readonly settings?: SqlSettingsPlacement } = {}): string {
  const topics = generator.topics.map((load) => {
    const topic = plan.topics.find((t) => t.name === load.topic);
    if (topic === undefined) throw new Error(`the load generator writes unknown topic "${load.topic}" (validation should have caught this)`);
    return { topic, load };
  });
  throwIfProblems(`pipeline ${JSON.stringify(plan.pipelineName)}`, registryProblems(plan, topics.map((t) => t.topic), kafka));
  const header = `-- Load generator of pipeline ${JSON.stringify(plan.pipelineName)}: synthetic records at ${generator.mbPerSecond} MB/s generated from the topics' columns; deployed stopped, started by pipelines verify --load. Generated: do not edit.`;
  const blocks: string[][] = [];
  if ((options.settings ?? SqlSettingsPlacement.SET_STATEMENTS).id === SqlSettingsPlacement.SET_STATEMENTS.id) {
    blocks.push(Object.entries(jobSqlSettings(generator.job)).map(([k, v]) => `SET ${sqlString(k)} = ${sqlString(v)}`));
  }
  for (const { topic, load } of topics) {
    const comment = `-- Topic ${JSON.stringify(topic.name)} (${formatName(topic)}): ${load.rowsPerSecond} rows/s × ~${load.recordSizeBytes} bytes ≈ ${load.mbPerSecond.toFixed(3)} MB/s.`;
    blocks.push([`${comment}\n${renderDatagenTable(topic, load)}`, renderKafkaSinkTable(plan, topic, kafka)]);
  }
  const inserts = topics.map(({ topic, load }) => renderLoadInsert(topic, load));
  blocks.push([inserts.length === 1 ? inserts[0] ?? '' : `EXECUTE STATEMENT SET\nBEGIN\n${inserts.map(terminate).join('\n')}\nEND`]);
  return `${header}\n${blocks.map((block) => block.map(terminate).join('\n')).join('\n\n')}\n`;
}
