import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { Flavor } from '../flavor';
import { LakehouseConnection } from '../plan/connections';
import { icebergTableMetadata } from '../plan/iceberg-table-metadata';
import { PipelinePlan, TablePlan } from '../plan/pipeline-plan';

/**
 * The local runtime's lakehouse: Iceberg's Hadoop catalog in a directory instead of the Glue Data Catalog on S3.
 *
 * This module is the ONE place where a local run differs from a deployment's SQL: the `CREATE CATALOG` options
 * (`catalog-type` = `hadoop` and a `file:` warehouse instead of `catalog-impl` = GlueCatalog, S3FileIO and an `s3:`
 * warehouse). Every other statement — source tables, watermarks, formats, INSERTs, hints, settings — is the script the
 * self-hosted stack deploys. The tables are created here from the same Iceberg metadata the Glue tables are created
 * from (`icebergTableMetadata`: schema with field ids, identifier fields, partition spec with hidden transforms,
 * properties), so the sink sees the same table as in a deployment.
 */

/** `file:///…` URI of a local directory, without a trailing slash. */
export function fileUri(dir: string): string {
  return pathToFileURL(path.resolve(dir)).href.replace(/\/+$/, '');
}

/** `CREATE CATALOG` options of the local Hadoop catalog in `warehouseDir`. */
export function localCatalogOptions(warehouseDir: string): ReadonlyArray<readonly [string, string]> {
  return [
    ['type', 'iceberg'],
    ['catalog-type', 'hadoop'],
    ['warehouse', fileUri(warehouseDir)],
  ];
}

/**
 * The lakehouse connection of a local run: database names as the self-hosted flavor names them, checkpoints under
 * `checkpointDir`, the Hadoop catalog in `warehouseDir`.
 */
export function localLakehouseConnection(plan: PipelinePlan, warehouseDir: string, checkpointDir: string): LakehouseConnection {
  return {
    warehouseUri: fileUri(warehouseDir),
    checkpointBucketUri: fileUri(checkpointDir),
    region: plan.environment.region,
    glueDatabaseName: (logical) => plan.names.glueDatabase(logical, Flavor.SELF_HOSTED),
    catalogOptions: localCatalogOptions(warehouseDir),
  };
}

/** Directory of a table in the Hadoop catalog: `<warehouse>/<database>/<table>`. */
export function localTableDir(warehouseDir: string, database: string, table: string): string {
  return path.join(warehouseDir, database, table);
}

/**
 * The Iceberg table metadata file (format v2) of a new table with the plan's schema, identifier fields, partition spec
 * and properties — what Glue writes for the stack's `AWS::Glue::Table` with the same `icebergTableMetadata`.
 */
export function renderLocalTableMetadata(table: TablePlan, location: string, nowMs: number, fieldIds?: Readonly<Record<string, number>>): Record<string, unknown> {
  const meta = icebergTableMetadata(table, fieldIds);
  const fields = meta.schema.fields.map((f) => ({ id: f.id, name: f.name, required: f.required, type: f.type, ...(f.doc !== undefined ? { doc: f.doc } : {}) }));
  const partitionFields = meta.partitionSpec.fields.map((f) => ({ name: f.name, transform: f.transform, 'source-id': f.sourceId, 'field-id': f.fieldId }));
  return {
    'format-version': table.formatVersion,
    'table-uuid': randomUUID(),
    location,
    'last-sequence-number': 0,
    'last-updated-ms': nowMs,
    'last-column-id': Math.max(0, ...fields.map((f) => f.id)),
    'current-schema-id': 0,
    schemas: [{ type: 'struct', 'schema-id': 0, ...(meta.schema.identifierFieldIds !== undefined ? { 'identifier-field-ids': meta.schema.identifierFieldIds } : {}), fields }],
    'default-spec-id': 0,
    'partition-specs': [{ 'spec-id': 0, fields: partitionFields }],
    'last-partition-id': Math.max(999, ...partitionFields.map((f) => f['field-id'])),
    'default-sort-order-id': 0,
    'sort-orders': [{ 'order-id': 0, fields: [] }],
    properties: { ...meta.properties },
    'current-snapshot-id': -1,
    refs: {},
    snapshots: [],
    statistics: [],
    'snapshot-log': [],
    'metadata-log': [],
  };
}

/**
 * Creates every table of the plan in the local warehouse (Hadoop catalog layout: `metadata/v1.metadata.json` and
 * `version-hint.text`), leaving tables that exist alone, and returns their directories.
 */
export function createLocalTables(plan: PipelinePlan, warehouseDir: string, nowMs: number = Date.now()): string[] {
  return plan.lakehouse.tables.map((table) => {
    const database = plan.names.glueDatabase(table.database, Flavor.SELF_HOSTED);
    const dir = localTableDir(warehouseDir, database, table.name);
    const metadataDir = path.join(dir, 'metadata');
    if (fs.existsSync(path.join(metadataDir, 'version-hint.text'))) return dir;
    fs.mkdirSync(metadataDir, { recursive: true });
    const metadata = renderLocalTableMetadata(table, fileUri(dir), nowMs);
    fs.writeFileSync(path.join(metadataDir, 'v1.metadata.json'), `${JSON.stringify(metadata, null, 2)}\n`);
    fs.writeFileSync(path.join(metadataDir, 'version-hint.text'), '1');
    return dir;
  });
}

