import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { GetTableCommand, GlueClient, IcebergSchema, UpdateTableCommand, UpdateTableCommandInput } from '@aws-sdk/client-glue';
import { mockClient } from 'aws-sdk-client-mock';
import { Construct } from 'constructs';
import { IcebergField, IcebergTableMetadata } from '../../lib/plan/iceberg-table-metadata';
import { IcebergSchemaEvolution } from '../../constructs/common/iceberg-schema-evolution/iceberg-schema-evolution';
import { EvolutionEvent, EvolutionProperties, EvolutionResult, handleEvent, olderSchema } from '../../constructs/common/iceberg-schema-evolution/handler';

/**
 * `Custom::IcebergSchemaEvolution` through its lifecycle — Create, Update (a column added; a type promoted; a named
 * column drop), the Update's rollback (the older properties sent again), a retried rollback, Delete — with the
 * properties the construct synthesizes. Glue is the SDK mock: moto's server mode (5.2.6) implements GetTable but its
 * UpdateTable reads only `TableInput` (a request with `UpdateOpenTableFormatInput` alone fails there with a 500,
 * AttributeError), so a stateful fake answers in the shapes of Glue's API model (GetTableResponse.Table: Name,
 * DatabaseName, TableType, Parameters with `table_type`/`metadata_location`) and applies Iceberg's schema rules (a new
 * metadata file per UpdateIcebergTableInput; a type may only widen, as Iceberg's UpdateSchema enforces).
 */
const glue = mockClient(GlueClient);
const client = new GlueClient({ region: 'us-east-1' });

const field = (id: number, name: string, type: string, required = false): IcebergField => ({ id, name, type, required });
const V1 = [field(1, 'order_id', 'string', true), field(2, 'quantity', 'int'), field(3, 'order_ts', 'timestamptz', true)];
const WITH_CHANNEL = [...V1, field(4, 'channel', 'string')];
const WITH_COUPON = [...WITH_CHANNEL, field(5, 'coupon', 'string')];
const QUANTITY_LONG = WITH_COUPON.map((f) => (f.name === 'quantity' ? { ...f, type: 'long' } : f));
const WITHOUT_COUPON = QUANTITY_LONG.filter((f) => f.name !== 'coupon');

/** The properties the construct synthesizes for a target schema and the lock's last column id. */
function synthesized(fields: IcebergField[], lastColumnId: number): EvolutionProperties {
  const stack = new Stack(new App(), 'Lake', { env: { account: '111111111111', region: 'us-east-1' } });
  const metadata: IcebergTableMetadata = {
    schema: { schemaId: 0, type: 'struct', fields, identifierFieldIds: [1] },
    partitionSpec: { specId: 0, fields: [{ fieldId: 1000, sourceId: 3, name: 'order_ts_day', transform: 'day' }] },
    properties: { 'format-version': '2' },
  };
  new IcebergSchemaEvolution(stack, 'Evolution', {
    databaseName: 'orders_prod', tableName: 'orders', location: 's3://lake/warehouse/orders_prod.db/orders', metadata, table: new Construct(stack, 'Table'), lastColumnId,
  });
  const [resource] = Object.values(Template.fromStack(stack).findResources('Custom::IcebergSchemaEvolution'));
  return resource.Properties as EvolutionProperties;
}

/** A Glue Iceberg table as the fake holds it. */
interface FakeTable { version: number; fields: Array<{ Id: number; Name: string; Type: string; Required: boolean }> }
let table: FakeTable;
const WIDENINGS: Record<string, string> = { int: 'long', float: 'double' };

