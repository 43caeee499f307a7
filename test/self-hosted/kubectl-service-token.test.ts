import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';
import { PlatformParameter } from '../../constructs/common/platform-parameters';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { Flavor } from '../../lib/flavor';
import { resolvePlan } from '../../lib/plan/resolve-plan';
import { resolvePlatformPlan } from '../../lib/plan/resolve-platform';
import { SelfHostedPlatformStack } from '../../lib/stacks/self-hosted-platform-stack';
import { environment, testApp } from '../support/test-app';

/**
 * Pipeline stacks hold the kubectl provider's service token (from an SSM parameter) in every Kubernetes resource, and
 * CloudFormation refuses an update that changes a custom resource's ServiceToken. The token the platform publishes
 * must stay the same when the provider function is replaced (a CDK upgrade that re-creates it, another handler).
 */
function platform(replaceProvider: boolean): { stack: SelfHostedPlatformStack; template: Template } {
  const env = environment('prod');
  const platformPlan = resolvePlatformPlan(env, [resolvePlan(ORDERS_PIPELINE, env, [Flavor.SELF_HOSTED])], [Flavor.SELF_HOSTED]);
  const stack = new SelfHostedPlatformStack(testApp(), { platform: platformPlan });
  if (replaceProvider) {
    const provider = stack.selfHosted.eks.cluster.kubectlProvider?.node.findChild('Provider') as cr.Provider;
    const onEvent = provider.node.findChild('framework-onEvent') as lambda.Function;
    // What a CDK upgrade that re-IDs the framework function, or a new handler implementation, does: a new function.
    (onEvent.node.defaultChild as lambda.CfnFunction).overrideLogicalId('KubectlProviderOnEventReplaced');
    (onEvent.node.defaultChild as lambda.CfnFunction).addPropertyOverride('MemorySize', 512);
  }
  return { stack, template: Template.fromStack(stack) };
}

/** The value of the SSM parameter the platform publishes for a key. */
function published(stack: Stack, template: Template, key: PlatformParameter): unknown {
  const parameters = Object.values(template.findResources('AWS::SSM::Parameter'))
    .filter((p) => String(stack.resolve(p.Properties.Description)).startsWith(`${key} of platform`));
  expect(parameters).toHaveLength(1);
  return parameters[0].Properties.Value;
}

describe('the kubectl service token pipeline stacks get', () => {
  const before = platform(false);
  const after = platform(true);
  const token = published(before.stack, before.template, PlatformParameter.KUBECTL_SERVICE_TOKEN);

  test('is the same after the provider function is replaced', () => {
    expect(published(after.stack, after.template, PlatformParameter.KUBECTL_SERVICE_TOKEN)).toEqual(token);
    // The provider really was replaced.
    expect(Object.keys(after.template.findResources('AWS::Lambda::Function'))).toContain('KubectlProviderOnEventReplaced');
  });

  test('is the ARN of a forwarder with a fixed name, written out: no reference to any function of the stack', () => {
    const name = `${before.stack.platform.names.eksCluster}-kubectl-token`;
    expect(token).toBe(`arn:aws:lambda:${before.stack.region}:${before.stack.account}:function:${name}`);
    before.template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: name });
  });

  test('the forwarder hands events to the current provider function, and may invoke that function only', () => {
    const forwarder = (t: Template) => Object.values(t.findResources('AWS::Lambda::Function', { Properties: { FunctionName: `${before.stack.platform.names.eksCluster}-kubectl-token` } }))[0];
    expect(forwarder(after.template).Properties.Environment.Variables.TARGET_FUNCTION).toEqual({ 'Fn::GetAtt': ['KubectlProviderOnEventReplaced', 'Arn'] });
    const role = forwarder(after.template).Properties.Role['Fn::GetAtt'][0];
    const statements = Object.values(after.template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${role}"`))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Action: unknown; Resource: unknown }>);
    expect(statements.filter((s) => JSON.stringify(s.Action).includes('lambda:'))).toEqual([
      expect.objectContaining({ Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': ['KubectlProviderOnEventReplaced', 'Arn'] } }),
    ]);
  });
});
