import { SchemaMigration } from '../../lib/definition/schema-migration';
import { PipelineDefinition } from '../../lib/definition/pipeline-definition';
import { PipelineEnvironment } from '../../lib/environment/pipeline-environment';
import { Flavor } from '../../lib/flavor';
import { PipelinePlan } from '../../lib/plan/pipeline-plan';
import { resolvePlan } from '../../lib/plan/resolve-plan';
import { readStateLock } from '../../lib/plan/state-lock';
import { formatProblem } from '../../lib/validation/validation-problem';
import { environment, exampleWith } from '../support/test-app';

/**
 * Changes that would replace or drop stateful resources (the Glue database and tables, the MSK topics) are refused at
 * synth against the environment's lock, with the way out; test/stacks/no-silent-replacement.slow.test.ts proves on
 * the synthesized templates which changes replace what.
 */
function plan(definition: PipelineDefinition, env: PipelineEnvironment = environment('prod'), lockOf = env.name): PipelinePlan {
  return resolvePlan(definition, env, Flavor.ALL, { stateLock: readStateLock(lockOf) });
}

const GONE = (key: string, database: string) => `schemas/prod.lock.json: records table "${key}", which the definition no longer has (a renamed table or database?): the deploy would remove it from the stack and its data would no longer be written or managed, while a new table starts empty — keep its name and database (database: "${database}"), or set schemaMigration: SchemaMigration.rebuild('<why>', '${key}') on the table that takes its place`;

describe('renaming the Glue database or a table', () => {
  test('production refuses a database rename: every table of the old database would leave the stack', () => {
    // The streaming job's state fingerprint names its sink's database, so the state lock refuses it as well.
    expect(() => plan(exampleWith((d) => { d.database = 'sales'; }))).toThrow([`  - ${GONE('orders.customers', 'orders')}`, `  - ${GONE('orders.orders', 'orders')}`].join('\n'));
  });

  test('production refuses a table rename', () => {
    expect(() => plan(exampleWith((d) => { d.tables[0].name = 'orders_v2'; d.jobs[0].sinks = ['orders_v2']; d.jobs[0].transforms = { orders_v2: String(d.jobs[0].transforms?.orders) }; })))
      .toThrow(GONE('orders.orders', 'orders'));
  });

  test('SchemaMigration.rebuild naming the table it replaces accepts the rename, listed as a warning', () => {
    const renamed = plan(exampleWith((d) => { d.tables[1].name = 'customers_v2'; d.tables[1].schemaMigration = SchemaMigration.rebuild('renamed for the CRM cut-over', 'orders.customers'); d.jobs[1].sinks = ['customers_v2']; }));
    expect(renamed.schemaWarnings.map(formatProblem)).toContain('tables[1] ("customers_v2").schemaMigration: replaces table "orders.customers" of schemas/prod.lock.json (schemaMigration rebuild("renamed for the CRM cut-over", "orders.customers")): the deploy removes the old one from the stack (kept in the account where the environment retains data, no longer written) and creates this one empty — after the deploy, record it with `npx pipelines schema lock -c env=prod` and remove schemaMigration');
  });

  test('a definition from JSON names it the same way ({ id: "rebuild", reason, replaces })', () => {
    const fromJson = JSON.parse(JSON.stringify({ id: 'rebuild', reason: 'renamed', replaces: 'orders.customers' })) as SchemaMigration;
    const renamed = plan(exampleWith((d) => { d.tables[1].name = 'customers_v2'; d.tables[1].schemaMigration = fromJson; d.jobs[1].sinks = ['customers_v2']; }));
    expect(renamed.schemaWarnings.map(formatProblem)).toContainEqual(expect.stringMatching(/^tables\[1\] \("customers_v2"\)\.schemaMigration: replaces table "orders\.customers"/));
  });

  test('a migration naming another table accepts nothing', () => {
    expect(() => plan(exampleWith((d) => { d.tables[1].name = 'customers_v2'; d.tables[1].schemaMigration = SchemaMigration.rebuild('x', 'orders.orders'); d.jobs[1].sinks = ['customers_v2']; })))
      .toThrow(GONE('orders.customers', 'orders'));
  });

  test('outside production it stays a warning (the environment\'s data policy decides what is kept)', () => {
    expect(plan(exampleWith((d) => { d.database = 'sales'; }), environment('dev')).schemaWarnings.map(formatProblem))
      .toContain('schemas/dev.lock.json: records table "orders.orders", which the definition no longer has: the deploy deletes it (tables and their data are kept where the environment retains data) — after the deploy, record it with `npx pipelines schema lock -c env=dev`');
  });
});

describe('renaming a topic', () => {
  const renamed = (migration?: SchemaMigration) => exampleWith((d) => {
    d.topics[1].name = 'customers_v2';
    d.topics[1].schemaMigration = migration;
    d.jobs[1].sources = ['customers_v2'];
  });

  test('production refuses it: the recorded topic would leave the stack', () => {
    expect(() => plan(renamed())).toThrow('schemas/prod.lock.json: records topic "customers", which the definition no longer has (a renamed topic?): the deploy would remove it from the stack and its data would no longer be written or managed, while a new topic starts empty — keep its name, or set schemaMigration: SchemaMigration.rebuild(\'<why>\', \'customers\') on the topic that takes its place');
  });

  test('SchemaMigration.rebuild naming the old topic accepts it', () => {
    expect(plan(renamed(SchemaMigration.rebuild('re-keyed copy filled by the CRM export', 'customers'))).schemaWarnings.map(formatProblem))
      .toContain('topics[1] ("customers_v2").schemaMigration: replaces topic "customers" of schemas/prod.lock.json (schemaMigration rebuild("re-keyed copy filled by the CRM export", "customers")): the deploy removes the old one from the stack (kept in the account where the environment retains data, no longer written) and creates this one empty — after the deploy, record it with `npx pipelines schema lock -c env=prod` and remove schemaMigration');
  });
});

describe('changing the replication factor of recorded topics', () => {
  const prod = environment('prod');
  const fourReplicas: PipelineEnvironment = { ...prod, kafka: { ...prod.kafka, replicationFactor: 4 } };

  test('is refused for every owned topic, in any environment, and no migration accepts it', () => {
    const message = (i: number, topic: string) => `  - topics[${i}] ("${topic}").replicationFactor: changes 3 → 4 (the environment's kafka.replicationFactor), but a topic's replication factor is fixed at creation: AWS::MSK::Topic would have to be replaced, which CloudFormation cannot do for a topic with a custom name (the update fails), and Strimzi does not reassign replicas (topic "${topic}" as recorded in schemas/prod.lock.json) — keep kafka.replicationFactor 3 for this environment, or create a new topic under a new name (it gets the new factor) with schemaMigration: SchemaMigration.rebuild('<why>', '<this topic>') and move producers and jobs to it`;
    expect(() => plan(ORDERS(), fourReplicas, 'prod')).toThrow(['pipeline "orders" has 2 problems:', message(0, 'orders'), message(1, 'customers')].join('\n'));
    expect(() => plan(exampleWith((d) => { d.topics[0].schemaMigration = SchemaMigration.rebuild('more replicas'); }), fourReplicas, 'prod')).toThrow('topics[0] ("orders").replicationFactor: changes 3 → 4');
  });

  test('the lock records each topic\'s replication factor', () => {
    expect(readStateLock('prod').content?.pipelines.orders.topics?.orders.replicationFactor).toBe(3);
    expect(readStateLock('dev').content?.pipelines.orders.topics?.orders.replicationFactor).toBe(1);
  });
});

function ORDERS(): PipelineDefinition {
  return exampleWith(() => undefined);
}
