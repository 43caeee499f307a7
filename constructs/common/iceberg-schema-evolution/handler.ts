/**
 * Lambda handler of the Iceberg schema evolution (custom resource, provider framework, onEvent only). Compiled to
 * `runtime/index.js` by `constructs/managed/private/compile-handlers.ts`; dependency-free apart from the AWS SDK v3
 * Glue and S3 clients the Lambda Node.js runtime ships.
 *
 * Create / Update: evolve a Glue Iceberg table to the given schema through Glue `UpdateTable` with
 * `UpdateOpenTableFormatInput` — Glue writes the table's next metadata JSON (schema added and made current, field ids
 * as given, so existing data files keep resolving by id) and moves `metadata_location` to it. Nothing is rewritten:
 * adding a column, promoting INT → BIGINT / FLOAT → DOUBLE / decimal precision and dropping a column are metadata
 * changes. Before and after, the table must be an Iceberg table with a metadata location, and the location must have
 * moved; otherwise the deployment fails naming the table (CloudFormation may have rewritten it: see
 * `planTableCatalog`; or the runtime's Glue client may predate `UpdateOpenTableFormatInput` and drop it).
 * Delete: nothing; the schema stays with the table, which its `AWS::Glue::Table` owns.
 *
 * Events that must not reach Glue (an update rollback sends the previous properties again, so every Update must also
 * succeed backwards; a Create is replayed when the resource comes back after a rollback removed it):
 * - the same target as before (schema, partition spec, properties, location), or a target the table's current
 *   metadata JSON already has as its current schema (read from S3): nothing to evolve, no call;
 * - an older schema than the one the resource last applied — `LastColumnId` lower than before (field ids only grow
 *   in a forward deploy: the lock never reuses one, and a named `dropColumn` keeps it), or a column's type narrower
 *   than before (Iceberg cannot narrow a type): the rollback of an evolution, or a redeploy of a reverted lock. The
 *   table keeps its wider current schema (Iceberg data written with the newer schema stays readable, the older jobs
 *   write the added columns as null); the handler logs it and succeeds instead of narrowing the table or failing its
 *   own "no new metadata" check (UPDATE_ROLLBACK_FAILED).
 */
import { GetTableCommand, GlueClient, IcebergPartitionSpec, IcebergSchema, UpdateTableCommand } from '@aws-sdk/client-glue';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';

/** The custom resource's properties, as CloudFormation passes them (strings). */
export interface EvolutionProperties {
  readonly CatalogId: string;
  readonly DatabaseName: string;
  readonly TableName: string;
  /** The table's location (`s3://…`), unchanged. */
  readonly Location: string;
  /** The target Iceberg schema, JSON of the Glue API shape (`Fields[].Id` are the lock's field ids). */
  readonly Schema: string;
  /** The partition spec, JSON of the Glue API shape (unchanged: a changed spec is a rebuild). */
  readonly PartitionSpec: string;
  /** Table properties, JSON object. */
  readonly Properties: string;
  /** The lock's last column id after this schema (decimal); absent from resources synthesized before it. */
  readonly LastColumnId?: string;
}

/** The part of a CloudFormation custom resource event the handler reads. */
export interface EvolutionEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: EvolutionProperties;
  /** Update: the properties the resource had (on an update rollback, those of the update being rolled back). */
  readonly OldResourceProperties?: EvolutionProperties;
}

/** What the handler returns to the provider framework. */
export interface EvolutionResult {
  readonly PhysicalResourceId: string;
  readonly Data?: Record<string, string>;
}

