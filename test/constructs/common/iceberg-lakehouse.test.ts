import { CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IcebergLakehouse } from '../../../constructs/common/iceberg-lakehouse';
import { LakehouseStorage } from '../../../constructs/common/lakehouse-storage';
import { Flavor } from '../../../lib/flavor';
import { Duration } from 'aws-cdk-lib';
import { PipelineDefinition } from '../../../lib/definition/pipeline-definition';
import { ORDERS_PIPELINE } from '../../../lib/examples/orders-pipeline';
import { examplePlan, exampleWith, testApp } from '../../support/test-app';

function synth(envName: string, definition: PipelineDefinition = ORDERS_PIPELINE): { template: Template; lakehouse: IcebergLakehouse; stack: Stack } {
  const plan = examplePlan(envName, Flavor.ALL, definition);
  const stack = new Stack(testApp(), 'Lake', { env: { account: plan.environment.account, region: plan.environment.region } });
  const storage = new LakehouseStorage(stack, 'Storage', { ownerName: 'platform', retainData: plan.environment.retainData });
  const lakehouse = new IcebergLakehouse(stack, 'Lakehouse', { plan, flavor: Flavor.MANAGED, storage });
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
    const statements = Object.values(prod.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes('JobRole'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    const glue = statements.find((s) => [s.Action].flat().includes('glue:UpdateTable'));
    expect(JSON.stringify(glue.Resource)).toContain(':table/orders_managed/orders');
    expect(JSON.stringify(glue.Resource)).not.toContain('customers');
    const writes = statements.filter((s) => [s.Action].flat().includes('s3:PutObject'));
    expect(JSON.stringify(writes)).toContain('/warehouse/orders_managed.db/orders/*');
    // Checkpoints of a pipeline sit under its own prefix of the platform's bucket.
    expect(JSON.stringify(writes)).toContain('/orders/checkpoints/orders-to-lake/*');
    expect(JSON.stringify(writes)).toContain('/orders/savepoints/orders-to-lake/*');
    expect(JSON.stringify(statements)).not.toMatch(/"s3:\*"|"glue:\*"|"kms:\*"/);
  });

  test('jobs may list the warehouse and checkpoint buckets without an s3:prefix condition (a HEAD of a missing key must be 404, not 403)', () => {
    const statements = Object.values(prod.findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
    const listings = statements.filter((s) => [s.Action].flat().includes('s3:ListBucket'));
    const bucketIds = ['Warehouse', 'Checkpoints'].map((id) => Object.keys(prod.findResources('AWS::S3::Bucket')).find((k) => k.startsWith(`Storage${id}`)));
    expect(listings.map((s) => s.Resource)).toEqual(expect.arrayContaining(bucketIds.map((id) => ({ 'Fn::GetAtt': [id, 'Arn'] }))));
    for (const listing of listings) expect(listing.Condition).toBeUndefined();
  });

  describe('table maintenance (Glue table optimizers)', () => {
    const { template, lakehouse, stack } = synth('prod');
    const optimizers = Object.values(template.findResources('AWS::Glue::TableOptimizer'));
    const roleId = stack.getLogicalId(lakehouse.maintenance?.role.node.defaultChild as CfnElement);

    test('each table gets compaction, snapshot retention and orphan file deletion, with the plan\'s settings, run by one role', () => {
      expect(optimizers.map((o) => `${o.Properties.DatabaseName}.${o.Properties.TableName}.${o.Properties.Type}`).sort()).toEqual([
        'orders_managed.customers.compaction', 'orders_managed.customers.orphan_file_deletion', 'orders_managed.customers.retention',
        'orders_managed.orders.compaction', 'orders_managed.orders.orphan_file_deletion', 'orders_managed.orders.retention',
      ]);
      template.hasResourceProperties('AWS::Glue::TableOptimizer', {
        CatalogId: '333333333333', TableName: 'orders', Type: 'retention',
        TableOptimizerConfiguration: {
          Enabled: true, RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] },
          RetentionConfiguration: { IcebergConfiguration: { SnapshotRetentionPeriodInDays: 5, NumberOfSnapshotsToRetain: 10, CleanExpiredFiles: true } },
        },
      });
      template.hasResourceProperties('AWS::Glue::TableOptimizer', {
        TableName: 'orders', Type: 'orphan_file_deletion',
        TableOptimizerConfiguration: Match.objectLike({ OrphanFileDeletionConfiguration: { IcebergConfiguration: { OrphanFileRetentionPeriodInDays: 3 } } }),
      });
      template.hasResourceProperties('AWS::Glue::TableOptimizer', {
        TableName: 'orders', Type: 'compaction',
        TableOptimizerConfiguration: Match.objectLike({ CompactionConfiguration: { IcebergConfiguration: { Strategy: 'binpack' } } }),
      });
    });

    test('optimizers are created after their table and their role\'s policy', () => {
      const tableIds = Object.keys(template.findResources('AWS::Glue::Table'));
      for (const optimizer of optimizers) {
        expect(optimizer.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^(${tableIds.join('|')})$`)), expect.stringMatching(/MaintenanceRoleDefaultPolicy/)]));
      }
    });

    test('the role: assumed by Glue for this account; the tables\' locations, Glue tables and key, and the optimizers\' log groups only', () => {
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'glue.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '333333333333' } } })] },
      });
      const policy = Object.values(template.findResources('AWS::IAM::Policy')).find((p) => JSON.stringify(p.Properties.Roles).includes(roleId));
      const statements = policy?.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>;
      const text = JSON.stringify(statements);
      expect(text).toContain('/warehouse/orders_managed.db/orders/*');
      expect(text).toContain('/warehouse/orders_managed.db/customers/*');
      expect(text).toContain(':table/orders_managed/orders');
      expect(text).not.toMatch(/checkpoints|savepoints|"s3:\*"|"glue:\*"|"kms:\*"/);
      for (const type of ['compaction', 'retention', 'orphan-file-deletion']) expect(text).toContain(`:log-group:/aws-glue/iceberg-${type}/logs:*`);
      const kms = statements.filter((st) => [st.Action].flat().some((a) => a.startsWith('kms:')));
      expect(kms.map((st) => st.Resource)).toEqual([{ 'Fn::GetAtt': [stack.getLogicalId(lakehouse.key.node.defaultChild as CfnElement), 'Arn'] }]);
    });

    test('a table can turn maintenance or compaction off', () => {
      const tuned = synth('prod', exampleWith((d) => {
        d.tables[0].maintenance = { compaction: false, snapshotRetention: Duration.days(2) };
        d.tables[1].maintenance = { enabled: false };
      })).template;
      expect(Object.values(tuned.findResources('AWS::Glue::TableOptimizer')).map((o) => `${o.Properties.TableName}.${o.Properties.Type}`).sort())
        .toEqual(['orders.orphan_file_deletion', 'orders.retention']);
      tuned.hasResourceProperties('AWS::Glue::TableOptimizer', { Type: 'retention', TableOptimizerConfiguration: Match.objectLike({ RetentionConfiguration: { IcebergConfiguration: Match.objectLike({ SnapshotRetentionPeriodInDays: 2 }) } }) });
    });
  });
});
