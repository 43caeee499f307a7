import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { addPipelineStacks } from '../../lib/app/pipeline-app';
import { ColumnType } from '../../lib/definition/column-type';
import { FlinkVersion } from '../../lib/definition/flink-version';
import { StateMigration } from '../../lib/definition/job-options';
import { KeyFormat } from '../../lib/definition/kafka-options';
import { PipelineDefinition } from '../../lib/definition/pipeline-definition';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { Flavor } from '../../lib/flavor';
import { PipelinePlan } from '../../lib/plan/pipeline-plan';
import { resolvePlan } from '../../lib/plan/resolve-plan';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { recordDeployedState } from '../../lib/plan/record-state-lock';
import { parseArguments } from '../../lib/cli/cli-arguments';
import { StateLock, nextStateLock, readStateLock } from '../../lib/plan/state-lock';
import { formatProblem } from '../../lib/validation/validation-problem';
import { objectIn } from '../self-hosted/support/stack-values';
import { ENVIRONMENT_NAMES, environment, exampleWith, testApp } from '../support/test-app';

const CHANGED_QUERY = 'SELECT order_id, customer_id, LOWER(status) AS status, amount, UPPER(currency) AS currency, order_ts FROM orders WHERE amount >= 0';
const changedQuery = exampleWith((d) => { d.jobs[0].transforms = { orders: CHANGED_QUERY }; });

function planWith(envName: string, definition: PipelineDefinition = ORDERS_PIPELINE, lock: StateLock = readStateLock(envName)): PipelinePlan {
  return resolvePlan(definition, environment(envName), Flavor.ALL, { stateLock: lock });
}

function fingerprintOf(definition: PipelineDefinition, job = 'orders-to-lake'): string | undefined {
  return resolvePlan(definition, environment('prod')).jobs.find((j) => j.name === job)?.stateFingerprint;
}