/** `table_type` = ICEBERG and the metadata location of a Glue table, or a deployment failure naming it. */
async function icebergMetadataLocation(glue: GlueClient, p: EvolutionProperties, when: string): Promise<string> {
  const out = await glue.send(new GetTableCommand({ CatalogId: p.CatalogId, DatabaseName: p.DatabaseName, Name: p.TableName }));
  const parameters = out.Table?.Parameters ?? {};
  const type = parameters.table_type ?? '';
  const location = parameters.metadata_location ?? '';
  if (type.toUpperCase() !== 'ICEBERG' || location === '') {
    throw new Error(`${p.DatabaseName}.${p.TableName} ${when} is not an Iceberg table with a metadata location (table_type=${JSON.stringify(type)}, metadata_location=${JSON.stringify(location)}): its schema cannot be evolved — if CloudFormation rewrote it, restore the parameters from the latest metadata JSON under ${p.Location}/metadata/ (Glue UpdateTable), then redeploy`);
  }
  return location;
}

/** The evolution target of the properties, comparable as text. */
const target = (p: EvolutionProperties): string => JSON.stringify([p.Location, JSON.parse(p.Schema), JSON.parse(p.PartitionSpec), JSON.parse(p.Properties)]);

/** Decimal precision of an Iceberg `decimal(P,S)` type. */
const precision = (type: string): number | undefined => {
  const match = /^decimal\((\d+),\s*\d+\)$/.exec(type);
  return match === null ? undefined : Number(match[1]);
};

/** Whether a column's Iceberg type `next` is narrower than `previous` (the reverse of an allowed promotion). */
function narrower(previous: string, next: string): boolean {
  if (previous === 'long' && next === 'int') return true;
  if (previous === 'double' && next === 'float') return true;
  const [p, n] = [precision(previous), precision(next)];
  return p !== undefined && n !== undefined && n < p;
}

/**
 * Why the target schema is older than the one the resource last applied (empty when it is not): its last column id
 * went down, or a column's type narrowed.
 */
export function olderSchema(previous: EvolutionProperties, next: EvolutionProperties): string[] {
  const reasons: string[] = [];
  if (previous.LastColumnId !== undefined && next.LastColumnId !== undefined && Number(next.LastColumnId) < Number(previous.LastColumnId)) {
    reasons.push(`last column id ${previous.LastColumnId} → ${next.LastColumnId}`);
  }
  const before = new Map(((JSON.parse(previous.Schema) as IcebergSchema).Fields ?? []).map((f) => [f.Id, f]));
  for (const field of (JSON.parse(next.Schema) as IcebergSchema).Fields ?? []) {
    const was = before.get(field.Id);
    const [from, to] = [was?.Type, field.Type];
    if (typeof from === 'string' && typeof to === 'string' && narrower(from, to)) reasons.push(`${field.Name} ${from} → ${to}`);
  }
  return reasons;
}

/** Reads an `s3://bucket/key` object as text. */
export type ObjectReader = (uri: string) => Promise<string>;

/** A schema's fields and identifier fields as comparable text (types without spaces: `decimal(12, 2)` = `decimal(12,2)`). */
function schemaKey(fields: ReadonlyArray<{ id: unknown; name: unknown; type: unknown; required: unknown }>, identifiers: readonly unknown[]): string {
  const type = (t: unknown): string => (typeof t === 'string' ? t.replace(/\s+/g, '') : JSON.stringify(t));
  return JSON.stringify([fields.map((f) => [f.id, f.name, type(f.type), f.required === true]), identifiers]);
}

/** Whether the table's current Iceberg schema (its metadata JSON) is `schema` already; undefined when unreadable. */
async function currentSchemaIs(read: ObjectReader, metadataLocation: string, schema: IcebergSchema): Promise<boolean | undefined> {
  try {
    type JsonField = { id: unknown; name: unknown; type: unknown; required: unknown };
    const metadata = JSON.parse(await read(metadataLocation)) as { 'current-schema-id'?: number; schemas?: Array<{ 'schema-id'?: number; fields?: JsonField[]; 'identifier-field-ids'?: number[] }> };
    const current = metadata.schemas?.find((s) => s['schema-id'] === metadata['current-schema-id']);
    if (current?.fields === undefined) return undefined;
    const target = (schema.Fields ?? []).map((f) => ({ id: f.Id, name: f.Name, type: f.Type, required: f.Required }));
    return schemaKey(current.fields, current['identifier-field-ids'] ?? []) === schemaKey(target, schema.IdentifierFieldIds ?? []);
  } catch {
    return undefined;
  }
}

