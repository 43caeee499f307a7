import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PIPELINE_APP_CONTEXT } from '../../lib/app/pipeline-app-context';
import { PipelineDefinition } from '../../lib/definition/pipeline-definition';
import { ENVIRONMENTS_CONTEXT_KEY, resolveEnvironment } from '../../lib/environment/load-environments';
import { PipelineEnvironment } from '../../lib/environment/pipeline-environment';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { Flavor } from '../../lib/flavor';
import { PipelinePlan } from '../../lib/plan/pipeline-plan';
import { resolvePlan } from '../../lib/plan/resolve-plan';

/** The context of the project's cdk.json (environments, feature flags). */
export const CDK_CONTEXT: Record<string, unknown> = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context;

/** The environments of cdk.json by name. */
export const ENVIRONMENT_NAMES = Object.keys(CDK_CONTEXT[ENVIRONMENTS_CONTEXT_KEY] as object);

/** An environment of cdk.json with defaults applied. */
export function environment(name: string): PipelineEnvironment {
  return resolveEnvironment(name, (CDK_CONTEXT[ENVIRONMENTS_CONTEXT_KEY] as Record<string, unknown>)[name]);
}

/** The example pipeline's plan for an environment of cdk.json. */
export function examplePlan(envName = 'dev', flavors: readonly Flavor[] = Flavor.ALL, definition: PipelineDefinition = ORDERS_PIPELINE): PipelinePlan {
  return resolvePlan(definition, environment(envName), flavors);
}

/**
 * An App with the project's context (cdk.json's, over a pipeline app's own PIPELINE_APP_CONTEXT), without the
 * built-in CloudFormation validator (3–5 s per synth; the CLI synth keeps it), writing to a temporary directory.
 */
export function testApp(context: Record<string, unknown> = {}): App {
  return new App({
    context: { ...PIPELINE_APP_CONTEXT, ...CDK_CONTEXT, ...context },
    builtinCloudFormationValidation: false,
    outdir: fs.mkdtempSync(path.join(require('os').tmpdir(), 'pipelines-test-')),
  });
}

/** A template as JSON with asset hashes replaced, for snapshots that only change when the infrastructure does. */
export function snapshotOf(template: Template): unknown {
  const json = JSON.stringify(template.toJSON()).replace(/[0-9a-f]{64}/g, '<asset-hash>');
  return JSON.parse(json);
}

/** A copy of the example definition changed by `change` (for "fails if …" tests). */
export function exampleWith(change: (draft: Mutable<PipelineDefinition>) => void): PipelineDefinition {
  const draft = structuredCloneDefinition(ORDERS_PIPELINE);
  change(draft);
  return draft as unknown as PipelineDefinition;
}

/** Deeply mutable view of a readonly type, for test fixtures. */
export type Mutable<T> = T extends (...args: never[]) => unknown ? T : T extends (infer U)[] ? Mutable<U>[] : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;

/** Copies plain objects and arrays; keeps class instances (Duration, ColumnType, …) as they are. */
function structuredCloneDefinition<T>(value: T): Mutable<T> {
  if (Array.isArray(value)) return value.map((v) => structuredCloneDefinition(v)) as Mutable<T>;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, structuredCloneDefinition(v)])) as Mutable<T>;
  }
  return value as Mutable<T>;
}
