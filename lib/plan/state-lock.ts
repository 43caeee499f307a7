import * as fs from 'fs';
import * as path from 'path';
import { StateMigration } from '../definition/job-options';
import { JobDefinition } from '../definition/pipeline-definition';
import { PipelineEnvironment } from '../environment/pipeline-environment';
import { ValidationProblem } from '../validation/validation-problem';
import { LockedPipeline, LockedPlacement, LockedTable, LockedTopic, PlannedSchemas, assignFieldIds, schemaLockCommand } from './schema-lock';

/** Version of the lock file layout. */
export const STATE_LOCK_FORMAT = 1;
/** Folder of the committed lock files, relative to the app (the CDK app's working directory). */
export const STATE_LOCK_DIRECTORY = 'schemas';

/**
 * `schemas/<env>.lock.json`: what is deployed in an environment, per pipeline, small enough to review in a diff:
 * each streaming job's state fingerprint (`stateFingerprint`) with its sources and sinks, each owned topic's and each
 * table's schema, key, partition spec and partitions (`LockedPipeline`; `topics`/`tables` were added next to `jobs`
 * within format 1: a file without them was recorded before schemas were locked). Batch jobs are not listed: every run
 * starts without state.
 * ```json
 * { "format": 1, "environment": "prod", "pipelines": { "orders": { "jobs": { "orders-to-lake": { "state": "sha256:…", … } }, "topics": { … }, "tables": { … } } } }
 * ```
 */
export interface StateLockFile {
  readonly format: number;
  readonly environment: string;
  readonly pipelines: { readonly [pipeline: string]: LockedPipeline };
}

/** A lock file as the app found it. */
export interface StateLock {
  /** Where it is (or should be), for messages. */
  readonly file: string;
  /** Its content; undefined when the file does not exist. */
  readonly content?: StateLockFile;
}

/** `schemas/<env>.lock.json` under `directory`. */
export function stateLockFile(environment: string, directory: string = STATE_LOCK_DIRECTORY): string {
  return path.join(directory, `${environment}.lock.json`);
}

/** Reads the lock file of an environment (absent file: no content). */
export function readStateLock(environment: string, directory: string = STATE_LOCK_DIRECTORY): StateLock {
  const file = stateLockFile(environment, directory);
  if (!fs.existsSync(file)) return { file };
  const content = JSON.parse(fs.readFileSync(file, 'utf8')) as StateLockFile;
  if (content.format !== STATE_LOCK_FORMAT) throw new Error(`${file}: format ${content.format} is not ${STATE_LOCK_FORMAT}`);
  return { file, content };
}

/**
 * The lock content recording one pipeline, other pipelines kept: `fingerprints` (streaming job → fingerprint) alone,
 * or the whole `schemas` (jobs, topics, tables; table columns keep the Iceberg field ids the previous lock gave them).
 */
export function recordStateLock(previous: StateLockFile | undefined, environment: string, pipeline: string, fingerprints: Readonly<Record<string, string>>, schemas?: PlannedSchemas, placement?: LockedPlacement): StateLockFile {
  const before = previous?.pipelines[pipeline];
  const jobs = schemas?.jobs ?? Object.fromEntries(Object.entries(fingerprints).sort(([a], [b]) => a.localeCompare(b)).map(([job, state]) => [job, { state }]));
  const tables = schemas === undefined ? undefined
    : Object.fromEntries(Object.entries(schemas.tables).map(([key, table]): [string, LockedTable] => [key, assignFieldIds(table, before?.tables?.[key])]));
  // An Avro-Glue topic keeps the definition its Glue schema was created with (create-only: see planTopicRegistry).
  const topics = schemas === undefined ? undefined : Object.fromEntries(Object.entries(schemas.topics).map(([name, topic]): [string, LockedTopic] => {
    const registeredSchema = topic.registeredSchema === undefined ? undefined : before?.topics?.[name]?.registeredSchema ?? topic.registeredSchema;
    return [name, registeredSchema === undefined ? topic : { ...topic, registeredSchema }];
  }));
  // Placement: the flavors the deployment's assembly holds replace theirs; the others keep what was recorded.
  const placed = { ...before?.placement, ...placement };
  const recordedPlacement = Object.keys(placed).length > 0 ? { placement: sortedPlacement(placed) } : {};
  const entry: LockedPipeline = schemas === undefined ? { ...(before ?? {}), jobs, ...recordedPlacement } : { jobs, topics, tables, ...recordedPlacement };
  return { format: STATE_LOCK_FORMAT, environment, pipelines: { ...(previous?.pipelines ?? {}), [pipeline]: entry } };
}

/** Flavors, groups and parts in a fixed order (units stay in the order they were placed), for a stable file. */
function sortedPlacement(placement: LockedPlacement): LockedPlacement {
  const sorted = <V>(record: { readonly [key: string]: V }, compare: (a: string, b: string) => number = (a, b) => a.localeCompare(b)) =>
    Object.fromEntries(Object.entries(record).sort(([a], [b]) => compare(a, b)));
  return Object.fromEntries(Object.entries(sorted(placement)).map(([flavor, groups]) => [flavor,
    Object.fromEntries(Object.entries(sorted(groups)).map(([group, parts]) => [group, sorted(parts, (a, b) => Number(a) - Number(b))]))]));
}

/** What a deployment does with each streaming job's state, and what it has to say about it. */
export interface StateLockCheck {
  /** Streaming jobs this deployment starts without state (shape changed; opted in, or a non-production environment). */
  readonly freshStarts: readonly string[];
  /** Refusals (production): the synth fails with them. */
  readonly problems: readonly ValidationProblem[];
  /** Said at synth (CDK warnings) and deployed anyway. */
  readonly warnings: readonly ValidationProblem[];
}

