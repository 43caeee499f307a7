import { Match, Template } from 'aws-cdk-lib/assertions';
import { SCHEMA_READ_ACTIONS, SCHEMA_REGISTER_ACTIONS } from '../../constructs/common/glue-schema-registry';
import { Flavor } from '../../lib/flavor';
import { avroValueSchema } from '../../lib/plan/avro-schema';
import { TopicPlan } from '../../lib/plan/pipeline-plan';
import { resolvePlan } from '../../lib/plan/resolve-plan';
import { ManagedPipelineStack } from '../../lib/stacks/managed-pipeline-stack';
import { PipelineStack } from '../../lib/stacks/pipeline-stack';
import { SelfHostedPipelineStack } from '../../lib/stacks/self-hosted-pipeline-stack';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { AVRO_GLUE_PIPELINE, CHECKOUT_ROLE_ARN } from '../fixtures/avro-glue-pipeline';
import { environment, testApp } from '../support/test-app';

const ENV = 'dev';

function synth(flavor: Flavor, definition = AVRO_GLUE_PIPELINE): { stack: PipelineStack; template: Template } {
  const plan = resolvePlan(definition, environment(ENV), [flavor]);
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
