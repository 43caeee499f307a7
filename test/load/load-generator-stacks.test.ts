import { Match, Template } from 'aws-cdk-lib/assertions';
import { addPipelineStacks } from '../../lib/app/pipeline-app';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { sqlFromPropertyGroups } from '../../constructs/managed/flink/msf-property-groups';
import { ManagedPipelineStack } from '../../lib/stacks/managed-pipeline-stack';
import { CrdSchemaValidator } from '../charts/support/crd-schema-validator';
import { synthSelfHosted } from '../self-hosted/support/self-hosted-stacks';
import { appliedObjects, objectOf } from '../self-hosted/support/template-objects';
import { testApp } from '../support/test-app';
import { ORDERS_WITH_LOAD } from './load-fixtures';

type Statement = { Action: string | string[]; Resource: unknown };

function managedTemplate(definition = ORDERS_WITH_LOAD): { template: Template; stack: ManagedPipelineStack } {
  const { pipelineStacks } = addPipelineStacks(testApp({ env: 'staging', flavor: 'managed' }), definition);
  const stack = pipelineStacks[0] as ManagedPipelineStack;
  return { stack, template: Template.fromStack(stack) };
}

function statementsOf(template: Template, roleLogicalId: string): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(roleLogicalId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

describe('the load generator on the managed flavor', () => {
  const { template, stack } = managedTemplate();
  const generator = stack.pipeline.loadGenerator;
  const applications = template.findResources('AWS::KinesisAnalyticsV2::Application', { Properties: { ApplicationName: 'orders-staging-load-generator' } });
  const application = Object.values(applications)[0];

  test('is an MSF application of the same runner jar, with the generator SQL, no checkpoints, no snapshots', () => {
    expect(generator).toBeDefined();
    expect(Object.keys(applications)).toHaveLength(1);
    const configuration = application.Properties.ApplicationConfiguration;
    expect(configuration.ApplicationCodeConfiguration).toEqual(Object.values(template.findResources('AWS::KinesisAnalyticsV2::Application'))[0].Properties.ApplicationConfiguration.ApplicationCodeConfiguration);
    expect(configuration.FlinkApplicationConfiguration.CheckpointConfiguration).toEqual({ ConfigurationType: 'CUSTOM', CheckpointingEnabled: false });
    expect(configuration.ApplicationSnapshotConfiguration).toEqual({ SnapshotsEnabled: false });
    expect(configuration.FlinkApplicationConfiguration.ParallelismConfiguration).toMatchObject({ Parallelism: stack.plan.loadGenerator?.job.parallelism.initial, AutoScalingEnabled: false });
    const groups = Object.fromEntries((configuration.EnvironmentProperties.PropertyGroups as Array<{ PropertyGroupId: string; PropertyMap: Record<string, unknown> }>).map((g) => [g.PropertyGroupId, g.PropertyMap]));
    const sql = sqlFromPropertyGroups(groups, () => '<bootstrap>');
    expect(sql).toContain("'connector' = 'datagen'");
    expect(sql).toContain('INSERT INTO `orders`');
  });

  test('is not started by the deployment: no starter custom resource names it (it stays READY, no KPUs billed)', () => {
    expect(generator?.application.starter).toBeUndefined();
    const starters = JSON.stringify(template.findResources('Custom::MsfApplicationStarter'));
    expect(starters).toContain('orders-staging-orders-to-lake');
    expect(starters).not.toContain('load-generator');
    // The pipeline's streaming job is still started.
    expect(stack.pipeline.applications.get('orders-to-lake')?.starter).toBeDefined();
  });

  test('its role may produce to its topics only, and consumes nothing', () => {
    const role = stack.getLogicalId(generator?.application.role.node.defaultChild as never);
    const statements = statementsOf(template, role).filter((s) => [s.Action].flat().some((a) => a.startsWith('kafka-cluster:')));
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['kafka-cluster:Connect', 'kafka-cluster:WriteDataIdempotently', 'kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData']));
    expect(actions).not.toContain('kafka-cluster:ReadData');
    expect(actions).not.toContain('kafka-cluster:AlterGroup');
    const topicResources = JSON.stringify(statements.find((s) => [s.Action].flat().includes('kafka-cluster:WriteData'))?.Resource);
    expect(topicResources).toContain('/orders');
    expect(topicResources).toContain('/customers');
  });

  test('a definition without loadGenerator gets none', () => {
    const plain = managedTemplate(ORDERS_PIPELINE);
    expect(plain.stack.pipeline.loadGenerator).toBeUndefined();
    expect(JSON.stringify(plain.template.findResources('AWS::KinesisAnalyticsV2::Application'))).not.toContain('load-generator');
  });
});

describe('the load generator on the self-hosted flavor', () => {
  const { template } = synthSelfHosted('staging', undefined, ORDERS_WITH_LOAD);
  const validator = CrdSchemaValidator.fromDirectory();

  test('is a FlinkDeployment applied suspended, stateless, running the same runner with its own SQL ConfigMap', () => {
    const deployment = objectOf(template, 'FlinkDeployment', 'load-generator');
    const job = (deployment.spec as { job: Record<string, unknown> }).job;
    expect(job).toMatchObject({ state: 'suspended', upgradeMode: 'stateless', parallelism: 2 });
    expect(job.jarUri).toEqual((objectOf(template, 'FlinkDeployment', 'orders-to-lake').spec as { job: Record<string, unknown> }).job.jarUri);
    expect((objectOf(template, 'FlinkDeployment', 'orders-to-lake').spec as { job: Record<string, unknown> }).job.state).toBe('running');
    const sql = String((objectOf(template, 'ConfigMap', 'load-generator-sql').data as Record<string, string>)['job.sql']);
    expect(sql).toContain("'connector' = 'datagen'");
    expect(sql).toContain("'properties.security.protocol' = 'SASL_SSL'");
    expect(validator.validate(deployment)).toEqual([]);
  });

  test('has its own KafkaUser with Write (and Describe) ACLs on its topics only: no Read, no group', () => {
    const user = objectOf(template, 'KafkaUser', 'orders-load-generator');
    expect(validator.validate(user)).toEqual([]);
    const acls = (user.spec as { authorization: { acls: Array<{ resource: { type: string; name: string }; operations: string[] }> } }).authorization.acls;
    expect(acls).toEqual([
      { resource: { type: 'topic', name: 'orders', patternType: 'literal' }, operations: ['Describe', 'Write'] },
      { resource: { type: 'topic', name: 'customers', patternType: 'literal' }, operations: ['Describe', 'Write'] },
    ]);
    expect(appliedObjects(template).filter((o) => o.kind === 'FlinkDeployment').map((o) => o.metadata?.name).sort()).toEqual(['customers-nightly', 'load-generator', 'orders-to-lake']);
  });

  test('its service account role is bound to its own service account', () => {
    const account = objectOf(template, 'ServiceAccount', 'flink-load-generator');
    expect(JSON.stringify(account.metadata?.annotations)).toContain('eks.amazonaws.com/role-arn');
    template.hasResourceProperties('AWS::IAM::Role', { Description: Match.stringLikeRegexp('^Load generator of pipeline orders') });
  });
});
