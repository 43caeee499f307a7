import { Annotations, App } from 'aws-cdk-lib';
import { PipelineDefinition } from '../definition/pipeline-definition';
import { ENVIRONMENTS_CONTEXT_KEY, selectDeployment } from '../environment/load-environments';
import { Flavor } from '../flavor';
import { PipelinePlan } from '../plan/pipeline-plan';
import { PlatformPlan } from '../plan/platform-plan';
import { resolvePlan } from '../plan/resolve-plan';
import { resolvePlatformPlan } from '../plan/resolve-platform';
import { readStateLock } from '../plan/state-lock';
import { formatProblem } from '../validation/validation-problem';
import { ManagedPipelineStack, ManagedPipelineStackProps } from '../stacks/managed-pipeline-stack';
import { ManagedPlatformStack } from '../stacks/managed-platform-stack';
import { PipelineStack, PipelineStackProps } from '../stacks/pipeline-stack';
import { PlatformStack, PlatformStackProps } from '../stacks/platform-stack';
import { SelfHostedPipelineStack, SelfHostedPipelineStackProps } from '../stacks/self-hosted-pipeline-stack';
import { SelfHostedPlatformStack } from '../stacks/self-hosted-platform-stack';
import { checkStackLimits } from './stack-limits';

/** The stack classes of each flavor. */
const STACKS: Record<Flavor['id'], {
  readonly platform: new (app: App, props: PlatformStackProps) => PlatformStack;
  readonly pipeline: new (app: App, props: PipelineStackProps & SelfHostedPipelineStackProps & ManagedPipelineStackProps) => PipelineStack;
}> = {
  'self-hosted': { platform: SelfHostedPlatformStack, pipeline: SelfHostedPipelineStack },
  managed: { platform: ManagedPlatformStack, pipeline: ManagedPipelineStack },
};

/** Options of {@link addPipelineStacks}. */
export interface AddPipelineStacksOptions {
  /**
   * Whether this app deploys the environment's platform (`create`), or the platform is deployed from another app and
   * the pipelines find it by the environment's `platform.name` (`existing`).
   * @default 'create'
   */
  readonly platform?: 'create' | 'existing';
  /**
   * Pipelines deployed from other apps onto this app's platform: the platform is sized for them, gets their
   * namespaces and lets its Flink operator watch them, but this app creates no stack for them.
   * @default - none
   */
  readonly hostedPipelines?: readonly PipelineDefinition[];
  /**
   * Resources one pipeline stack may hold before further jobs go into nested stacks.
   * @default 250
   */
  readonly resourcesPerStack?: number;
  /**
   * Folder of the environments' lock files (`<env>.lock.json`: deployed schemas, job states and placement), relative
   * to the app's working directory.
   * @default 'schemas'
   */
  readonly stateLockDirectory?: string;
  /**
   * Props of every platform stack: an existing `vpc`, tags, a synthesizer, termination protection, …
   * @default - a new VPC, the stack names of the environment's platform
   */
  readonly platformStackProps?: Omit<PlatformStackProps, 'platform'>;
  /**
   * Props of every pipeline stack: a prebuilt job image (`prebuiltImage`, self-hosted) or jar (`prebuiltJar`, managed),
   * tags, a synthesizer, … (the stack name only when the app adds one pipeline).
   * @default - artifacts built from each plan, stack names `<pipeline>-<env>-<flavor>`
   */
  readonly pipelineStackProps?: Omit<SelfHostedPipelineStackProps & ManagedPipelineStackProps, 'plan' | 'resourcesPerStack'>;
}

/** What `addPipelineStacks` made. */
export interface PipelineStacks {
  /** The plan of the first definition (the one pipeline of a one-pipeline app). */
  readonly plan: PipelinePlan;
  /** Every pipeline's plan, in definition order. */
  readonly plans: readonly PipelinePlan[];
  /** The platform the pipelines run on (sized for them and the hosted pipelines). */
  readonly platform: PlatformPlan;
  /** One platform stack per flavor (none when the platform is `existing`). */
  readonly platformStacks: readonly PlatformStack[];
  /** One stack per pipeline and flavor. */
  readonly pipelineStacks: readonly PipelineStack[];
  /** Every stack: platform stacks, then pipeline stacks. */
  readonly stacks: ReadonlyArray<PlatformStack | PipelineStack>;
}

/**
 * Adds the stacks of the environment's platform and of the given pipelines to an app, for the environment and flavors
 * chosen in context (`-c env=<name>` default `dev`, `-c flavor=self-hosted|managed|both` default `both`): per flavor,
 * one platform stack sized for every pipeline, and one stack per pipeline that depends on it (so `cdk deploy --all`
 * deploys the platform first). Each plan is resolved once and rendered by each flavor's stack. Every stack is checked
 * against CloudFormation's quotas before synthesis.
 */
export function addPipelineStacks(app: App, definitions: PipelineDefinition | readonly PipelineDefinition[], options: AddPipelineStacksOptions = {}): PipelineStacks {
  const selection = selectDeployment(
    app.node.tryGetContext(ENVIRONMENTS_CONTEXT_KEY),
    app.node.tryGetContext('env'),
    app.node.tryGetContext('flavor'),
  );
  const list = Array.isArray(definitions) ? definitions : [definitions as PipelineDefinition];
  if (list.length === 0) throw new Error('addPipelineStacks: give at least one pipeline definition');
  const stateLock = readStateLock(selection.environment.name, options.stateLockDirectory);
  const plans = list.map((definition) => resolvePlan(definition, selection.environment, selection.flavors, { stateLock }));
  const hosted = (options.hostedPipelines ?? []).map((definition) => resolvePlan(definition, selection.environment, selection.flavors));
  const platform = resolvePlatformPlan(selection.environment, [...plans, ...hosted], selection.flavors);
  const platformStacks: PlatformStack[] = [];
  const pipelineStacks: PipelineStack[] = [];
  for (const flavor of selection.flavors) {
    const classes = STACKS[flavor.id];
    const platformStack = (options.platform ?? 'create') === 'create' ? new classes.platform(app, { ...options.platformStackProps, platform }) : undefined;
    if (platformStack) platformStacks.push(platformStack);
    for (const plan of plans) {
      const stack = new classes.pipeline(app, { ...options.pipelineStackProps, plan, resourcesPerStack: options.resourcesPerStack });
      if (platformStack) stack.addStackDependency(platformStack, 'the pipeline reads the SSM parameters the platform publishes');
      plan.stateWarnings.forEach((w) => Annotations.of(stack).addWarningV2('event-pipelines:state-change', formatProblem(w)));
      plan.schemaWarnings.forEach((w) => Annotations.of(stack).addWarningV2('event-pipelines:schema-change', formatProblem(w)));
      pipelineStacks.push(stack);
    }
  }
  checkStackLimits(app);
  return { plan: plans[0], plans, platform, platformStacks, pipelineStacks, stacks: [...platformStacks, ...pipelineStacks] };
}
