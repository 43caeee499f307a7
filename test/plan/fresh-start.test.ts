import { StateMigration } from '../../lib/definition/job-options';
import { StartPosition } from '../../lib/definition/kafka-options';
import { PipelineDefinition } from '../../lib/definition/pipeline-definition';
import { Flavor } from '../../lib/flavor';
import { freshStartPosition } from '../../lib/plan/fresh-start';
import { JobPlan, PipelinePlan } from '../../lib/plan/pipeline-plan';
import { resolvePlan } from '../../lib/plan/resolve-plan';
import { readStateLock } from '../../lib/plan/state-lock';
import { renderJobSql } from '../../lib/sql/render-job-sql';
import { environment, examplePlan, exampleWith } from '../support/test-app';
import { KAFKA_OF, lakehouseOf } from '../sql/sql-fixtures';

const CHANGED_QUERY = 'SELECT order_id, customer_id, LOWER(status) AS status, amount, UPPER(currency) AS currency, order_ts FROM orders WHERE amount >= 0';

function planIn(envName: string, definition: PipelineDefinition): PipelinePlan {
  return resolvePlan(definition, environment(envName), Flavor.ALL, { stateLock: readStateLock(envName) });
}

function jobOf(plan: PipelinePlan, name: string): JobPlan {
  const job = plan.jobs.find((j) => j.name === name);
  if (job === undefined) throw new Error(`no job ${name}`);
  return job;
}

function sqlOf(plan: PipelinePlan, name: string): string {
  const kafka = KAFKA_OF.get(Flavor.SELF_HOSTED);
  if (kafka === undefined) throw new Error('no connection');
  return renderJobSql(plan, jobOf(plan, name), kafka, lakehouseOf(plan, Flavor.SELF_HOSTED));
}

describe('a fresh start of an upsert job replays the retained log instead of trusting the committed offsets', () => {
  const freshStart = exampleWith((d) => {
    d.jobs[0].transforms = { orders: CHANGED_QUERY };
    d.jobs[0].stateMigration = StateMigration.freshStart('status is lower case now');
  });

  test('prod, opted in: stateless, and the SQL starts from the earliest offset without the group-offsets fallback', () => {
    const plan = planIn('prod', freshStart);
    const job = jobOf(plan, 'orders-to-lake');
    expect([job.upgradeMode, job.startPosition.mode]).toEqual(['stateless', 'earliest-offset']);
    const sql = sqlOf(plan, 'orders-to-lake');
    expect(sql).toContain("'scan.startup.mode' = 'earliest-offset'");
    expect(sql).not.toContain('group-offsets');
    expect(sql).not.toContain('auto.offset.reset');
  });

  test('dev, changed without opt-in: the same start, and the warning says where it reads', () => {
    const plan = planIn('dev', exampleWith((d) => { d.jobs[0].transforms = { orders: CHANGED_QUERY }; }));
    expect(jobOf(plan, 'orders-to-lake').startPosition.mode).toBe('earliest-offset');
    expect(plan.stateWarnings.map((w) => w.message)).toEqual([expect.stringContaining('starts it without state from the earliest retained offsets (its tables upsert by primary key, so replayed records replace their rows)')]);
  });

  test('a restore (unchanged shape) keeps the committed offsets: the start position matters only without state', () => {
    const plan = planIn('prod', exampleWith(() => undefined));
    const job = jobOf(plan, 'orders-to-lake');
    expect([job.upgradeMode, job.startPosition.mode]).toEqual(['savepoint', 'group-offsets']);
    expect(sqlOf(plan, 'orders-to-lake')).toContain("'scan.startup.mode' = 'group-offsets'");
  });

  test('the state fingerprint does not follow the start position (the next deploy restores the fresh start\'s state)', () => {
    expect(jobOf(planIn('prod', freshStart), 'orders-to-lake').stateFingerprint).toBe(resolvePlan(freshStart, environment('prod')).jobs[0].stateFingerprint);
  });
});

describe('freshStartPosition', () => {
  const plan = examplePlan('dev');
  const orders = jobOf(plan, 'orders-to-lake');
  const tables = plan.lakehouse.tables;

  test('every sink upserts: the earliest offset', () => {
    expect(freshStartPosition(orders, tables).position.mode).toBe(StartPosition.EARLIEST.mode);
  });

  test('an append sink: the committed offsets, said honestly (the rule refuses it for a definition\'s fresh start)', () => {
    const append = tables.map((t) => (t.name === 'orders' ? { ...t, primaryKey: [] } : t));
    const start = freshStartPosition(orders, append);
    expect(start.position.mode).toBe('group-offsets');
    expect(start.description).toBe('from its committed consumer-group offsets, which can be ahead of the last Iceberg commit of orders (no primary key): rows of the last checkpoint before the stop can be lost, or duplicated');
  });

  test('a start the job chose (timestamp, earliest) is kept', () => {
    const at = StartPosition.timestamp(new Date('2026-03-01T00:00:00Z'));
    expect(freshStartPosition({ ...orders, startPosition: at }, tables).position).toBe(at);
  });
});
