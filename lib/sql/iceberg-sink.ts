import { LakehouseConnection } from '../plan/connections';
import { WriteMode } from '../definition/job-options';
import { InsertPlan, TablePlan } from '../plan/pipeline-plan';
import { writeDistributionMode } from '../plan/write-distribution';
import { sqlIdentifier, sqlOptions, sqlString } from './sql-text';

/** Name of the Iceberg catalog in every generated script. */
export const ICEBERG_CATALOG_NAME = 'lakehouse';

/**
 * `CREATE CATALOG lakehouse` over the Glue Data Catalog with S3FileIO. `catalog-impl` names the Glue catalog class
 * (`catalog-type` = `glue` is rejected by Iceberg's Flink catalog factory).
 */
export function renderIcebergCatalog(lakehouse: LakehouseConnection): string {
  const options: ReadonlyArray<readonly [string, string]> = lakehouse.catalogOptions ?? [
    ['type', 'iceberg'],
    ['catalog-impl', 'org.apache.iceberg.aws.glue.GlueCatalog'],
    ['io-impl', 'org.apache.iceberg.aws.s3.S3FileIO'],
    ['warehouse', lakehouse.warehouseUri],
    ['client.region', lakehouse.region],
  ];
  return `CREATE CATALOG ${sqlIdentifier(ICEBERG_CATALOG_NAME)} WITH (\n${sqlOptions(options)}\n)`;
}

/** `lakehouse`.`<glue database>`.`<table>` */
export function icebergTableReference(table: TablePlan, lakehouse: LakehouseConnection): string {
  return [ICEBERG_CATALOG_NAME, lakehouse.glueDatabaseName(table.database), table.name].map(sqlIdentifier).join('.');
}

/**
 * The INSERT of one sink. The stack creates the Glue tables (format v2, primary key as identifier fields), so the script
 * does not.
 * - `WriteMode.INCREMENTAL`: `INSERT INTO`; for a table with a primary key with the Iceberg write option
 *   `upsert-enabled` as a dynamic table option hint: rows replace earlier rows with the same key (equality deletes), so
 *   redelivery is idempotent. The hint keeps the upsert visible in the script and independent of the table property.
 * - `WriteMode.REPLACE` (batch only; Iceberg refuses an overwrite from an unbounded stream): `INSERT OVERWRITE`, which
 *   commits a snapshot holding only this run's rows (the table is unpartitioned, so all of it is replaced): keys deleted
 *   upstream disappear and no equality deletes are written. Iceberg refuses overwrite together with upsert, so the hint
 *   turns off the table's `write.upsert.enabled` for this statement.
 * A table with a primary key or a partition spec also gets the write option `distribution-mode`
 * (`writeDistributionMode`): it overrides the table's `write.distribution-mode`, which a table created before keeps
 * (a recorded Glue table keeps its creation input), so an upsert table partitioned by time is keyed by its primary
 * key instead of funnelled into one writer per partition.
 */
export function renderInsert(insert: InsertPlan, table: TablePlan, lakehouse: LakehouseConnection, writeMode: WriteMode = WriteMode.INCREMENTAL): string {
  const replace = writeMode.id === WriteMode.REPLACE.id;
  const options: Array<[string, string]> = [];
  if (table.primaryKey.length > 0) options.push(['upsert-enabled', replace ? 'false' : 'true']);
  if (table.primaryKey.length > 0 || table.partitionBy.length > 0) options.push(['distribution-mode', writeDistributionMode(table)]);
  const hint = options.length > 0 ? ` /*+ OPTIONS(${options.map(([k, v]) => `${sqlString(k)} = ${sqlString(v)}`).join(', ')}) */` : '';
  const query = insert.query.trim().replace(/;+\s*$/, '');
  return `${replace ? 'INSERT OVERWRITE' : 'INSERT INTO'} ${icebergTableReference(table, lakehouse)}${hint}\n${query}`;
}
