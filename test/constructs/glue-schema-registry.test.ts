import { Match, Template } from 'aws-cdk-lib/assertions';
import { SCHEMA_READ_ACTIONS, SCHEMA_REGISTER_ACTIONS } from '../../constructs/common/glue-schema-registry';
import { Flavor } from '../../lib/flavor';
import { avroValueSchema } from '../../lib/plan/avro-schema';
import { TopicPlan } from '../../lib/plan/pipeline-plan';
import { resolvePlan } from '../../lib/plan/resolve-plan';
import { plannedSchemas } from '../../lib/plan/schema-lock';
import { StateLock, recordStateLock } from '../../lib/plan/state-lock';
import { ColumnType } from '../../lib/definition/column-type';
import { PipelineDefinition } from '../../lib/definition/pipeline-definition';
import { ManagedPipelineStack } from '../../lib/stacks/managed-pipeline-stack';
import { PipelineStack } from '../../lib/stacks/pipeline-stack';
import { SelfHostedPipelineStack } from '../../lib/stacks/self-hosted-pipeline-stack';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { AVRO_GLUE_PIPELINE, CHECKOUT_ROLE_ARN } from '../fixtures/avro-glue-pipeline';
import { environment, testApp } from '../support/test-app';

const ENV = 'dev';

function synth(flavor: Flavor, definition = AVRO_GLUE_PIPELINE, stateLock?: StateLock): { stack: PipelineStack; template: Template } {
  const plan = resolvePlan(definition, environment(ENV), [flavor], { stateLock });
  const app = testApp();
  const stack = flavor.id === Flavor.MANAGED.id ? new ManagedPipelineStack(app, { plan }) : new SelfHostedPipelineStack(app, { plan });
  return { stack, template: Template.fromStack(stack) };
}

type Statement = { Action: string | string[]; Resource: unknown };
function glueSchemaStatements(template: Template): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[])
    .filter((s) => [s.Action].flat().includes('glue:GetSchemaVersion'));
}

/** A Glue ARN in the environment's account and region. */
function glueArn(resource: string): string {
  const env = environment(ENV);
  return `arn:aws:glue:${env.region}:${env.account}:${resource}`;
}

describe.each(Flavor.ALL.map((f) => [f.id, f] as const))('the Glue Schema Registry of a pipeline with an Avro-Glue topic (%s)', (_, flavor) => {
  const { stack, template } = synth(flavor);
  const orders = stack.plan.topics.find((t) => t.name === 'orders') as TopicPlan;

  test('one registry named <pipeline>-<env>, kept with the data', () => {
    template.resourceCountIs('AWS::Glue::Registry', 1);
    template.hasResource('AWS::Glue::Registry', { Properties: { Name: 'orders-dev' }, DeletionPolicy: stack.dataRemovalPolicy === 'retain' ? 'Retain' : 'Delete' });
  });

  test('one BACKWARD Avro schema for the Avro-Glue topic, generated from its columns; none for the JSON topic', () => {
    template.resourceCountIs('AWS::Glue::Schema', 1);
    template.hasResourceProperties('AWS::Glue::Schema', {
      Name: 'orders',
      DataFormat: 'AVRO',
      Compatibility: 'BACKWARD',
      SchemaDefinition: JSON.stringify(avroValueSchema('orders', orders)),
      Registry: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('SchemaRegistry'), 'Arn'] } },
    });
  });

  test('the job reading orders may read exactly that registry and schema; the producer may register versions of it', () => {
    const statements = glueSchemaStatements(template);
    const resources = [glueArn('registry/orders-dev'), glueArn('schema/orders-dev/orders')];
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({ Action: [...SCHEMA_READ_ACTIONS].sort(), Resource: resources }),
      expect.objectContaining({ Action: [...SCHEMA_REGISTER_ACTIONS].sort(), Resource: resources }),
    ]));
    // orders-to-lake reads orders; customers-nightly reads only the JSON topic and gets no Glue schema rights.
    expect(statements.filter((s) => [s.Action].flat().includes('glue:RegisterSchemaVersion'))).toHaveLength(1);
    expect(statements).toHaveLength(2);
    for (const s of statements) expect(JSON.stringify(s.Resource)).not.toContain('*');
  });

  test('the producer\'s grant is attached to its own role', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => (p.Properties.PolicyDocument.Statement as Statement[]).some((s) => [s.Action].flat().includes('glue:RegisterSchemaVersion')));
    expect(policies).toHaveLength(1);
    expect(JSON.stringify(policies[0].Properties.Roles)).toContain(CHECKOUT_ROLE_ARN.split('/')[1]);
  });
});

test.each(Flavor.ALL.map((f) => [f.id, f] as const))('a JSON-only pipeline gets no registry and no Glue schema grants (%s)', (_, flavor) => {
  const { template } = synth(flavor, ORDERS_PIPELINE);
  template.resourceCountIs('AWS::Glue::Registry', 0);
  template.resourceCountIs('AWS::Glue::Schema', 0);
  expect(glueSchemaStatements(template)).toHaveLength(0);
});

