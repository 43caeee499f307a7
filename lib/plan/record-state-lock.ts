import * as fs from 'fs';
import * as path from 'path';
import { PipelineDefinition } from '../definition/pipeline-definition';
import { PipelineEnvironment } from '../environment/pipeline-environment';
import { throwIfProblems } from '../validation/validation-problem';
import { resolvePlan } from './resolve-plan';
import { checkSchemaLock } from './schema-compatibility';
import { SchemaMigration } from '../definition/schema-migration';
import { defaultDatabase } from './plan-names';
import { LockedPlacement, lockedTableKey, plannedSchemas, schemaLockCommand } from './schema-lock';
import { STATE_LOCK_DIRECTORY, StateLock, StateLockFile, nextStateLock, readStateLock } from './state-lock';

/**
 * The lock content of `<directory>/<env>.lock.json` that records a pipeline as its definition says (other pipelines
 * kept): its streaming jobs' state fingerprints, sources and sinks, and its topics' and tables' schemas. Throws in
 * production for a change that the deploy would have refused: a changed job without `StateMigration.freshStart`, an
 * incompatible schema change without a `SchemaMigration` (recording it would hide a change that was never deployed).
 * `placement`: where the deployment put the pipeline stack's units, per flavor (`placementFromAssembly`); flavors it
 * does not name keep what the lock recorded.
 */
export function nextDeployedLock(definition: PipelineDefinition, environment: PipelineEnvironment, directory: string = STATE_LOCK_DIRECTORY, placement?: LockedPlacement): { readonly file: string; readonly content: StateLockFile } {
  const plan = resolvePlan(definition, environment);
  const fingerprints = Object.fromEntries(plan.jobs.flatMap((j) => (j.stateFingerprint !== undefined ? [[j.name, j.stateFingerprint]] : [])));
  const previous = readStateLock(environment.name, directory);
  const schemas = plannedSchemas(plan);
  const next = nextStateLock({ pipeline: plan.pipelineName, environment, jobs: definition.jobs, fingerprints, previous: withoutRebuiltTables(previous, definition), schemas, ...(placement !== undefined ? { placement } : {}) });
  // A lock recorded before schemas were locked has nothing to compare with: recording it is the fix.
  const comparable = previous.content?.pipelines[plan.pipelineName]?.tables !== undefined;
  const schemaProblems = environment.production && comparable ? checkSchemaLock({ definition, environment, planned: schemas, lock: previous }).problems : [];
  throwIfProblems(`pipeline ${JSON.stringify(plan.pipelineName)}`, [...next.problems, ...schemaProblems]);
  return { file: previous.file, content: next.content };
}

/**
 * A table rebuilt under `SchemaMigration.rebuild` was created again: it starts a new history (field ids from 1, the
 * input it was created with now), so the previous lock's entry is not carried over.
 */
function withoutRebuiltTables(previous: StateLock, definition: PipelineDefinition): StateLock {
  const recorded = previous.content?.pipelines[definition.name];
  const rebuilt = definition.tables.filter((t) => t.schemaMigration?.id === SchemaMigration.rebuild('-').id)
    .map((t) => lockedTableKey({ database: t.database ?? defaultDatabase(definition), name: t.name }));
  if (previous.content === undefined || recorded?.tables === undefined || rebuilt.length === 0) return previous;
  const tables = Object.fromEntries(Object.entries(recorded.tables).filter(([key]) => !rebuilt.includes(key)));
  return { file: previous.file, content: { ...previous.content, pipelines: { ...previous.content.pipelines, [definition.name]: { ...recorded, tables } } } };
}

/**
 * Records, after a deployment, what `nextDeployedLock` says in `<directory>/<env>.lock.json` and returns the file.
 * For apps of your own: call it from a script after `cdk deploy`, like `pipelines schema lock` does (`schemaLockCommand`).
 */
export function recordDeployedState(definition: PipelineDefinition, environment: PipelineEnvironment, directory: string = STATE_LOCK_DIRECTORY, placement?: LockedPlacement): string {
  const next = nextDeployedLock(definition, environment, directory, placement);
  fs.mkdirSync(path.dirname(next.file), { recursive: true });
  fs.writeFileSync(next.file, renderLockFile(next.content));
  return next.file;
}

/** The committed text of a lock file: indented JSON, with each flat object or array (a column, a key) on one line. */
export function renderLockFile(content: StateLockFile): string {
  const oneLine = (inner: string) => inner.trim().split(/\n\s*/).join(' ');
  const text = JSON.stringify(content, null, 2)
    .replace(/\[\n([^[\]{}]*?)\n\s*\]/g, (_, inner: string) => `[${oneLine(inner)}]`)
    .replace(/\{\n([^[\]{}]*?)\n\s*\}/g, (_, inner: string) => `{ ${oneLine(inner)} }`);
  return `${text}\n`;
}

/**
 * The CI check: whether the committed lock of an environment records the definition as it is. A definition changed
 * without re-recording means either an undeployed change or a lock nobody updated: both make the next synth compare
 * against the wrong baseline. Returns the message to fail with, or undefined when current.
 */
export function staleLockMessage(definition: PipelineDefinition, environment: PipelineEnvironment, directory: string = STATE_LOCK_DIRECTORY): string | undefined {
  const next = nextDeployedLock(definition, environment, directory);
  const committed = fs.existsSync(next.file) ? fs.readFileSync(next.file, 'utf8') : '';
  if (committed === renderLockFile(next.content)) return undefined;
  return `${next.file} is stale: it does not record pipeline ${JSON.stringify(definition.name)} as defined — deploy the change, then run \`${schemaLockCommand(environment.name)}\` and commit the file`;
}
