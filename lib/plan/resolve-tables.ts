import { Duration } from 'aws-cdk-lib';
import { PipelineDefinition, TableDefinition } from '../definition/pipeline-definition';
import { defaultDatabase } from './plan-names';
import { LakehousePlan, TableMaintenancePlan, TablePlan } from './pipeline-plan';
import { planColumns } from './resolve-topics';
import { DistributedTable, writeDistributionMode } from './write-distribution';

/**
 * Iceberg table properties: format v2 (row-level deletes), upserts when a primary key is set, zstd Parquet, bounded
 * metadata history, and the write distribution of `writeDistributionMode` (rows keyed by the primary key on upsert
 * tables, so the sink writes in parallel even when the table is partitioned by time).
 */
function tableProperties(table: DistributedTable): Record<string, string> {
  const hasPrimaryKey = table.primaryKey.length > 0;
  return {
    'format-version': '2',
    'write.format.default': 'parquet',
    'write.parquet.compression-codec': 'zstd',
    'write.metadata.delete-after-commit.enabled': 'true',
    'write.metadata.previous-versions-max': '100',
    ...(hasPrimaryKey ? { 'write.upsert.enabled': 'true' } : {}),
    // An unpartitioned append table has nothing to distribute by (Iceberg's default, none, applies).
    ...(hasPrimaryKey || table.partitionBy.length > 0 ? { 'write.distribution-mode': writeDistributionMode(table) } : {}),
  };
}

/** Default table maintenance (Glue's own defaults, except more snapshots kept for rollback). */
export const DEFAULT_TABLE_MAINTENANCE = {
  compaction: true,
  snapshotRetention: Duration.days(5),
  snapshotsToKeep: 10,
  orphanFileRetention: Duration.days(3),
} as const;

/** The table's optimizers with defaults applied; undefined when maintenance is turned off (validation checked the values). */
function planMaintenance(table: TableDefinition): TableMaintenancePlan | undefined {
  const m = table.maintenance ?? {};
  if (m.enabled === false) return undefined;
  return {
    compaction: m.compaction ?? DEFAULT_TABLE_MAINTENANCE.compaction,
    snapshotRetentionDays: (m.snapshotRetention ?? DEFAULT_TABLE_MAINTENANCE.snapshotRetention).toDays(),
    snapshotsToKeep: m.snapshotsToKeep ?? DEFAULT_TABLE_MAINTENANCE.snapshotsToKeep,
    orphanFileRetentionDays: (m.orphanFileRetention ?? DEFAULT_TABLE_MAINTENANCE.orphanFileRetention).toDays(),
  };
}

/** Resolves the tables and the warehouse layout. */
export function planLakehouse(definition: PipelineDefinition): LakehousePlan {
  const fallback = defaultDatabase(definition);
  const tables: TablePlan[] = definition.tables.map((table) => {
    const primaryKey = table.primaryKey ?? [];
    const partitionBy = table.partitionBy ?? [];
    return {
      database: table.database ?? fallback,
      name: table.name,
      columns: planColumns(table.columns, primaryKey),
      partitionBy,
      primaryKey,
      formatVersion: 2,
      properties: tableProperties({ primaryKey, partitionBy }),
      comment: table.comment,
      maintenance: planMaintenance(table),
    };
  });
  return {
    databases: [...new Set(tables.map((t) => t.database))].sort(),
    tables,
    warehousePrefix: 'warehouse/',
  };
}