test.each(Flavor.ALL.map((f) => [f.id, f] as const))('the job reading the Avro-Glue topic starts after its schema exists (%s)', (_, flavor) => {
  const { template } = synth(flavor);
  const schemaIds = Object.keys(template.findResources('AWS::Glue::Schema'));
  const type = flavor.id === Flavor.MANAGED.id ? 'AWS::KinesisAnalyticsV2::Application' : 'Custom::AWSCDK-EKS-KubernetesResource';
  const dependents = Object.values(template.findResources(type)).filter((r) => [r.DependsOn ?? []].flat().some((d: string) => schemaIds.includes(d)));
  expect(dependents.length).toBeGreaterThan(0);
});

describe('a changed Avro-Glue schema is registered as a new version, never by replacing the schema', () => {
  // The lock as `pipelines schema lock` records it after the first deployment of the fixture.
  const first = resolvePlan(AVRO_GLUE_PIPELINE, environment(ENV), Flavor.ALL);
  const lock: StateLock = { file: 'dev.lock.json', content: recordStateLock(undefined, ENV, first.pipelineName, {}, plannedSchemas(first)) };
  const v1 = JSON.stringify(avroValueSchema(first.pipelineName, first.topics.find((t) => t.name === 'orders') as TopicPlan));
  const withCoupon: PipelineDefinition = { ...AVRO_GLUE_PIPELINE, topics: AVRO_GLUE_PIPELINE.topics.map((t) => (t.name === 'orders' ? { ...t, columns: [...t.columns, { name: 'coupon', type: ColumnType.STRING }] } : t)) };

  test('the lock records the definition the Glue schema is created with', () => {
    expect(lock.content?.pipelines[first.pipelineName].topics?.orders.registeredSchema).toBe(v1);
    expect(lock.content?.pipelines[first.pipelineName].topics?.customers.registeredSchema).toBeUndefined();
  });

  test.each(Flavor.ALL.map((f) => [f.id, f] as const))('unchanged: the schema keeps its first definition and no version is added (%s)', (_, flavor) => {
    const { template } = synth(flavor, AVRO_GLUE_PIPELINE, lock);
    template.hasResourceProperties('AWS::Glue::Schema', { Name: 'orders', SchemaDefinition: v1 });
    template.resourceCountIs('AWS::Glue::SchemaVersion', 0);
  });

  test.each(Flavor.ALL.map((f) => [f.id, f] as const))('an optional column added: the create-only SchemaDefinition stays, the new schema is a retained AWS::Glue::SchemaVersion the jobs wait for (%s)', (_, flavor) => {
    const { stack, template } = synth(flavor, withCoupon, lock);
    const v2 = JSON.stringify(avroValueSchema(stack.plan.pipelineName, stack.plan.topics.find((t) => t.name === 'orders') as TopicPlan));
    expect(v2).toContain('"name":"coupon","type":["null","string"],"default":null');
    template.hasResourceProperties('AWS::Glue::Schema', { Name: 'orders', SchemaDefinition: v1 });
    const schemaId = Object.keys(template.findResources('AWS::Glue::Schema'))[0];
    const versions = template.findResources('AWS::Glue::SchemaVersion');
    // Like everything of the pipeline, the version waits for the pipeline's ownership claims (PipelineClaims' gate).
    const gate = Object.keys(template.findResources('AWS::CloudFormation::WaitConditionHandle')).find((id) => id.startsWith('ClaimsGate'));
    expect(gate).toBeDefined();
    expect(Object.values(versions)).toEqual([{
      Type: 'AWS::Glue::SchemaVersion',
      Properties: { Schema: { SchemaArn: { 'Fn::GetAtt': [schemaId, 'Arn'] } }, SchemaDefinition: v2 },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      DependsOn: [gate],
    }]);
    const type = flavor.id === Flavor.MANAGED.id ? 'AWS::KinesisAnalyticsV2::Application' : 'Custom::AWSCDK-EKS-KubernetesResource';
    const dependents = Object.values(template.findResources(type)).filter((r) => [r.DependsOn ?? []].flat().includes(Object.keys(versions)[0]));
    expect(dependents.length).toBeGreaterThan(0);
  });

  test('recording the lock again keeps the first definition (the one CloudFormation created the schema with)', () => {
    const second = resolvePlan(withCoupon, environment(ENV), Flavor.ALL);
    const next = recordStateLock(lock.content, ENV, second.pipelineName, {}, plannedSchemas(second));
    expect(next.pipelines[second.pipelineName].topics?.orders.registeredSchema).toBe(v1);
    expect(next.pipelines[second.pipelineName].topics?.orders.columns.map((c) => c.name)).toContain('coupon');
  });
});
