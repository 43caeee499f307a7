import { LakehouseConnection } from '../plan/connections';
import { InsertPlan, TablePlan } from '../plan/pipeline-plan';
import { sqlIdentifier, sqlOptions, sqlString } from './sql-text';

/** Name of the Iceberg catalog in every generated script. */
export const ICEBERG_CATALOG_NAME = 'lakehouse';

/**
 * `CREATE CATALOG lakehouse` over the Glue Data Catalog with S3FileIO. `catalog-impl` names the Glue catalog class
 * (`catalog-type` = `glue` is rejected by Iceberg's Flink catalog factory).
 */
export function renderIcebergCatalog(lakehouse: LakehouseConnection): string {
  const options: Array<[string, string]> = [
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
 * `INSERT INTO <catalog>.<db>.<table> SELECT ...`. The stack creates the Glue tables (format v2, primary key as
 * identifier fields), so the script does not. For a table with a primary key the insert carries the Iceberg write option
 * `upsert-enabled` as a dynamic table option hint: rows replace earlier rows with the same key (equality deletes), so
 * re-ingestion is idempotent. The hint keeps the upsert visible in the script and independent of the table property.
 */
export function renderInsert(insert: InsertPlan, table: TablePlan, lakehouse: LakehouseConnection): string {
  const hint = table.primaryKey.length > 0 ? ` /*+ OPTIONS(${sqlString('upsert-enabled')} = ${sqlString('true')}) */` : '';
  const query = insert.query.trim().replace(/;+\s*$/, '');
  return `INSERT INTO ${icebergTableReference(table, lakehouse)}${hint}\n${query}`;
}
