import { Stack, Validations } from 'aws-cdk-lib';

const ACKNOWLEDGED = new WeakSet<Stack>();

/**
 * The environment's availability zones, as a stack's `availabilityZones`: literal zone names, so synthesis looks
 * nothing up. Like CDK's own getter does for looked-up zones, acknowledges the CloudFormation validator's
 * "hardcoded availability zone" warning (W3010) on the stack: the literals are the environment's, by design.
 */
export function environmentZones(stack: Stack, zones: readonly string[]): string[] {
  if (!ACKNOWLEDGED.has(stack)) {
    ACKNOWLEDGED.add(stack);
    Validations.of(stack).acknowledge({ id: 'CloudFormation-Validate::W3010', reason: 'The zones are the environment\'s availabilityZones (cdk.json), the same literals a context lookup would give.' });
  }
  return [...zones];
}