/**
 * Evolves the table's schema (Create/Update); Delete leaves it as it is. `read` reads the table's metadata JSON (to
 * skip a target that is already the current schema); without it, or when it fails, only the event decides.
 */
export async function handleEvent(glue: GlueClient, event: EvolutionEvent, log: (line: string) => void = console.log, read?: ObjectReader): Promise<EvolutionResult> {
  const p = event.ResourceProperties;
  const id = `${p.DatabaseName}.${p.TableName}`;
  if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId ?? id };
  const before = await icebergMetadataLocation(glue, p, 'before the schema change');
  const schema = JSON.parse(p.Schema) as IcebergSchema;
  const columns = (schema.Fields ?? []).map((f) => f.Name).join(',');
  const kept = (outcome: string): EvolutionResult => {
    log(`${id}: ${outcome}`);
    return { PhysicalResourceId: event.PhysicalResourceId ?? id, Data: { MetadataLocationBefore: before, MetadataLocation: before, Columns: columns, Outcome: outcome } };
  };
  const previous = event.RequestType === 'Update' ? event.OldResourceProperties : undefined;
  if (previous !== undefined) {
    if (target(previous) === target(p)) return kept('the target schema is the one already applied: nothing to evolve');
    const older = olderSchema(previous, p);
    if (older.length > 0) {
      return kept(`the target schema is older than the one applied (${older.join(', ')}): the table keeps its current, wider schema at ${before} — expected on an update rollback`);
    }
  }
  if (read !== undefined && await currentSchemaIs(read, before, schema) === true) {
    return kept(`the table's current schema at ${before} is the target already: nothing to evolve`);
  }
  await glue.send(new UpdateTableCommand({
    CatalogId: p.CatalogId,
    DatabaseName: p.DatabaseName,
    Name: p.TableName,
    UpdateOpenTableFormatInput: {
      UpdateIcebergInput: {
        UpdateIcebergTableInput: {
          Updates: [{
            Location: p.Location,
            Schema: schema,
            PartitionSpec: JSON.parse(p.PartitionSpec) as IcebergPartitionSpec,
            Properties: JSON.parse(p.Properties) as Record<string, string>,
          }],
        },
      },
    },
  }));
  const after = await icebergMetadataLocation(glue, p, 'after the schema change');
  if (after === before) {
    // A client that does not know UpdateOpenTableFormatInput drops it while serializing: the call then changes nothing.
    throw new Error(`${id}: Glue accepted the schema change but the table still points at ${before}: no new Iceberg metadata was written — check that the function's Glue client supports UpdateOpenTableFormatInput (AWS SDK for JavaScript v3 from mid-2025) and the table's CloudTrail UpdateTable event`);
  }
  return { PhysicalResourceId: id, Data: { MetadataLocationBefore: before, MetadataLocation: after, Columns: columns } };
}

/** An S3 object reader with the function's role. */
function s3Reader(s3: S3Client): ObjectReader {
  return async (uri) => {
    const match = /^s3a?:\/\/([^/]+)\/(.+)$/.exec(uri);
    if (match === null) throw new Error(`not an S3 URI: ${uri}`);
    const out = await s3.send(new GetObjectCommand({ Bucket: match[1], Key: match[2] }));
    return (await out.Body?.transformToString('utf-8')) ?? '';
  };
}

/** Lambda entry point. */
export async function onEvent(event: EvolutionEvent): Promise<EvolutionResult> {
  return handleEvent(new GlueClient({}), event, console.log, s3Reader(new S3Client({})));
}
