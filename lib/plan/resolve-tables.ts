import { Duration } from 'aws-cdk-lib';
import { PipelineDefinition, TableDefinition } from '../definition/pipeline-definition';
import { defaultDatabase } from './plan-names';
import { LakehousePlan, TableMaintenancePlan, TablePlan } from './pipeline-plan';
import { planColumns } from './resolve-topics';

/**
 * Iceberg table properties: format v2 (row-level deletes), upserts when a primary key is set, zstd Parquet, bounded
 * metadata history, hash distribution for partitioned tables (fewer small files per commit).
 */
function tableProperties(hasPrimaryKey: boolean, partitioned: boolean): Record<string, string> {
  return {
    'format-version': '2',
    'write.format.default': 'parquet',
    'write.parquet.compression-codec': 'zstd',
    'write.metadata.delete-after-commit.enabled': 'true',
    'write.metadata.previous-versions-max': '100',
    ...(hasPrimaryKey ? { 'write.upsert.enabled': 'true' } : {}),
    ...(partitioned || hasPrimaryKey ? { 'write.distribution-mode': 'hash' } : {}),
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
      properties: tableProperties(primaryKey.length > 0, partitionBy.length > 0),
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
