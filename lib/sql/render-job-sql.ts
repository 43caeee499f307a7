import { LakehouseConnection } from '../plan/connections';
import { JobPlan, PipelinePlan, TopicPlan } from '../plan/pipeline-plan';
import { ValidationProblem, throwIfProblems } from '../validation/validation-problem';
import { renderIcebergCatalog, renderInsert } from './iceberg-sink';
import { SqlSettingsPlacement, jobSqlSettings } from './job-sql-settings';
import { KafkaSourceConnection, needsSchemaRegistry, renderKafkaSourceTable, renderLatestPerKeyView, replacesTables } from './kafka-source-table';
import { glueSchemaLocation, isAvroGlue } from '../plan/glue-schema-registry-plan';
import { sqlString } from './sql-text';

/** Options of `renderJobSql`. */
export interface RenderJobSqlOptions {
  /**
   * Where the job's settings (`jobSqlSettings`) go.
   * @default SqlSettingsPlacement.SET_STATEMENTS
   */
  readonly settings?: SqlSettingsPlacement;
}

/** Ends a statement with `;`, on its own line if the last line is a `--` comment. */
function terminate(statement: string): string {
  const lastLine = statement.slice(statement.lastIndexOf('\n') + 1);
  return lastLine.includes('--') ? `${statement}\n;` : `${statement};`;
}

function lookup<T extends { readonly name: string }>(items: readonly T[], name: string, what: string, job: JobPlan): T {
  const found = items.find((i) => i.name === name);
  if (found === undefined) throw new Error(`job "${job.name}" refers to unknown ${what} "${name}" (validation should have caught this)`);
  return found;
}

/** Avro (Confluent) topics among `sources` when the connection has no schema registry URL, each as a problem of its topic. */
export function registryProblems(plan: PipelinePlan, sources: readonly TopicPlan[], kafka: KafkaSourceConnection): ValidationProblem[] {
  if (kafka.schemaRegistryUrl !== undefined) return [];
  return sources
    .filter((t) => needsSchemaRegistry(t.valueFormat) || needsSchemaRegistry(t.keyFormat.recordFormat))
    .map((t) => ({
      path: `topics[${plan.topics.indexOf(t)}] (${JSON.stringify(t.name)})`,
      message: 'uses RecordFormat.AVRO (avro-confluent), but the Kafka connection gives no schema registry URL',
      fix: 'use RecordFormat.JSON, or give the flavor a schema registry (schemaRegistryUrl of the Kafka connection)',
    }));
}

/**
 * The complete Flink SQL script of one job, from the plan and the flavor's connections:
 * settings (`SET`, unless placed in the runner configuration), one Kafka source table per source topic (named after the
 * topic; for a full reload a latest-per-key view named after the topic over it), the Iceberg Glue catalog, and the job's INSERTs (in an `EXECUTE STATEMENT SET` when there are several, so
 * they run as one Flink job). The runner (`runner/`) executes it statement by statement.
 */
export function renderJobSql(plan: PipelinePlan, job: JobPlan, kafka: KafkaSourceConnection, lakehouse: LakehouseConnection, options: RenderJobSqlOptions = {}): string {
  const sources = job.sources.map((name) => lookup(plan.topics, name, 'topic', job));
  throwIfProblems(`pipeline ${JSON.stringify(plan.pipelineName)}`, registryProblems(plan, sources, kafka));

  const header = `-- Job ${JSON.stringify(job.name)} of pipeline ${JSON.stringify(plan.pipelineName)} (${job.mode.value}), generated from the pipeline definition: do not edit.`;
  // Blocks are separated by a blank line; the statements of a block by a line break.
  const blocks: string[][] = [];
  if ((options.settings ?? SqlSettingsPlacement.SET_STATEMENTS).id === SqlSettingsPlacement.SET_STATEMENTS.id) {
    blocks.push(Object.entries(jobSqlSettings(job)).map(([k, v]) => `SET ${sqlString(k)} = ${sqlString(v)}`));
  }
  const glue = (topic: TopicPlan) => (isAvroGlue(topic) ? glueSchemaLocation(plan.pipelineName, plan.environment.name, plan.environment.region, topic) : undefined);
  blocks.push(...sources.map((topic) => [renderKafkaSourceTable(topic, job, kafka, glue(topic)), ...(replacesTables(job) ? [renderLatestPerKeyView(topic, job)] : [])]));
  blocks.push([renderIcebergCatalog(lakehouse)]);
  const inserts = job.inserts.map((insert) => renderInsert(insert, lookup(plan.lakehouse.tables, insert.sinkTable, 'table', job), lakehouse, job.writeMode));
  blocks.push([inserts.length === 1 ? inserts[0] : `EXECUTE STATEMENT SET\nBEGIN\n${inserts.map(terminate).join('\n')}\nEND`]);
  return `${header}\n${blocks.map((block) => block.map(terminate).join('\n')).join('\n\n')}\n`;
}
