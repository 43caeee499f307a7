import { GetTableCommand, GlueClient } from '@aws-sdk/client-glue';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { OperationError } from './operations';
import { VerifiedTable, tableName } from './verify-scope';

/** The AWS clients `verify` counts table rows with (both flavors: Glue catalog + S3 warehouse). */
export interface IcebergClients {
  readonly glue: GlueClient;
  readonly s3: S3Client;
}

/** One Iceberg snapshot as the table's metadata file lists it. */
export interface TableSnapshot {
  /** `snapshot-id` as written (kept as text: ids exceed JavaScript's exact integers). */
  readonly id: string;
  /** `timestamp-ms`: when the commit happened. */
  readonly committedAt: number;
  /** `summary.added-records` (0 when absent). */
  readonly addedRecords: number;
}

/** A table's snapshots and its row count at the current snapshot. */
export interface TableState {
  readonly metadataLocation: string;
  readonly snapshots: readonly TableSnapshot[];
  /** `summary.total-records` of the current snapshot; undefined for an empty table. */
  readonly totalRecords?: number;
}

/** `s3://bucket/key` split into bucket and key. */
function s3Location(uri: string, table: string): { bucket: string; key: string } {
  const match = /^s3a?:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (match?.[1] === undefined || match[2] === undefined) throw new OperationError(`table ${table}: metadata_location ${JSON.stringify(uri)} is not an s3:// location`);
  return { bucket: match[1], key: match[2] };
}

/**
 * The snapshots of an Iceberg metadata file (format v2). Snapshot ids are read as text from the file so that two ids
 * that differ only beyond 2^53 stay different.
 */
export function parseSnapshots(metadataJson: string): { snapshots: TableSnapshot[]; totalRecords?: number } {
  const quotedIds = metadataJson.replace(/"(snapshot-id|current-snapshot-id|parent-snapshot-id)"\s*:\s*(-?\d+)/g, '"$1":"$2"');
  const metadata = JSON.parse(quotedIds) as {
    'current-snapshot-id'?: string;
    'snapshots'?: Array<{ 'snapshot-id': string; 'timestamp-ms': number; 'summary'?: Record<string, string> }>;
  };
  const snapshots = (metadata.snapshots ?? []).map((s) => ({
    id: s['snapshot-id'],
    committedAt: s['timestamp-ms'],
    addedRecords: Number(s.summary?.['added-records'] ?? 0),
  }));
  const current = (metadata.snapshots ?? []).find((s) => s['snapshot-id'] === metadata['current-snapshot-id']);
  const total = current?.summary?.['total-records'];
  return { snapshots, totalRecords: total === undefined ? undefined : Number(total) };
}

/**
 * Reads a table's current Iceberg metadata: Glue `GetTable` gives `Parameters.metadata_location`, S3 `GetObject`
 * reads that JSON file. A missing table means the pipeline is not deployed (as that flavor, in that environment).
 */
export async function readTableState(clients: IcebergClients, table: VerifiedTable, notDeployed: string): Promise<TableState> {
  const name = tableName(table);
  let location: string | undefined;
  try {
    const got = await clients.glue.send(new GetTableCommand({ DatabaseName: table.glueDatabase, Name: table.table.name }));
    location = got.Table?.Parameters?.metadata_location;
  } catch (error) {
    if (error instanceof Error && error.name === 'EntityNotFoundException') throw new OperationError(`table ${name} not found: ${notDeployed}`);
    throw error;
  }
  if (location === undefined) throw new OperationError(`table ${name} has no metadata_location parameter: not an Iceberg table, or no job has created it yet`);
  const { bucket, key } = s3Location(location, name);
  const object = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })).catch((error: unknown) => {
    if (error instanceof Error && error.name === 'NoSuchKey') throw new OperationError(`table ${name}: its metadata file ${location} does not exist (removed from the warehouse?)`);
    throw error;
  });
  const text = object.Body === undefined ? '' : await object.Body.transformToString('utf8');
  return { metadataLocation: location, ...parseSnapshots(text) };
}

/** What reached a table since the baseline: records added by new snapshots, and when the expected count was committed. */
export interface Arrival {
  readonly added: number;
  /** Commit time of the snapshot with which `added` reached the expected count. */
  readonly reachedAt?: number;
  /** Snapshots committed since the baseline. */
  readonly commits: number;
}

/** The records the snapshots not in the baseline added, in commit order, and the commit at which `expected` was reached. */
export function arrivalSince(baseline: TableState, now: TableState, expected: number): Arrival {
  const known = new Set(baseline.snapshots.map((s) => s.id));
  const fresh = now.snapshots.filter((s) => !known.has(s.id)).sort((a, b) => a.committedAt - b.committedAt);
  let added = 0;
  let reachedAt: number | undefined;
  for (const snapshot of fresh) {
    added += snapshot.addedRecords;
    if (reachedAt === undefined && added >= expected) reachedAt = snapshot.committedAt;
  }
  return { added, reachedAt, commits: fresh.length };
}
