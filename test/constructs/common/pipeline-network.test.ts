import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { PipelineNetwork } from '../../../constructs/common/pipeline-network';

function network(production?: boolean): Template {
  const stack = new Stack(new App(), 'Net', { env: { account: '111111111111', region: 'us-east-1' } });
  new PipelineNetwork(stack, 'Network', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], production });
  return Template.fromStack(stack);
}

describe('PipelineNetwork', () => {
  const prod = network();

  test('production (the default): flow logs of ALL traffic, kept a year, encrypted with a rotated key of their own', () => {
    prod.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL' });
    prod.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('FlowLogsKey'), 'Arn'] } });
    prod.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({
        Principal: { Service: 'logs.us-east-1.amazonaws.com' },
        Resource: '*',
        Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:111111111111:log-group:*']] } } },
      })]) },
    });
  });

  test('no subnet auto-assigns public IPs: the public subnets only hold NAT gateways with Elastic IPs', () => {
    prod.resourcePropertiesCountIs('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false }, 6);
    prod.resourceCountIs('AWS::EC2::Subnet', 6);
  });

  test('outside production: rejected traffic only, kept three months', () => {
    const dev = network(false);
    dev.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'REJECT' });
    dev.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });
});
