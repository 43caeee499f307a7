import { Flavor } from '../flavor';
import { LakehouseConnection } from '../plan/connections';
import { JobPlan, PipelinePlan, PlannedColumn, TablePlan } from '../plan/pipeline-plan';
import { ICEBERG_CATALOG_NAME, icebergTableReference } from '../sql/iceberg-sink';
import { SqlSettingsPlacement, jobSqlSettings } from '../sql/job-sql-settings';
import { mskIamClientProperties, strimziTlsClientProperties } from '../sql/kafka-client-properties';
import { KafkaSourceConnection, kafkaTableName } from '../sql/kafka-source-table';
import { renderJobSql } from '../sql/render-job-sql';
import { renderLoadGeneratorSql } from '../sql/load-generator-sql';
import { sqlIdentifier, sqlOptions } from '../sql/sql-text';
import { SQL_RUNNER_MAIN_CLASS, renderSettingsProperties } from './sql-runner-contract';

/**
 * The inputs of the runner's build-time check (`--check`, see `runner/README.md`), written at synth time from the plan
 * into the build context under `check/`: each job's script exactly as the flavor renders it (same statements, options
 * and settings placement; only endpoints that are deploy-time tokens are replaced by placeholders no one connects to),
 * the DDL of its sink tables for the local catalog, and the columns of each source topic.
 */

/** Directory of the check inputs in the build context. */
export const RUNNER_CHECK_DIR = 'check';

/** The manifest the runner's `--check` reads (relative to the build context). */
export const RUNNER_CHECK_MANIFEST = `${RUNNER_CHECK_DIR}/manifest.properties`;

/** Placeholders for deploy-time values: the check plans and decodes, it never connects. */
const CHECK_HOST = 'sql-runner-check.invalid';

/** The flavor's Kafka connection with placeholder endpoints (same security properties and login classes). */
export function checkKafkaConnection(flavor: Flavor): KafkaSourceConnection {
  const managed = flavor.id === Flavor.MANAGED.id;
  return {
    bootstrapServers: managed ? `b-1.${CHECK_HOST}:9098` : `kafka-bootstrap.${CHECK_HOST}:9093`,
    properties: managed ? mskIamClientProperties() : strimziTlsClientProperties(),
    schemaRegistryUrl: `https://schema-registry.${CHECK_HOST}`,
  };
}

/** The flavor's lakehouse connection with a placeholder bucket (Glue database names as the flavor names them). */
export function checkLakehouseConnection(plan: PipelinePlan, flavor: Flavor): LakehouseConnection {
  return {
    warehouseUri: `s3://${CHECK_HOST}/${plan.lakehouse.warehousePrefix}`,
    checkpointBucketUri: `s3://${CHECK_HOST}`,
    region: plan.environment.region,
    glueDatabaseName: (logical) => plan.names.glueDatabase(logical, flavor),
  };
}

/** Identity partitions only: Flink DDL cannot declare Iceberg's transforms, and planning does not depend on them. */
function partitionClause(table: TablePlan): string {
  const identity = table.partitionBy.filter((p) => p.transform === 'identity').map((p) => sqlIdentifier(p.column));
  return identity.length > 0 ? `\nPARTITIONED BY (${identity.join(', ')})` : '';
}

function columnLine(c: PlannedColumn): string {
  return `  ${sqlIdentifier(c.name)} ${c.type.sqlType}${c.nullable ? '' : ' NOT NULL'}`;
}

/**
 * `CREATE DATABASE` + `CREATE TABLE` of a job's sink tables in the local stand-in of the lakehouse catalog: the same
 * columns, types, nullability, primary key and format version as the Glue tables the stack creates.
 */
export function renderCheckTableDdl(plan: PipelinePlan, job: JobPlan, lakehouse: LakehouseConnection): string {
  const tables = [...new Set(job.inserts.map((i) => i.sinkTable))].map((name) => {
    const table = plan.lakehouse.tables.find((t) => t.name === name);
    if (table === undefined) throw new Error(`job "${job.name}" writes unknown table "${name}" (validation should have caught this)`);
    return table;
  });
  const databases = [...new Set(tables.map((t) => lakehouse.glueDatabaseName(t.database)))];
  const statements = [
    ...databases.map((db) => `CREATE DATABASE IF NOT EXISTS ${sqlIdentifier(ICEBERG_CATALOG_NAME)}.${sqlIdentifier(db)}`),
    ...tables.map((t) => {
      const key = t.primaryKey.length > 0 ? [`  PRIMARY KEY (${t.primaryKey.map(sqlIdentifier).join(', ')}) NOT ENFORCED`] : [];
      const options = Object.entries({ 'format-version': String(t.formatVersion), ...t.properties });
      return `CREATE TABLE IF NOT EXISTS ${icebergTableReference(t, lakehouse)} (\n${[...t.columns.map(columnLine), ...key].join(',\n')}\n)${partitionClause(t)} WITH (\n${sqlOptions(options)}\n)`;
    }),
  ];
  return `-- Local stand-in of the job's sink tables for the build-time check, generated from the plan: do not edit.\n${statements.map((s) => `${s};`).join('\n\n')}\n`;
}