describe('item 13: state restore after a SQL change', () => {
  test.each(ENVIRONMENT_NAMES)('the committed schemas/%s.lock.json records the example as deployed: synth stays green, state restored', (env) => {
    const plan = planWith(env);
    expect(plan.stateWarnings).toEqual([]);
    expect(plan.jobs.map((j) => [j.name, j.upgradeMode, j.stateFingerprint])).toEqual([
      ['orders-to-lake', 'savepoint', readStateLock(env).content?.pipelines.orders.jobs['orders-to-lake'].state],
      ['customers-nightly', 'savepoint', undefined],
    ]);
  });

  test('prod refuses a changed query with the exact message', () => {
    const before = readStateLock('prod').content?.pipelines.orders.jobs['orders-to-lake'].state;
    const after = fingerprintOf(changedQuery);
    expect(after).not.toBe(before);
    expect(() => planWith('prod', changedQuery)).toThrow([
      'pipeline "orders" has 1 problem:',
      `  - jobs[0] ("orders-to-lake"): its state-relevant SQL changed since the deployment recorded in schemas/prod.lock.json (${before} → ${after}); Flink SQL operator ids follow the query, so its savepoint cannot be restored — revert the change, or set stateMigration: StateMigration.freshStart('<why the state may go>') to start it without state from the earliest retained offsets (its tables upsert by primary key, so replayed records replace their rows); after the deploy, record it with \`npx pipelines schema lock -c env=prod\``,
    ].join('\n'));
  });

  test('prod passes with the named opt-in: this deploy starts the job without state, and says so', () => {
    const optedIn = exampleWith((d) => { d.jobs[0].transforms = { orders: CHANGED_QUERY }; d.jobs[0].stateMigration = StateMigration.freshStart('status is lower case now; offsets suffice'); });
    const plan = planWith('prod', optedIn);
    expect(plan.jobs[0].upgradeMode).toBe('stateless');
    expect(plan.jobs[1].upgradeMode).toBe('savepoint');
    expect(plan.stateWarnings.map(formatProblem)).toEqual([expect.stringContaining('the deploy starts it without state (fresh-start("status is lower case now; offsets suffice")) from the earliest retained offsets (its tables upsert by primary key, so replayed records replace their rows) — after the deploy, record it with `npx pipelines schema lock -c env=prod` and remove stateMigration')]);
  });

  test('dev warns and starts the changed job without state', () => {
    const plan = planWith('dev', changedQuery);
    expect(plan.jobs[0].upgradeMode).toBe('stateless');
    expect(plan.stateWarnings.map(formatProblem)).toEqual([expect.stringMatching(/^jobs\[0\] \("orders-to-lake"\): its state-relevant SQL changed since the deployment recorded in schemas\/dev\.lock\.json .*; environment "dev" is not production, so the deploy starts it without state from the earliest retained offsets \(its tables upsert by primary key, so replayed records replace their rows\) — /)]);
  });

  test('a fresh start on an unchanged job is a no-op with a warning to remove it', () => {
    const plan = planWith('prod', exampleWith((d) => { d.jobs[0].stateMigration = StateMigration.freshStart('left over'); }));
    expect(plan.jobs[0].upgradeMode).toBe('savepoint');
    expect(plan.stateWarnings.map((w) => `${w.path}: ${w.fix}`)).toEqual(['jobs[0] ("orders-to-lake").stateMigration: remove it']);
  });

  test('a missing lock is an error in production and a warning elsewhere', () => {
    const missing = (env: string): StateLock => ({ file: `schemas/${env}.lock.json` });
    expect(() => planWith('prod', ORDERS_PIPELINE, missing('prod'))).toThrow('schemas/prod.lock.json: does not exist, so a state-incompatible SQL change cannot be detected — record what is deployed (before a first deployment: what it will create) with `npx pipelines schema lock -c env=prod` and commit the file');
    expect(planWith('dev', ORDERS_PIPELINE, missing('dev')).stateWarnings).toHaveLength(1);
  });

  test('a new app\'s first prod synth names the command its own `pipelines` CLI has, and that command unblocks it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'new-app-schemas-'));
    try {
      const error = (() => { try { planWith('prod', ORDERS_PIPELINE, readStateLock('prod', dir)); return ''; } catch (e) { return String(e); } })();
      const command = /`(npx pipelines [^`]+)`/.exec(error)?.[1];
      expect(command).toBe('npx pipelines schema lock -c env=prod');
      expect(error).not.toContain('npm run');
      // What the consumer's `npx pipelines` runs: a known command with known flags (no usage error)…
      const args = parseArguments((command ?? '').split(' ').slice(2));
      expect(args.words).toEqual(['schema', 'lock']);
      expect(args.context).toEqual({ env: 'prod' });
      // …whose effect (recordDeployedState) lets the prod synth through.
      recordDeployedState(ORDERS_PIPELINE, environment('prod'), dir);
      expect(() => planWith('prod', ORDERS_PIPELINE, readStateLock('prod', dir))).not.toThrow();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a pipeline the lock has never seen is new: its first deployment has no state to restore (a warning, also in production)', () => {
    const other = { file: 'schemas/prod.lock.json', content: { format: 1 as const, environment: 'prod', pipelines: {} } };
    const plan = planWith('prod', ORDERS_PIPELINE, other);
    expect(plan.stateWarnings.map(formatProblem)).toEqual(['schemas/prod.lock.json: records no state of pipeline "orders": its first deployment starts every job without state — after the deploy, record it with `npx pipelines schema lock -c env=prod`']);
  });

  test('the fingerprint follows the state-relevant shape only', () => {
    const base = fingerprintOf(ORDERS_PIPELINE);
    const same = [
      exampleWith((d) => { d.jobs[0].checkpointInterval = Duration.minutes(3); d.jobs[0].stateTtl = Duration.days(1); }),
      exampleWith((d) => { d.jobs[0].eventTime = { column: 'order_ts', maxOutOfOrderness: Duration.seconds(5) }; }),
      exampleWith((d) => { d.jobs[0].transforms = { orders: `  ${ORDERS_PIPELINE.jobs[0].transforms?.orders}\n` }; }),
    ];
    for (const d of same) expect(fingerprintOf(d)).toBe(base);
    const changed = [
      changedQuery,
      exampleWith((d) => { d.topics[0].columns.push({ name: 'channel', type: ColumnType.STRING }); }),
      exampleWith((d) => { d.jobs[0].eventTime = undefined; }),
      exampleWith((d) => { d.topics[0].keyFormat = KeyFormat.RAW; }),
      exampleWith((d) => { d.flinkVersion = FlinkVersion.V1_19; }),
    ];
    for (const d of changed) expect(fingerprintOf(d)).not.toBe(base);
  });

  test('recording in production refuses a change that was not deployed with a fresh start', () => {
    const fingerprints = { 'orders-to-lake': fingerprintOf(changedQuery) ?? '' };
    const previous = readStateLock('prod');
    const refused = nextStateLock({ pipeline: 'orders', environment: environment('prod'), jobs: changedQuery.jobs, fingerprints, previous });
    expect(refused.problems.map((p) => p.path)).toEqual(['jobs[0] ("orders-to-lake")']);
    const optedIn = exampleWith((d) => { d.jobs[0].transforms = { orders: CHANGED_QUERY }; d.jobs[0].stateMigration = StateMigration.freshStart('x'); });
    const recorded = nextStateLock({ pipeline: 'orders', environment: environment('prod'), jobs: optedIn.jobs, fingerprints, previous });
    expect(recorded.problems).toEqual([]);
    expect(recorded.content.pipelines.orders.jobs).toEqual({ 'orders-to-lake': { state: fingerprints['orders-to-lake'] } });
    expect(recorded.content.pipelines.orders.tables).toEqual(previous.content?.pipelines.orders.tables);
  });
});

describe('recording after a deploy', () => {
  test.each(ENVIRONMENT_NAMES)('recordDeployedState writes what is committed for %s', (env) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'state-lock-'));
    const file = recordDeployedState(ORDERS_PIPELINE, environment(env), dir);
    expect(file).toBe(path.join(dir, `${env}.lock.json`));
    expect(fs.readFileSync(file, 'utf8')).toBe(fs.readFileSync(path.join('schemas', `${env}.lock.json`), 'utf8'));
  });
});

describe('item 13: what the deploy does with a changed job (dev, both flavors)', () => {
  const { pipelineStacks: stacks } = addPipelineStacks(testApp({ env: 'dev', flavor: 'both' }), changedQuery);
  const [selfHosted, managed] = stacks;

  test('self-hosted: the changed streaming FlinkDeployment upgrades statelessly (batch runs are stateless anyway)', () => {
    const deployment = objectIn(Template.fromStack(selfHosted), 'FlinkDeployment', 'orders-to-lake', 'orders');
    expect((deployment.spec as { job: { upgradeMode: string } }).job.upgradeMode).toBe('stateless');
  });

  test('managed: the changed application skips the snapshot restore; the warning is on both stacks', () => {
    Template.fromStack(managed).hasResourceProperties('AWS::KinesisAnalyticsV2::Application', {
      ApplicationName: 'orders-dev-orders-to-lake',
      RunConfiguration: Match.objectLike({ ApplicationRestoreConfiguration: { ApplicationRestoreType: 'SKIP_RESTORE_FROM_SNAPSHOT' } }),
    });
    for (const stack of stacks) Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('state-relevant SQL changed.*starts it without state'));
  });
});
