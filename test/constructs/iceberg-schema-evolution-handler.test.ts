import { GetTableCommand, GlueClient, UpdateTableCommand } from '@aws-sdk/client-glue';
import { mockClient } from 'aws-sdk-client-mock';
import { EvolutionEvent, handleEvent } from '../../constructs/common/iceberg-schema-evolution/handler';

const glue = mockClient(GlueClient);
const client = new GlueClient({ region: 'us-east-1' });
const SCHEMA = { Type: 'struct', Fields: [{ Id: 1, Name: 'order_id', Type: 'string', Required: true }, { Id: 7, Name: 'channel', Type: 'string', Required: false }], IdentifierFieldIds: [1] };
const SPEC = { SpecId: 0, Fields: [] };
const PROPS = {
  CatalogId: '111111111111', DatabaseName: 'orders_managed', TableName: 'orders', Location: 's3://warehouse/warehouse/orders_managed.db/orders',
  Schema: JSON.stringify(SCHEMA), PartitionSpec: JSON.stringify(SPEC), Properties: JSON.stringify({ 'format-version': '2' }),
};
const event = (type: EvolutionEvent['RequestType']): EvolutionEvent => ({ RequestType: type, PhysicalResourceId: type === 'Create' ? undefined : 'orders_managed.orders', ResourceProperties: PROPS });
const iceberg = (metadata: string) => ({ Table: { Name: 'orders', Parameters: { table_type: 'ICEBERG', metadata_location: metadata } } });

beforeEach(() => glue.reset());

describe('item 2: the schema evolution handler', () => {
  test.each(['Create', 'Update'] as const)('%s evolves the Iceberg table through Glue UpdateTable with UpdateOpenTableFormatInput (field ids as given) and checks the new metadata location', async (type) => {
    glue.on(GetTableCommand).resolvesOnce(iceberg('s3://w/metadata/00001.metadata.json')).resolvesOnce(iceberg('s3://w/metadata/00002.metadata.json'));
    const out = await handleEvent(client, event(type));
    expect(glue.commandCalls(UpdateTableCommand).map((c) => c.args[0].input)).toEqual([{
      CatalogId: '111111111111',
      DatabaseName: 'orders_managed',
      Name: 'orders',
      UpdateOpenTableFormatInput: { UpdateIcebergInput: { UpdateIcebergTableInput: { Updates: [{ Location: PROPS.Location, Schema: SCHEMA, PartitionSpec: SPEC, Properties: { 'format-version': '2' } }] } } },
    }]);
    expect(glue.commandCalls(UpdateTableCommand)[0].args[0].input.TableInput).toBeUndefined();
    expect(out).toEqual({ PhysicalResourceId: 'orders_managed.orders', Data: { MetadataLocationBefore: 's3://w/metadata/00001.metadata.json', MetadataLocation: 's3://w/metadata/00002.metadata.json', Columns: 'order_id,channel' } });
  });

  test('a table that is no longer Iceberg (CloudFormation rewrote it) fails the deployment without an update, naming the table and the fix', async () => {
    glue.on(GetTableCommand).resolves({ Table: { Name: 'orders', Parameters: { EXTERNAL: 'TRUE' } } });
    await expect(handleEvent(client, event('Update'))).rejects.toThrow('orders_managed.orders before the schema change is not an Iceberg table with a metadata location (table_type="", metadata_location=""): its schema cannot be evolved — if CloudFormation rewrote it, restore the parameters from the latest metadata JSON under s3://warehouse/warehouse/orders_managed.db/orders/metadata/ (Glue UpdateTable), then redeploy');
    expect(glue.commandCalls(UpdateTableCommand)).toHaveLength(0);
  });

  test('an update that leaves the table without its metadata pointer fails the deployment', async () => {
    glue.on(GetTableCommand).resolvesOnce(iceberg('s3://w/metadata/00001.metadata.json')).resolvesOnce({ Table: { Name: 'orders', Parameters: { table_type: 'ICEBERG' } } });
    await expect(handleEvent(client, event('Create'))).rejects.toThrow('after the schema change is not an Iceberg table with a metadata location');
  });

  test('an update after which the table still points at the same metadata fails the deployment (nothing was evolved)', async () => {
    glue.on(GetTableCommand).resolves(iceberg('s3://w/metadata/00001.metadata.json'));
    await expect(handleEvent(client, event('Update'))).rejects.toThrow('orders_managed.orders: Glue accepted the schema change but the table still points at s3://w/metadata/00001.metadata.json: no new Iceberg metadata was written');
  });

  test('Delete leaves the table and its schema alone', async () => {
    expect(await handleEvent(client, event('Delete'))).toEqual({ PhysicalResourceId: 'orders_managed.orders' });
    expect(glue.calls()).toHaveLength(0);
  });
});
