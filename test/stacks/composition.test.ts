import { Stack, aws_ec2 as ec2, aws_s3 as s3 } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addPipelineStacks } from '../../lib/app/pipeline-app';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { PrebuiltJar } from '../../constructs/common/job-artifact-jar';
import { ManagedPipelineStack } from '../../lib/stacks/managed-pipeline-stack';
import { SelfHostedPipelineStack } from '../../lib/stacks/self-hosted-pipeline-stack';
import { testApp } from '../support/test-app';

describe('addPipelineStacks composed into a team\'s app', () => {
  const app = testApp();
  const network = new Stack(app, 'Network', { env: { account: '111111111111', region: 'us-east-1' } });
  const vpc = ec2.Vpc.fromVpcAttributes(network, 'Vpc', {
    vpcId: 'vpc-0123456789abcdef0',
    availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
    privateSubnetIds: ['subnet-0a0a0a0a0a0a0a0a0', 'subnet-0b0b0b0b0b0b0b0b0', 'subnet-0c0c0c0c0c0c0c0c0'],
  });
  const artifacts = s3.Bucket.fromBucketName(network, 'Artifacts', 'team-artifacts');
  const image = '111111111111.dkr.ecr.us-east-1.amazonaws.com/sql-runner:orders-1.0.0';
  const { platformStacks, pipelineStacks } = addPipelineStacks(app, ORDERS_PIPELINE, {
    platformStackProps: { vpc, terminationProtection: true },
    pipelineStackProps: { prebuiltJar: PrebuiltJar.fromBucket(artifacts, 'sql-runner/orders.jar'), prebuiltImage: image },
  });
  const managed = pipelineStacks.find((s): s is ManagedPipelineStack => s instanceof ManagedPipelineStack);
  const selfHosted = pipelineStacks.find((s): s is SelfHostedPipelineStack => s instanceof SelfHostedPipelineStack);

  test('the platform stacks use the given VPC and stack props', () => {
    for (const stack of platformStacks) {
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::EC2::VPC', 0);
      template.hasResourceProperties('AWS::SSM::Parameter', { Value: 'vpc-0123456789abcdef0' });
      expect(stack.terminationProtection).toBe(true);
    }
  });

  test('the managed pipeline runs the prebuilt jar: no deploy-time build', () => {
    if (managed === undefined) throw new Error('no managed pipeline stack');
    expect(managed.jobArtifact.build).toBeUndefined();
    const template = Template.fromStack(managed);
    template.resourceCountIs('AWS::CodeBuild::Project', 0);
    expect(JSON.stringify(template.toJSON())).toContain('sql-runner/orders.jar');
  });

  test('the self-hosted pipeline runs the prebuilt image: no image asset', () => {
    if (selfHosted === undefined) throw new Error('no self-hosted pipeline stack');
    expect(selfHosted.pipeline.image.asset).toBeUndefined();
    expect(selfHosted.pipeline.image.imageUri).toBe(image);
  });
});
