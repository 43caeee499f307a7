import { icebergTableMetadata } from './iceberg-table-metadata';
import { TablePlan } from './pipeline-plan';
import { LockedPipeline, assignFieldIds, lockedTable, lockedTableKey } from './schema-lock';

/**
 * The Glue rendering of tables the environment's lock records (`TablePlan.catalog`). A CloudFormation update of an
 * `AWS::Glue::Table` whose template carries a `TableInput` next to the Iceberg input (ours does) has been reported to
 * rewrite the Glue table without its Iceberg `metadata_location` and `table_type`
 * (aws-cloudformation/cloudformation-coverage-roadmap#1919, #2495; see the README's "Schema evolution"). So a recorded
 * table keeps the input it was created with, and when its schema changed since — compatibly, or as a named
 * `SchemaMigration` accepted — the plan carries the evolved metadata (field ids from the lock, new columns numbered
 * after the last id) for `IcebergSchemaEvolution` to apply through Glue `UpdateTable`. Tables the lock does not know
 * (or a lock recorded before it kept `created`) are created from the plan as before.
 */
export function planTableCatalog(tables: readonly TablePlan[], recorded: LockedPipeline | undefined): TablePlan[] {
  return tables.map((table) => {
    const before = recorded?.tables?.[lockedTableKey(table)];
    if (before?.created === undefined) return table;
    const locked = assignFieldIds(lockedTable(table), before);
    const ids = Object.fromEntries(locked.columns.map((c) => [c.name, c.id ?? 0]));
    const evolved = icebergTableMetadata(table, ids);
    const changed = JSON.stringify(evolved.schema) !== JSON.stringify(before.created.schema);
    return { ...table, catalog: { created: before.created, ...(changed ? { evolved, lastColumnId: locked.lastColumnId } : {}) } };
  });
}