/** What the current snapshot of a local table says about it. */
export interface LocalTableStats {
  /** Snapshots committed so far (one per checkpoint that carried data, or per batch run). */
  readonly snapshots: number;
  readonly totalRecords: number;
  readonly totalDataFiles: number;
  readonly totalDeleteFiles: number;
  readonly totalEqualityDeletes: number;
  readonly totalPositionDeletes: number;
  /** `timestamp-ms` of the current snapshot, if any. */
  readonly lastCommitMs?: number;
  /** Flink's `flink.max-committed-checkpoint-id` of the current snapshot, if any. */
  readonly maxCommittedCheckpointId?: number;
}

/** The current metadata of a local table (the version `version-hint.text` names), or undefined before it exists. */
export function readLocalTableMetadata(tableDir: string): Record<string, any> | undefined {
  const hint = path.join(tableDir, 'metadata', 'version-hint.text');
  if (!fs.existsSync(hint)) return undefined;
  const version = fs.readFileSync(hint, 'utf8').trim();
  return JSON.parse(fs.readFileSync(path.join(tableDir, 'metadata', `v${version}.metadata.json`), 'utf8'));
}

/** Row and file counts of a local table from its current snapshot's summary (no Parquet is read). */
export function readLocalTableStats(tableDir: string): LocalTableStats {
  const metadata = readLocalTableMetadata(tableDir);
  const snapshots: Array<Record<string, any>> = metadata?.snapshots ?? [];
  const current = snapshots.find((s) => s['snapshot-id'] === metadata?.['current-snapshot-id']);
  const summary: Record<string, string> = current?.summary ?? {};
  const n = (key: string) => Number(summary[key] ?? 0);
  return {
    snapshots: snapshots.length,
    totalRecords: n('total-records'),
    totalDataFiles: n('total-data-files'),
    totalDeleteFiles: n('total-delete-files'),
    totalEqualityDeletes: n('total-equality-deletes'),
    totalPositionDeletes: n('total-position-deletes'),
    ...(current !== undefined ? { lastCommitMs: Number(current['timestamp-ms']) } : {}),
    ...(summary['flink.max-committed-checkpoint-id'] !== undefined ? { maxCommittedCheckpointId: Number(summary['flink.max-committed-checkpoint-id']) } : {}),
  };
}

/** The Iceberg JSON of a schema of `icebergTableMetadata`. */
function schemaJson(schema: ReturnType<typeof icebergTableMetadata>['schema'], schemaId: number): Record<string, unknown> {
  return {
    type: 'struct',
    'schema-id': schemaId,
    ...(schema.identifierFieldIds !== undefined ? { 'identifier-field-ids': schema.identifierFieldIds } : {}),
    fields: schema.fields.map((f) => ({ id: f.id, name: f.name, required: f.required, type: f.type, ...(f.doc !== undefined ? { doc: f.doc } : {}) })),
  };
}

function sameFields(a: unknown, b: unknown): boolean {
  const strip = (s: any) => JSON.stringify({ ids: s['identifier-field-ids'] ?? [], fields: s.fields });
  return strip(a) === strip(b);
}

/**
 * Applies each recorded table's evolved schema (`TablePlan.catalog.evolved`: field ids kept from the lock, new columns
 * after the last id) to the local table — what the deployed `IcebergSchemaEvolution` does through Glue `UpdateTable`:
 * a new metadata version whose current schema is the evolved one (older schemas kept, so older data files stay
 * readable). Returns the tables it evolved.
 */
export function evolveLocalTables(plan: PipelinePlan, warehouseDir: string, nowMs: number = Date.now()): string[] {
  const evolved: string[] = [];
  for (const table of plan.lakehouse.tables) {
    const target = table.catalog?.evolved;
    if (target === undefined) continue;
    const dir = localTableDir(warehouseDir, plan.names.glueDatabase(table.database, Flavor.SELF_HOSTED), table.name);
    const metadata = readLocalTableMetadata(dir);
    if (metadata === undefined) continue;
    const schemas: Array<Record<string, any>> = metadata.schemas;
    const current = schemas.find((s) => s['schema-id'] === metadata['current-schema-id']);
    if (current !== undefined && sameFields(current, schemaJson(target.schema, 0))) continue;
    const schemaId = Math.max(...schemas.map((s) => Number(s['schema-id']))) + 1;
    const version = Number(fs.readFileSync(path.join(dir, 'metadata', 'version-hint.text'), 'utf8').trim());
    const previousFile = `${fileUri(dir)}/metadata/v${version}.metadata.json`;
    const next = {
      ...metadata,
      'last-updated-ms': nowMs,
      'last-column-id': Math.max(Number(metadata['last-column-id']), ...target.schema.fields.map((f) => f.id)),
      'current-schema-id': schemaId,
      schemas: [...schemas, schemaJson(target.schema, schemaId)],
      'metadata-log': [...(metadata['metadata-log'] ?? []), { 'timestamp-ms': metadata['last-updated-ms'], 'metadata-file': previousFile }],
    };
    fs.writeFileSync(path.join(dir, 'metadata', `v${version + 1}.metadata.json`), `${JSON.stringify(next, null, 2)}\n`);
    fs.writeFileSync(path.join(dir, 'metadata', 'version-hint.text'), String(version + 1));
    evolved.push(table.name);
  }
  return evolved;
}
