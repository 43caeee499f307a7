import { Stack, StackProps, Tags, Validations } from 'aws-cdk-lib';
import { PipelineEnvironment } from '../environment/pipeline-environment';

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

/** What both kinds of stack (platform and pipeline) set the same way from their environment. */
export interface EnvironmentStackInput<P extends StackProps> {
  readonly props: P & { readonly stackName?: string };
  readonly environment: PipelineEnvironment;
  readonly defaultStackName: string;
  readonly description: string;
}

/**
 * The props of a stack of an environment: its account and region, the stack name (given or default), a description,
 * and termination protection in production unless the caller says otherwise.
 */
export function environmentStackProps<P extends StackProps>(input: EnvironmentStackInput<P>): StackProps & { readonly stackName: string } {
  const stackName = input.props.stackName ?? input.defaultStackName;
  return {
    ...input.props,
    stackName,
    env: { account: input.environment.account, region: input.environment.region },
    description: input.description,
    terminationProtection: input.props.terminationProtection ?? input.environment.production,
  };
}

/** Tags every resource of the stack for cost allocation. */
export function tagStack(stack: Stack, tags: Readonly<Record<string, string>>): void {
  for (const [key, value] of Object.entries(tags)) Tags.of(stack).add(key, value);
}