/** `name<TAB>TYPE` per column: the schema the check generates the topic's sample record from. */
export function renderCheckSchema(columns: readonly PlannedColumn[]): string {
  return columns.map((c) => `${c.name}\t${c.type.sqlType}\n`).join('');
}

/** A check input's file name: a kind and an index (`job-000`), never a name from the definition. */
export function checkFileName(kind: 'job' | 'load-generator' | 'topic', index: number): string {
  return `${kind}-${String(index).padStart(3, '0')}`;
}

/** Every file of the check inputs for one flavor, by path in the build context. */
export function runnerCheckFiles(plan: PipelinePlan, flavor: Flavor): Record<string, string> {
  const kafka = checkKafkaConnection(flavor);
  const lakehouse = checkLakehouseConnection(plan, flavor);
  const inScript = flavor.id !== Flavor.MANAGED.id || (plan.artifacts.managed?.allowsSetStatements ?? true);
  const settings = inScript ? SqlSettingsPlacement.SET_STATEMENTS : SqlSettingsPlacement.RUNNER_CONFIGURATION;
  const files: Record<string, string> = {};
  const manifest: string[] = [
    `# Build-time check of the ${flavor.id} flavor's jobs, generated from the plan of pipeline "${plan.pipelineName}": do not edit.`,
    `jobs=${[...plan.jobs, ...(plan.loadGenerator === undefined ? [] : [plan.loadGenerator.job])].map((j) => j.name).join(',')}`,
  ];
  // File names are indexes, never names from the definition (a 249-character topic name is no file name: ENAMETOOLONG);
  // the manifest maps each job and topic to its files.
  plan.jobs.forEach((job, index) => {
    const file = `jobs/${checkFileName('job', index)}`;
    files[`${RUNNER_CHECK_DIR}/${file}.sql`] = renderJobSql(plan, job, kafka, lakehouse, { settings });
    files[`${RUNNER_CHECK_DIR}/${file}.tables.sql`] = renderCheckTableDdl(plan, job, lakehouse);
    manifest.push(`job.${job.name}.script=${file}.sql`, `job.${job.name}.tables=${file}.tables.sql`);
    if (!inScript) {
      files[`${RUNNER_CHECK_DIR}/${file}.properties`] = renderSettingsProperties(jobSqlSettings(job));
      manifest.push(`job.${job.name}.settings=${file}.properties`);
    }
    // Each source's Kafka table, as renderJobSql names it, and its topic (`table:topic` where they differ).
    const sources = job.sources.map((name) => {
      const topic = plan.topics.find((t) => t.name === name);
      const table = topic === undefined ? name : kafkaTableName(topic, job);
      return table === name ? name : `${table}:${name}`;
    });
    manifest.push(`job.${job.name}.sources=${sources.join(',')}`);
  });
  const generator = plan.loadGenerator;
  if (generator !== undefined) {
    // The load generator's script as the flavor renders it: its datagen tables and Kafka sink tables are created and
    // its INSERTs planned like a job's (the connector and format factories validate every option); no catalog, no sources.
    const name = generator.job.name;
    const file = `jobs/${checkFileName('load-generator', 0)}`;
    files[`${RUNNER_CHECK_DIR}/${file}.sql`] = renderLoadGeneratorSql(plan, generator, kafka, { settings });
    files[`${RUNNER_CHECK_DIR}/${file}.tables.sql`] = '-- The load generator writes Kafka topics only: no sink tables.\n';
    manifest.push(`job.${name}.script=${file}.sql`, `job.${name}.tables=${file}.tables.sql`, `job.${name}.sources=`);
    if (!inScript) {
      files[`${RUNNER_CHECK_DIR}/${file}.properties`] = renderSettingsProperties(jobSqlSettings(generator.job));
      manifest.push(`job.${name}.settings=${file}.properties`);
    }
  }
  plan.topics.filter((t) => plan.jobs.some((j) => j.sources.includes(t.name))).forEach((topic, index) => {
    const file = `schemas/${checkFileName('topic', index)}.columns`;
    files[`${RUNNER_CHECK_DIR}/${file}`] = renderCheckSchema(topic.columns);
    manifest.push(`source.${topic.name}.schema=${file}`);
  });
  files[RUNNER_CHECK_MANIFEST] = `${manifest.join('\n')}\n`;
  return files;
}

/**
 * The shell command that runs the check the way Flink runs the job: the distribution's `bin/flink run` with a local
 * target (a MiniCluster in the client; `lib/` on the parent class path, the jar through Flink's user-code class
 * loader, child-first with Flink's parent-first patterns), the runner's main class and `--check <manifest>`.
 */
export function runnerCheckCommand(flinkHome: string, jarPath: string, manifestPath: string): string {
  return `${flinkHome}/bin/flink run --target local --class ${SQL_RUNNER_MAIN_CLASS} ${jarPath} --check ${manifestPath}`;
}
