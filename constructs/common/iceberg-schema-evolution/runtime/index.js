// Generated from handler.ts by constructs/managed/private/compile-handlers.ts. Do not edit.
"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.handleEvent = handleEvent;
exports.onEvent = onEvent;
/**
 * Lambda handler of the Iceberg schema evolution (custom resource, provider framework, onEvent only). Compiled to
 * `runtime/index.js` by `constructs/managed/private/compile-handlers.ts`; dependency-free apart from the AWS SDK v3
 * Glue client the Lambda Node.js runtime ships.
 *
 * Create / Update: evolve a Glue Iceberg table to the given schema through Glue `UpdateTable` with
 * `UpdateOpenTableFormatInput` — Glue writes the table's next metadata JSON (schema added and made current, field ids
 * as given, so existing data files keep resolving by id) and moves `metadata_location` to it. Nothing is rewritten:
 * adding a column, promoting INT → BIGINT / FLOAT → DOUBLE / decimal precision and dropping a column are metadata
 * changes. Before and after, the table must be an Iceberg table with a metadata location, and the location must have
 * moved; otherwise the deployment fails naming the table (CloudFormation may have rewritten it: see
 * `planTableCatalog`; or the runtime's Glue client may predate `UpdateOpenTableFormatInput` and drop it).
 * Delete: nothing; the schema stays with the table, which its `AWS::Glue::Table` owns.
 */
const client_glue_1 = require("@aws-sdk/client-glue");
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
/** Evolves the table's schema (Create/Update); Delete leaves it as it is. */
async function handleEvent(glue, event) {
    const p = event.ResourceProperties;
    const id = `${p.DatabaseName}.${p.TableName}`;
    if (event.RequestType === 'Delete')
        return { PhysicalResourceId: event.PhysicalResourceId ?? id };
    const before = await icebergMetadataLocation(glue, p, 'before the schema change');
    const schema = JSON.parse(p.Schema);
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
    const columns = (schema.Fields ?? []).map((f) => f.Name).join(',');
    return { PhysicalResourceId: id, Data: { MetadataLocationBefore: before, MetadataLocation: after, Columns: columns } };
}
/** Lambda entry point. */
async function onEvent(event) {
    return handleEvent(new client_glue_1.GlueClient({}), event);
}
