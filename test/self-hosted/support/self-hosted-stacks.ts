import { Template } from 'aws-cdk-lib/assertions';
import { PipelineDefinition } from '../../../lib/definition/pipeline-definition';
import { PipelineEnvironment } from '../../../lib/environment/pipeline-environment';
import { ORDERS_PIPELINE } from '../../../lib/examples/orders-pipeline';
import { Flavor } from '../../../lib/flavor';
import { resolvePlan } from '../../../lib/plan/resolve-plan';
import { SelfHostedPipelineStack } from '../../../lib/stacks/self-hosted-pipeline-stack';
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
