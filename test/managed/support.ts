import { App, Stack, aws_ec2 as ec2 } from 'aws-cdk-lib';

/** A stack in a fixed account/region with a 3-zone VPC (private subnets with egress), for managed-flavor tests. */
export function testStackWithVpc(zones = 3): { app: App; stack: Stack; vpc: ec2.Vpc } {
  const app = new App();
  const stack = new Stack(app, 'Test', { env: { account: '111111111111', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'].slice(0, zones),
    natGateways: 1,
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    ],
  });
  return { app, stack, vpc };
}