function fakeGlue(): void {
  glue.reset();
  glue.on(GetTableCommand).callsFake(() => ({
    Table: {
      Name: 'orders', DatabaseName: 'orders_prod', TableType: 'EXTERNAL_TABLE',
      Parameters: { table_type: 'ICEBERG', metadata_location: metadataLocation() },
    },
  }));
  glue.on(UpdateTableCommand).callsFake((input: UpdateTableCommandInput) => {
    const update = input.UpdateOpenTableFormatInput?.UpdateIcebergInput?.UpdateIcebergTableInput?.Updates?.[0];
    if (update === undefined || input.TableInput !== undefined) throw new Error('the fake takes an Iceberg update without TableInput');
    const schema = update.Schema as IcebergSchema;
    const fields = (schema.Fields ?? []).map((f) => ({ Id: f.Id ?? 0, Name: f.Name ?? '', Type: String(f.Type), Required: f.Required === true }));
    for (const f of fields) {
      const was = table.fields.find((c) => c.Id === f.Id);
      if (was !== undefined && was.Type !== f.Type && WIDENINGS[was.Type] !== f.Type) {
        throw Object.assign(new Error(`Cannot change column type: ${f.Name}: ${was.Type} -> ${f.Type}`), { name: 'InvalidInputException' });
      }
    }
    table = { version: table.version + 1, fields };
  });
}

const channel = synthesized(WITH_CHANNEL, 4);
const coupon = synthesized(WITH_COUPON, 5);
const promoted = synthesized(QUANTITY_LONG, 5);
const dropped = synthesized(WITHOUT_COUPON, 5);

const update = (next: EvolutionProperties, old: EvolutionProperties): EvolutionEvent => ({ RequestType: 'Update', PhysicalResourceId: 'orders_prod.orders', ResourceProperties: next, OldResourceProperties: old });
const rollbackOf = (event: EvolutionEvent): EvolutionEvent => update(event.OldResourceProperties ?? event.ResourceProperties, event.ResourceProperties);
const columns = (): string => table.fields.map((f) => `${f.Name}:${f.Type}`).join(',');
const metadataLocation = (): string => `s3://lake/warehouse/orders_prod.db/orders/metadata/${String(table.version).padStart(5, '0')}-v.metadata.json`;
/** The table's metadata JSON as Iceberg writes it (its current schema, decimal types with a space). */
const readMetadata = async (uri: string): Promise<string> => {
  if (uri !== metadataLocation()) throw new Error(`NoSuchKey: ${uri}`);
  return JSON.stringify({
    'format-version': 2, 'current-schema-id': table.version,
    schemas: [{ 'type': 'struct', 'schema-id': table.version, 'identifier-field-ids': [1], 'fields': table.fields.map((f) => ({ id: f.Id, name: f.Name, required: f.Required, type: f.Type.replace(',', ', ') })) }],
  });
};
const logged: string[] = [];
const run = (event: EvolutionEvent): Promise<EvolutionResult> => handleEvent(client, event, (line) => logged.push(line), readMetadata);

