import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IcebergLakehouse } from '../../../constructs/common/iceberg-lakehouse';
import { Flavor } from '../../../lib/flavor';
import { examplePlan, testApp } from '../../support/test-app';

function synth(envName: string): { template: Template; lakehouse: IcebergLakehouse; stack: Stack } {
  const plan = examplePlan(envName);
  const stack = new Stack(testApp(), 'Lake', { env: { account: plan.environment.account, region: plan.environment.region } });
  const lakehouse = new IcebergLakehouse(stack, 'Lakehouse', { plan, flavor: Flavor.MANAGED });
  const role = new iam.Role(stack, 'JobRole', { assumedBy: new iam.ServicePrincipal('kinesisanalytics.amazonaws.com') });
  lakehouse.grantTablesReadWrite(role, ['orders']);
  lakehouse.grantCheckpoints(role, 'orders-to-lake');
  return { template: Template.fromStack(stack), lakehouse, stack };
}

describe('IcebergLakehouse', () => {
  const prod = synth('prod').template;
  const dev = synth('dev').template;

  test('one Glue database per logical database, named per flavor', () => {
    prod.resourceCountIs('AWS::Glue::Database', 1);
    prod.hasResourceProperties('AWS::Glue::Database', { CatalogId: '333333333333', DatabaseInput: Match.objectLike({ Name: 'orders_managed' }) });
  });

  test('one Glue Iceberg table per planned table, with schema, key, partition spec and properties', () => {
    prod.resourceCountIs('AWS::Glue::Table', 2);
    prod.hasResourceProperties('AWS::Glue::Table', {
      DatabaseName: 'orders_managed',
      TableInput: Match.objectLike({ Name: 'orders', TableType: 'EXTERNAL_TABLE' }),
      OpenTableFormatInput: {
        IcebergInput: {
          MetadataOperation: 'CREATE',
          Version: '2',
          IcebergTableInput: Match.objectLike({
            Schema: Match.objectLike({
              Fields: [
                { Id: 1, Name: 'order_id', Type: 'string', Required: true },
                { Id: 2, Name: 'customer_id', Type: 'string', Required: false },
                { Id: 3, Name: 'status', Type: 'string', Required: false },
                { Id: 4, Name: 'amount', Type: 'decimal(12,2)', Required: false },
                { Id: 5, Name: 'currency', Type: 'string', Required: false },
                { Id: 6, Name: 'order_ts', Type: 'timestamptz', Required: true },
              ],
              IdentifierFieldIds: [1, 6],
            }),
            PartitionSpec: { SpecId: 0, Fields: [{ FieldId: 1000, SourceId: 6, Name: 'order_ts_day', Transform: 'day' }] },
            Properties: Match.objectLike({ 'format-version': '2', 'write.upsert.enabled': 'true' }),
          }),
        },
      },
    });
    prod.hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({ Name: 'customers' }),
      OpenTableFormatInput: { IcebergInput: Match.objectLike({ IcebergTableInput: Match.objectLike({ PartitionSpec: { SpecId: 0, Fields: [] } }) }) },
    });
  });

  test('buckets are KMS-encrypted, private, TLS-only', () => {
    prod.resourcePropertiesCountIs('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ BucketKeyEnabled: true, ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    }, 2);
    prod.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    prod.hasResourceProperties('AWS::S3::BucketPolicy', { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) } });
  });

  test('prod retains data stores; dev deletes them', () => {
    for (const type of ['AWS::S3::Bucket', 'AWS::Glue::Database', 'AWS::Glue::Table', 'AWS::KMS::Key']) {
      const prodPolicies = Object.values(prod.findResources(type)).map((r) => r.DeletionPolicy);
      const devPolicies = Object.values(dev.findResources(type)).map((r) => r.DeletionPolicy);
      expect(new Set(prodPolicies)).toEqual(new Set(['Retain']));
      expect(new Set(devPolicies)).toEqual(new Set(['Delete']));
    }
    prod.hasResourceProperties('AWS::S3::Bucket', { VersioningConfiguration: { Status: 'Enabled' } });
    expect(Object.keys(prod.findResources('Custom::S3AutoDeleteObjects'))).toHaveLength(0);
  });

  test('table grants are scoped to the table prefix and Glue table, nothing else', () => {
    const statements = Object.values(prod.findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
    const glue = statements.find((s) => [s.Action].flat().includes('glue:UpdateTable'));
    expect(JSON.stringify(glue.Resource)).toContain(':table/orders_managed/orders');
    expect(JSON.stringify(glue.Resource)).not.toContain('customers');
    const writes = statements.filter((s) => [s.Action].flat().includes('s3:PutObject'));
    expect(JSON.stringify(writes)).toContain('/warehouse/orders_managed.db/orders/*');
    expect(JSON.stringify(writes)).toContain('/checkpoints/orders-to-lake/*');
    expect(JSON.stringify(writes)).toContain('/savepoints/orders-to-lake/*');
    expect(JSON.stringify(statements)).not.toMatch(/"s3:\*"|"glue:\*"|"kms:\*"/);
  });
});
