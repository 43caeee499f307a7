import { Match, Template } from 'aws-cdk-lib/assertions';
import { addPipelineStacks } from '../../lib/app/pipeline-app';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { Flavor } from '../../lib/flavor';
import { PipelineStack } from '../../lib/stacks/pipeline-stack';
import { testApp } from '../support/test-app';

function stacksFor(env: string): PipelineStack[] {
  return addPipelineStacks(testApp({ env, flavor: 'both' }), ORDERS_PIPELINE).stacks;
}

describe('both flavor stacks share the network and the lakehouse', () => {
  const [selfHosted, managed] = stacksFor('prod');
  const templates = [Template.fromStack(selfHosted), Template.fromStack(managed)];

  test('one stack per flavor, named <pipeline>-<env>-<flavor>, in the environment account and region', () => {
    expect([selfHosted.stackName, managed.stackName]).toEqual(['orders-prod-self-hosted', 'orders-prod-managed']);
    expect([selfHosted.flavor, managed.flavor]).toEqual([Flavor.SELF_HOSTED, Flavor.MANAGED]);
    expect(selfHosted.account).toBe('333333333333');
    expect(managed.region).toBe('us-east-1');
    expect(selfHosted.terminationProtection).toBe(true);
    expect(selfHosted.plan).toBe(managed.plan);
  });

  test.each([0, 1])('stack %i: VPC over 3 zones with private subnets, S3 gateway and Glue/STS/ECR/logs interface endpoints', (i) => {
    const t = templates[i];
    t.resourceCountIs('AWS::EC2::VPC', 1);
    t.resourceCountIs('AWS::EC2::NatGateway', 3);
    t.resourcePropertiesCountIs('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false }, 3);
    t.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway', ServiceName: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([Match.stringLikeRegexp('\\.s3$')])]) }) });
    for (const service of ['glue', 'sts', 'ecr.api', 'ecr.dkr', 'logs']) {
      t.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface', ServiceName: `com.amazonaws.us-east-1.${service}`, PrivateDnsEnabled: true });
    }
    t.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'REJECT' });
  });

  test.each([0, 1])('stack %i: the lakehouse with its flavor-qualified Glue database and both Iceberg tables', (i) => {
    const t = templates[i];
    const db = i === 0 ? 'orders_self_hosted' : 'orders_managed';
    t.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: Match.objectLike({ Name: db }) });
    t.resourcePropertiesCountIs('AWS::Glue::Table', { DatabaseName: db }, 2);
  });

  test('resources are tagged with pipeline, environment and flavor for cost allocation', () => {
    for (const tag of [{ Key: 'flavor', Value: 'managed' }, { Key: 'pipeline', Value: 'orders' }, { Key: 'environment', Value: 'prod' }]) {
      templates[1].hasResourceProperties('AWS::EC2::VPC', { Tags: Match.arrayWith([tag]) });
    }
  });

  test('dev saves cost explicitly: one NAT gateway, no termination protection', () => {
    const [devSelfHosted] = stacksFor('dev');
    Template.fromStack(devSelfHosted).resourceCountIs('AWS::EC2::NatGateway', 1);
    expect(devSelfHosted.terminationProtection).toBe(false);
  });

  test('-c flavor=managed makes only the managed stack', () => {
    const { stacks } = addPipelineStacks(testApp({ env: 'staging', flavor: 'managed' }), ORDERS_PIPELINE);
    expect(stacks.map((s) => s.stackName)).toEqual(['orders-staging-managed']);
  });
});