/** Input of `checkStateLock`. */
export interface StateLockCheckInput {
  readonly pipeline: string;
  readonly environment: PipelineEnvironment;
  readonly jobs: readonly JobDefinition[];
  /** Fingerprint of each streaming job of the definition. */
  readonly fingerprints: Readonly<Record<string, string>>;
  readonly lock: StateLock;
  /**
   * Per streaming job, where a fresh start of it reads, in words (`freshStartPosition`), for the warnings.
   * @default - "from its committed consumer-group offsets"
   */
  readonly freshStartFrom?: Readonly<Record<string, string>>;
}

const DEFAULT_FRESH_START_FROM = 'from its committed consumer-group offsets';

/**
 * The state policy per environment. A streaming job whose fingerprint differs from the lock cannot restore its
 * savepoint: production refuses the synth unless the job says `stateMigration: StateMigration.freshStart(reason)`;
 * other environments warn and start it without state. Where a fresh start reads is the plan's (`freshStartPosition`):
 * the committed offsets can be ahead of the last Iceberg commit. Jobs and pipelines not in the lock are new (nothing to restore). A missing lock
 * file is an error in production (nothing to compare with) and a warning elsewhere.
 */
export function checkStateLock(input: StateLockCheckInput): StateLockCheck {
  const { environment, lock } = input;
  const problems: ValidationProblem[] = [];
  const warnings: ValidationProblem[] = [];
  const freshStarts: string[] = [];
  if (lock.content === undefined) {
    const missing = { path: lock.file, message: 'does not exist, so a state-incompatible SQL change cannot be detected', fix: `record what is deployed (before a first deployment: what it will create) with \`${schemaLockCommand(environment.name)}\` and commit the file` };
    (environment.production ? problems : warnings).push(missing);
    return { freshStarts, problems, warnings };
  }
  const recorded = lock.content.pipelines[input.pipeline]?.jobs;
  if (recorded === undefined) {
    // A pipeline the lock has never seen has never been deployed here: it has no state to restore, like a new job.
    warnings.push({ path: lock.file, message: `records no state of pipeline ${JSON.stringify(input.pipeline)}: its first deployment starts every job without state`, fix: `after the deploy, record it with \`${schemaLockCommand(environment.name)}\`` });
    return { freshStarts, problems, warnings };
  }
  input.jobs.forEach((job, i) => {
    const now = input.fingerprints[job.name];
    const before = recorded[job.name]?.state;
    if (now === undefined || before === undefined) return;
    const at = `jobs[${i}] (${JSON.stringify(job.name)})`;
    const optedIn = job.stateMigration?.id === StateMigration.freshStart('-').id;
    if (now === before) {
      if (optedIn) warnings.push({ path: `${at}.stateMigration`, message: `is a fresh start, but the job's state shape matches ${lock.file} (${now}), so the deploy restores its state`, fix: 'remove it' });
      return;
    }
    const changed = `its state-relevant SQL changed since the deployment recorded in ${lock.file} (${before} → ${now}); Flink SQL operator ids follow the query, so its savepoint cannot be restored`;
    const after = `after the deploy, record it with \`${schemaLockCommand(environment.name)}\``;
    const from = input.freshStartFrom?.[job.name] ?? DEFAULT_FRESH_START_FROM;
    if (optedIn) {
      freshStarts.push(job.name);
      warnings.push({ path: at, message: `${changed}; the deploy starts it without state (${job.stateMigration}) ${from}`, fix: `${after} and remove stateMigration` });
    } else if (environment.production) {
      problems.push({ path: at, message: changed, fix: `revert the change, or set stateMigration: StateMigration.freshStart('<why the state may go>') to start it without state ${from}; ${after}` });
    } else {
      freshStarts.push(job.name);
      warnings.push({ path: at, message: `${changed}; environment ${JSON.stringify(environment.name)} is not production, so the deploy starts it without state ${from}`, fix: after });
    }
  });
  return { freshStarts, problems, warnings };
}

/**
 * The lock content to commit after a deployment: the current fingerprint of every streaming job. In production a job
 * whose fingerprint changed without `StateMigration.freshStart` is refused: recording it would hide a change that was
 * never deployed with a fresh start (record after the deploy, not instead of it).
 */
export function nextStateLock(input: Omit<StateLockCheckInput, 'lock'> & { readonly previous: StateLock; readonly schemas?: PlannedSchemas; readonly placement?: LockedPlacement }): { readonly content: StateLockFile; readonly problems: ValidationProblem[] } {
  const recorded = input.previous.content?.pipelines[input.pipeline]?.jobs ?? {};
  const problems: ValidationProblem[] = [];
  if (input.environment.production) {
    input.jobs.forEach((job, i) => {
      const before = recorded[job.name]?.state;
      const now = input.fingerprints[job.name];
      if (before === undefined || now === undefined || before === now || job.stateMigration?.id === StateMigration.freshStart('-').id) return;
      problems.push({ path: `jobs[${i}] (${JSON.stringify(job.name)})`, message: `changed (${before} → ${now}) without a fresh start; recording it would let the deploy try to restore an incompatible savepoint`, fix: "deploy it with stateMigration: StateMigration.freshStart('<why>') first, then record" });
    });
  }
  return { content: recordStateLock(input.previous.content, input.environment.name, input.pipeline, input.fingerprints, input.schemas, input.placement), problems };
}
