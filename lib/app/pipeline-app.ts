import { Annotations, App } from 'aws-cdk-lib';
import { PipelineDefinition } from '../definition/pipeline-definition';
import { ENVIRONMENTS_CONTEXT_KEY, selectDeployment } from '../environment/load-environments';
import { Flavor } from '../flavor';
import { PipelinePlan } from '../plan/pipeline-plan';
import { resolvePlan } from '../plan/resolve-plan';
import { readStateLock } from '../plan/state-lock';
import { formatProblem } from '../validation/validation-problem';
import { ManagedPipelineStack } from '../stacks/managed-pipeline-stack';
import { PipelineStack } from '../stacks/pipeline-stack';
import { SelfHostedPipelineStack } from '../stacks/self-hosted-pipeline-stack';

/** The stack class of each flavor. */
const STACKS: Record<Flavor['id'], new (app: App, props: { plan: PipelinePlan }) => PipelineStack> = {
  'self-hosted': SelfHostedPipelineStack,
  managed: ManagedPipelineStack,
};

/** What `addPipelineStacks` made. */
export interface PipelineStacks {
  readonly plan: PipelinePlan;
  readonly stacks: PipelineStack[];
}

/**
 * Adds the stacks of a pipeline to an app, for the environment and flavors chosen in context
 * (`-c env=<name>` default `dev`, `-c flavor=self-hosted|managed|both` default `both`).
 * The plan is resolved once and rendered by each flavor's stack.
 */
export function addPipelineStacks(app: App, definition: PipelineDefinition): PipelineStacks {
  const selection = selectDeployment(
    app.node.tryGetContext(ENVIRONMENTS_CONTEXT_KEY),
    app.node.tryGetContext('env'),
    app.node.tryGetContext('flavor'),
  );
  const plan = resolvePlan(definition, selection.environment, selection.flavors, { stateLock: readStateLock(selection.environment.name) });
  const stacks = selection.flavors.map((flavor) => new STACKS[flavor.id](app, { plan }));
  for (const stack of stacks) plan.stateWarnings.forEach((w) => Annotations.of(stack).addWarningV2('event-pipelines:state-change', formatProblem(w)));
  return { plan, stacks };
}