describe('Custom::IcebergSchemaEvolution: Create → Update → rollback → Delete (Glue SDK mock)', () => {
  beforeAll(() => {
    table = { version: 1, fields: V1.map((f) => ({ Id: f.id, Name: f.name, Type: f.type, Required: f.required })) };
    fakeGlue();
  });
  afterAll(() => glue.restore());

  test('the synthesized properties carry the lock\'s last column id', () => {
    expect(channel.LastColumnId).toBe('4');
    expect(JSON.parse(channel.Schema).Fields.map((f: { Id: number }) => f.Id)).toEqual([1, 2, 3, 4]);
  });

  test('Create evolves the table to the added column', async () => {
    const out = await run({ RequestType: 'Create', ResourceProperties: channel });
    expect(columns()).toBe('order_id:string,quantity:int,order_ts:timestamptz,channel:string');
    expect(out.Data?.MetadataLocation).toMatch(/00002-v\.metadata\.json$/);
  });

  test('an Update with the same target makes no UpdateTable call and succeeds', async () => {
    const calls = glue.commandCalls(UpdateTableCommand).length;
    const out = await run(update(channel, channel));
    expect(glue.commandCalls(UpdateTableCommand)).toHaveLength(calls);
    expect(out.Data?.Outcome).toBe('the target schema is the one already applied: nothing to evolve');
  });

  let addColumn: EvolutionEvent;
  test('an Update adds a column', async () => {
    addColumn = update(coupon, channel);
    await run(addColumn);
    expect(columns()).toBe('order_id:string,quantity:int,order_ts:timestamptz,channel:string,coupon:string');
  });

  test('its rollback keeps the wider table, logs why and succeeds (no narrowing, no "no new metadata" failure)', async () => {
    const calls = glue.commandCalls(UpdateTableCommand).length;
    const out = await run(rollbackOf(addColumn));
    expect(glue.commandCalls(UpdateTableCommand)).toHaveLength(calls);
    expect(columns()).toContain('coupon:string');
    const outcome = 'the target schema is older than the one applied (last column id 5 → 4): the table keeps its current, wider schema at s3://lake/warehouse/orders_prod.db/orders/metadata/00003-v.metadata.json — expected on an update rollback';
    expect(out.Data?.Outcome).toBe(outcome);
    expect(logged).toContain(`orders_prod.orders: ${outcome}`);
  });

  test('a retried rollback succeeds the same way', async () => {
    await expect(run(rollbackOf(addColumn))).resolves.toMatchObject({ Data: { Outcome: expect.stringContaining('keeps its current, wider schema') } });
  });

  test('a type promotion goes through; its rollback (a narrower type) keeps the wider type instead of failing', async () => {
    const promote = update(promoted, coupon);
    await run(promote);
    expect(columns()).toContain('quantity:long');
    const out = await run(rollbackOf(promote));
    expect(out.Data?.Outcome).toContain('(quantity long → int)');
    expect(columns()).toContain('quantity:long');
  });

  test('a named column drop (same last column id) reaches Glue and drops the column', async () => {
    const calls = glue.commandCalls(UpdateTableCommand).length;
    await run(update(dropped, promoted));
    expect(glue.commandCalls(UpdateTableCommand)).toHaveLength(calls + 1);
    expect(columns()).toBe('order_id:string,quantity:long,order_ts:timestamptz,channel:string');
  });

  test('a Create replayed with the schema the table already has (the resource came back after a rollback removed it) makes no UpdateTable call', async () => {
    const calls = glue.commandCalls(UpdateTableCommand).length;
    const out = await run({ RequestType: 'Create', ResourceProperties: dropped });
    expect(glue.commandCalls(UpdateTableCommand)).toHaveLength(calls);
    expect(out.Data?.Outcome).toBe(`the table's current schema at ${metadataLocation()} is the target already: nothing to evolve`);
  });

  test('when the metadata JSON cannot be read, the event alone decides (the Create goes to Glue)', async () => {
    const calls = glue.commandCalls(UpdateTableCommand).length;
    await handleEvent(client, { RequestType: 'Create', ResourceProperties: dropped }, () => undefined, async () => { throw new Error('AccessDenied'); });
    expect(glue.commandCalls(UpdateTableCommand)).toHaveLength(calls + 1);
  });

  test('Delete leaves the table and its schema as they are', async () => {
    const calls = glue.calls().length;
    expect(await run({ RequestType: 'Delete', PhysicalResourceId: 'orders_prod.orders', ResourceProperties: dropped })).toEqual({ PhysicalResourceId: 'orders_prod.orders' });
    expect(glue.calls()).toHaveLength(calls);
  });

  test('without a last column id (a resource synthesized before it) only a narrowed type marks an older schema', () => {
    const { LastColumnId: _coupon, ...legacyCoupon } = coupon;
    const { LastColumnId: _channel, ...legacyChannel } = channel;
    expect(olderSchema(legacyCoupon, legacyChannel)).toEqual([]);
    expect(olderSchema(promoted, coupon)).toEqual(['quantity long → int']);
    expect(olderSchema(coupon, channel)).toEqual(['last column id 5 → 4']);
  });
});
