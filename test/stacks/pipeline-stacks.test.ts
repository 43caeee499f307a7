import { Match, Template } from 'aws-cdk-lib/assertions';
import { PlatformParameter } from '../../constructs/common/platform-parameters';
import { addPipelineStacks } from '../../lib/app/pipeline-app';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { Flavor } from '../../lib/flavor';
import { testApp } from '../support/test-app';

function stacksFor(env: string) {
  return addPipelineStacks(testApp({ env, flavor: 'both' }), ORDERS_PIPELINE);
}

describe('one platform per flavor, one pipeline stack per flavor on it', () => {
  const { platformStacks, pipelineStacks, plan } = stacksFor('prod');
  const [selfHostedPlatform, managedPlatform] = platformStacks;
  const [selfHosted, managed] = pipelineStacks;
  const platformTemplates = platformStacks.map((s) => Template.fromStack(s));
  const pipelineTemplates = pipelineStacks.map((s) => Template.fromStack(s));

  test('platform stacks are named <platform>-<env>-<flavor>, pipeline stacks <pipeline>-<env>-<flavor>, in the environment account and region', () => {
    expect(platformStacks.map((s) => s.stackName)).toEqual(['data-platform-prod-self-hosted', 'data-platform-prod-managed']);
    expect(pipelineStacks.map((s) => s.stackName)).toEqual(['orders-prod-self-hosted', 'orders-prod-managed']);
    expect([selfHosted.flavor, managed.flavor, selfHostedPlatform.flavor, managedPlatform.flavor]).toEqual([Flavor.SELF_HOSTED, Flavor.MANAGED, Flavor.SELF_HOSTED, Flavor.MANAGED]);
    expect([selfHosted.account, managedPlatform.region]).toEqual(['333333333333', 'us-east-1']);
    expect([selfHosted.terminationProtection, selfHostedPlatform.terminationProtection]).toEqual([true, true]);
    expect(selfHosted.plan).toBe(managed.plan);
    expect(selfHosted.plan).toBe(plan);
  });

  test('each pipeline stack deploys after its flavor\'s platform, and references it through no CloudFormation export', () => {
    expect(selfHosted.dependencies).toEqual([selfHostedPlatform]);
    expect(managed.dependencies).toEqual([managedPlatform]);
    for (const template of [...platformTemplates, ...pipelineTemplates]) {
      expect(JSON.stringify(template.toJSON())).not.toMatch(/Fn::ImportValue/);
      expect(template.toJSON().Outputs ?? {}).not.toMatchObject({ [Match.anyValue() as never]: { Export: Match.anyValue() } });
    }
  });

  test.each([0, 1])('platform %i: VPC over 3 zones with private subnets, S3 gateway and Glue/STS/ECR/logs interface endpoints; the pipeline has none', (i) => {
    const t = platformTemplates[i];
    t.resourceCountIs('AWS::EC2::VPC', 1);
    t.resourceCountIs('AWS::EC2::NatGateway', 3);
    // Public subnets (NAT gateways only) auto-assign no public IPs either.
    t.resourcePropertiesCountIs('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false }, 6);
    t.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway', ServiceName: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([Match.stringLikeRegexp('\\.s3$')])]) }) });
    for (const service of ['glue', 'sts', 'ecr.api', 'ecr.dkr', 'logs']) {
      t.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface', ServiceName: `com.amazonaws.us-east-1.${service}`, PrivateDnsEnabled: true });
    }
    t.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL' });
    pipelineTemplates[i].resourceCountIs('AWS::EC2::VPC', 0);
  });

  test.each([0, 1])('platform %i publishes what its pipelines read as SSM parameters under /event-pipelines/<platform>/<env>/<flavor>/', (i) => {
    const flavor = platformStacks[i].flavor;
    const keys = [PlatformParameter.VPC_ID, PlatformParameter.PRIVATE_SUBNET_IDS, PlatformParameter.LAKEHOUSE_KEY_ARN, PlatformParameter.WAREHOUSE_BUCKET, PlatformParameter.CHECKPOINT_BUCKET, PlatformParameter.KAFKA_BOOTSTRAP_SERVERS,
      ...(flavor === Flavor.MANAGED ? [PlatformParameter.KAFKA_CLUSTER_ARN, PlatformParameter.KAFKA_SECURITY_GROUP_ID] : [PlatformParameter.EKS_CLUSTER_NAME, PlatformParameter.KUBECTL_SERVICE_TOKEN, PlatformParameter.OIDC_PROVIDER_ARN])];
    for (const key of keys) platformTemplates[i].hasResourceProperties('AWS::SSM::Parameter', { Name: `/event-pipelines/data-platform/prod/${flavor.id}/${key}`, Type: 'String' });
    const read = Object.values(pipelineTemplates[i].toJSON().Parameters as Record<string, { Type: string; Default?: string }>)
      .filter((p) => p.Type === 'AWS::SSM::Parameter::Value<String>' && p.Default !== '/cdk-bootstrap/hnb659fds/version').map((p) => p.Default);
    expect(read.length).toBeGreaterThan(3);
    for (const name of read) expect(name).toMatch(new RegExp(`^/event-pipelines/data-platform/prod/${flavor.id}/`));
  });

  test.each([0, 1])('the lakehouse storage is the platform\'s; the pipeline %i has its flavor-qualified Glue database and both Iceberg tables', (i) => {
    platformTemplates[i].resourceCountIs('AWS::S3::Bucket', 3);
    pipelineTemplates[i].resourceCountIs('AWS::S3::Bucket', i === 0 ? 0 : 1);
    const db = i === 0 ? 'orders_self_hosted' : 'orders_managed';
    pipelineTemplates[i].hasResourceProperties('AWS::Glue::Database', { DatabaseInput: Match.objectLike({ Name: db }) });
    pipelineTemplates[i].resourcePropertiesCountIs('AWS::Glue::Table', { DatabaseName: db }, 2);
  });

  test('resources are tagged with platform or pipeline, environment and flavor for cost allocation', () => {
    for (const tag of [{ Key: 'flavor', Value: 'managed' }, { Key: 'platform', Value: 'data-platform' }, { Key: 'environment', Value: 'prod' }]) {
      platformTemplates[1].hasResourceProperties('AWS::EC2::VPC', { Tags: Match.arrayWith([tag]) });
    }
    for (const tag of [{ Key: 'flavor', Value: 'managed' }, { Key: 'pipeline', Value: 'orders' }, { Key: 'environment', Value: 'prod' }]) {
      pipelineTemplates[1].hasResourceProperties('AWS::KinesisAnalyticsV2::Application', { Tags: Match.arrayWith([tag]) });
    }
  });

  test('dev saves cost explicitly: one NAT gateway, no termination protection', () => {
    const dev = stacksFor('dev');
    Template.fromStack(dev.platformStacks[0]).resourceCountIs('AWS::EC2::NatGateway', 1);
    expect(dev.stacks.map((s) => s.terminationProtection)).toEqual([false, false, false, false]);
  });

  test('-c flavor=managed makes only the managed platform and pipeline', () => {
    const { stacks } = addPipelineStacks(testApp({ env: 'staging', flavor: 'managed' }), ORDERS_PIPELINE);
    expect(stacks.map((s) => s.stackName)).toEqual(['data-platform-staging-managed', 'orders-staging-managed']);
  });

  test('platform "existing": only the pipeline stacks, which find the platform by name', () => {
    const { stacks, platformStacks: none } = addPipelineStacks(testApp({ env: 'staging', flavor: 'both' }), ORDERS_PIPELINE, { platform: 'existing' });
    expect([stacks.map((s) => s.stackName), none]).toEqual([['orders-staging-self-hosted', 'orders-staging-managed'], []]);
  });
});
