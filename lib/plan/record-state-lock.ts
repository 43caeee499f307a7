import * as fs from 'fs';
import * as path from 'path';
import { PipelineDefinition } from '../definition/pipeline-definition';
import { PipelineEnvironment } from '../environment/pipeline-environment';
import { throwIfProblems } from '../validation/validation-problem';
import { resolvePlan } from './resolve-plan';
import { STATE_LOCK_DIRECTORY, nextStateLock, readStateLock } from './state-lock';

/**
 * Records, after a deployment, the state fingerprints of a pipeline's streaming jobs in `<directory>/<env>.lock.json`
 * (other pipelines of the file are kept) and returns the file. For apps of your own: call it from a script after
 * `cdk deploy`, like `npm run state-lock` does for the example app. Throws (production) for a changed job that was not
 * deployed with `StateMigration.freshStart`.
 */
export function recordDeployedState(definition: PipelineDefinition, environment: PipelineEnvironment, directory: string = STATE_LOCK_DIRECTORY): string {
  const plan = resolvePlan(definition, environment);
  const fingerprints = Object.fromEntries(plan.jobs.flatMap((j) => (j.stateFingerprint !== undefined ? [[j.name, j.stateFingerprint]] : [])));
  const previous = readStateLock(environment.name, directory);
  const next = nextStateLock({ pipeline: plan.pipelineName, environment, jobs: definition.jobs, fingerprints, previous });
  throwIfProblems(`pipeline ${JSON.stringify(plan.pipelineName)}`, next.problems);
  fs.mkdirSync(path.dirname(previous.file), { recursive: true });
  fs.writeFileSync(previous.file, `${JSON.stringify(next.content, null, 2)}\n`);
  return previous.file;
}
