import { PipelineDefinition } from '../definition/pipeline-definition';
import { defaultDatabase } from './plan-names';
import { LakehousePlan, TablePlan } from './pipeline-plan';
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
    };
  });
  return {
    databases: [...new Set(tables.map((t) => t.database))].sort(),
    tables,
    warehousePrefix: 'warehouse/',
  };
}
