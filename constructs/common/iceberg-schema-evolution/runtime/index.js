// Generated from handler.ts by constructs/managed/private/compile-handlers.ts. Do not edit.
"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.olderSchema = olderSchema;
exports.handleEvent = handleEvent;
exports.onEvent = onEvent;
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
const client_glue_1 = require("@aws-sdk/client-glue");
const client_s3_1 = require("@aws-sdk/client-s3");
/** `table_type` = ICEBERG and the metadata location of a Glue table, or a deployment failure naming it. */
async function icebergMetadataLocation(glue, p, when) {
    const out = await glue.send(new client_glue_1.GetTableCommand({ CatalogId: p.CatalogId, DatabaseName: p.DatabaseName, Name: p.TableName }));
    const parameters = out.Table?.Parameters ?? {};
    const type = parameters.table_type ?? '';
    const location = parameters.metadata_location ?? '';
    if (type.toUpperCase() !== 'ICEBERG' || location === '') {
        throw new Error(`${p.DatabaseName}.${p.TableName} ${when} is not an Iceberg table with a metadata location (table_type=${JSON.stringify(type)}, metadata_location=${JSON.stringify(location)}): its schema cannot be evolved — if CloudFormation rewrote it, restore the parameters from the latest metadata JSON under ${p.Location}/metadata/ (Glue UpdateTable), then redeploy`);
    }
    return location;
}
/** The evolution target of the properties, comparable as text. */
const target = (p) => JSON.stringify([p.Location, JSON.parse(p.Schema), JSON.parse(p.PartitionSpec), JSON.parse(p.Properties)]);
/** Decimal precision of an Iceberg `decimal(P,S)` type. */
const precision = (type) => {
    const match = /^decimal\((\d+),\s*\d+\)$/.exec(type);
    return match === null ? undefined : Number(match[1]);
};
/** Whether a column's Iceberg type `next` is narrower than `previous` (the reverse of an allowed promotion). */
function narrower(previous, next) {
    if (previous === 'long' && next === 'int')
        return true;
    if (previous === 'double' && next === 'float')
        return true;
    const [p, n] = [precision(previous), precision(next)];
    return p !== undefined && n !== undefined && n < p;
}
/**
 * Why the target schema is older than the one the resource last applied (empty when it is not): its last column id
 * went down, or a column's type narrowed.
 */
function olderSchema(previous, next) {
    const reasons = [];
    if (previous.LastColumnId !== undefined && next.LastColumnId !== undefined && Number(next.LastColumnId) < Number(previous.LastColumnId)) {
        reasons.push(`last column id ${previous.LastColumnId} → ${next.LastColumnId}`);
    }
    const before = new Map((JSON.parse(previous.Schema).Fields ?? []).map((f) => [f.Id, f]));
    for (const field of JSON.parse(next.Schema).Fields ?? []) {
        const was = before.get(field.Id);
        const [from, to] = [was?.Type, field.Type];
        if (typeof from === 'string' && typeof to === 'string' && narrower(from, to))
            reasons.push(`${field.Name} ${from} → ${to}`);
    }
    return reasons;
}
/** A schema's fields and identifier fields as comparable text (types without spaces: `decimal(12, 2)` = `decimal(12,2)`). */
function schemaKey(fields, identifiers) {
    const type = (t) => (typeof t === 'string' ? t.replace(/\s+/g, '') : JSON.stringify(t));
    return JSON.stringify([fields.map((f) => [f.id, f.name, type(f.type), f.required === true]), identifiers]);
}
/** Whether the table's current Iceberg schema (its metadata JSON) is `schema` already; undefined when unreadable. */
async function currentSchemaIs(read, metadataLocation, schema) {
    try {
        const metadata = JSON.parse(await read(metadataLocation));
        const current = metadata.schemas?.find((s) => s['schema-id'] === metadata['current-schema-id']);
        if (current?.fields === undefined)
            return undefined;
        const target = (schema.Fields ?? []).map((f) => ({ id: f.Id, name: f.Name, type: f.Type, required: f.Required }));
        return schemaKey(current.fields, current['identifier-field-ids'] ?? []) === schemaKey(target, schema.IdentifierFieldIds ?? []);
    }
    catch {
        return undefined;
    }
}
/**
 * Evolves the table's schema (Create/Update); Delete leaves it as it is. `read` reads the table's metadata JSON (to
 * skip a target that is already the current schema); without it, or when it fails, only the event decides.
 */
async function handleEvent(glue, event, log = console.log, read) {
    const p = event.ResourceProperties;
    const id = `${p.DatabaseName}.${p.TableName}`;
    if (event.RequestType === 'Delete')
        return { PhysicalResourceId: event.PhysicalResourceId ?? id };
    const before = await icebergMetadataLocation(glue, p, 'before the schema change');
    const schema = JSON.parse(p.Schema);
    const columns = (schema.Fields ?? []).map((f) => f.Name).join(',');
    const kept = (outcome) => {
        log(`${id}: ${outcome}`);
        return { PhysicalResourceId: event.PhysicalResourceId ?? id, Data: { MetadataLocationBefore: before, MetadataLocation: before, Columns: columns, Outcome: outcome } };
    };
    const previous = event.RequestType === 'Update' ? event.OldResourceProperties : undefined;
    if (previous !== undefined) {
        if (target(previous) === target(p))
            return kept('the target schema is the one already applied: nothing to evolve');
        const older = olderSchema(previous, p);
        if (older.length > 0) {
            return kept(`the target schema is older than the one applied (${older.join(', ')}): the table keeps its current, wider schema at ${before} — expected on an update rollback`);
        }
    }
    if (read !== undefined && await currentSchemaIs(read, before, schema) === true) {
        return kept(`the table's current schema at ${before} is the target already: nothing to evolve`);
    }
    await glue.send(new client_glue_1.UpdateTableCommand({
        CatalogId: p.CatalogId,
        DatabaseName: p.DatabaseName,
        Name: p.TableName,
        UpdateOpenTableFormatInput: {
            UpdateIcebergInput: {
                UpdateIcebergTableInput: {
                    Updates: [{
                            Location: p.Location,
                            Schema: schema,
                            PartitionSpec: JSON.parse(p.PartitionSpec),
                            Properties: JSON.parse(p.Properties),
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
function s3Reader(s3) {
    return async (uri) => {
        const match = /^s3a?:\/\/([^/]+)\/(.+)$/.exec(uri);
        if (match === null)
            throw new Error(`not an S3 URI: ${uri}`);
        const out = await s3.send(new client_s3_1.GetObjectCommand({ Bucket: match[1], Key: match[2] }));
        return (await out.Body?.transformToString('utf-8')) ?? '';
    };
}
/** Lambda entry point. */
async function onEvent(event) {
    return handleEvent(new client_glue_1.GlueClient({}), event, console.log, s3Reader(new client_s3_1.S3Client({})));
}
