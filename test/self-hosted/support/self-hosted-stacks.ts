import { Template } from 'aws-cdk-lib/assertions';
import { PipelineDefinition } from '../../../lib/definition/pipeline-definition';
import { PipelineEnvironment } from '../../../lib/environment/pipeline-environment';
import { ORDERS_PIPELINE } from '../../../lib/examples/orders-pipeline';
import { Flavor } from '../../../lib/flavor';
import { resolvePlan } from '../../../lib/plan/resolve-plan';
import { resolvePlatformPlan } from '../../../lib/plan/resolve-platform';
import { SelfHostedPipelineStack } from '../../../lib/stacks/self-hosted-pipeline-stack';
import { SelfHostedPlatformStack } from '../../../lib/stacks/self-hosted-platform-stack';
import { environment, testApp } from '../../support/test-app';

/** A synthesized self-hosted stack. */
export interface SynthesizedSelfHosted {
  readonly stack: SelfHostedPipelineStack;
  readonly template: Template;
  /** The cloud assembly directory (holds `k8s/<stack>/`). */
  readonly outdir: string;
  /** Milliseconds of construction + synthesis. */
  readonly millis: number;
}

/**
 * The self-hosted stack of a definition in an environment of cdk.json (optionally changed), synthesized once.
 * @param change edits the resolved environment, e.g. to add session-cluster tenants
 */
export function synthSelfHosted(envName: string, change?: (env: PipelineEnvironment) => PipelineEnvironment, definition: PipelineDefinition = ORDERS_PIPELINE): SynthesizedSelfHosted {
  const started = Date.now();
  const app = testApp();
  const env = change ? change(environment(envName)) : environment(envName);
  const plan = resolvePlan(definition, env, [Flavor.SELF_HOSTED]);
  const stack = new SelfHostedPipelineStack(app, { plan });
  const template = Template.fromStack(stack);
  return { stack, template, outdir: app.outdir, millis: Date.now() - started };
}

/** A synthesized self-hosted platform stack. */
export interface SynthesizedSelfHostedPlatform {
  readonly stack: SelfHostedPlatformStack;
  readonly template: Template;
  /** The cloud assembly directory (holds `k8s/<stack>/`). */
  readonly outdir: string;
}

/**
 * The self-hosted platform stack of an environment of cdk.json (optionally changed) hosting the definitions,
 * synthesized once.
 */
export function synthSelfHostedPlatform(envName: string, change?: (env: PipelineEnvironment) => PipelineEnvironment, definitions: readonly PipelineDefinition[] = [ORDERS_PIPELINE]): SynthesizedSelfHostedPlatform {
  const app = testApp();
  const env = change ? change(environment(envName)) : environment(envName);
  const platform = resolvePlatformPlan(env, definitions.map((d) => resolvePlan(d, env, [Flavor.SELF_HOSTED])), [Flavor.SELF_HOSTED]);
  const stack = new SelfHostedPlatformStack(app, { platform });
  return { stack, template: Template.fromStack(stack), outdir: app.outdir };
}
