import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { main } from '../../bin/cli';
import { addPipelineStacks } from '../../lib/app/pipeline-app';
import { ColumnType } from '../../lib/definition/column-type';
import { PipelineDefinition } from '../../lib/definition/pipeline-definition';
import { SchemaMigration } from '../../lib/definition/schema-migration';
import { PartitionTransform } from '../../lib/definition/table-options';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { Flavor } from '../../lib/flavor';
import { PipelinePlan } from '../../lib/plan/pipeline-plan';
import { nextDeployedLock, recordDeployedState, staleLockMessage } from '../../lib/plan/record-state-lock';
import { resolvePlan } from '../../lib/plan/resolve-plan';
import { typeChange } from '../../lib/plan/schema-compatibility';
import { StateLock, StateLockFile, readStateLock } from '../../lib/plan/state-lock';
import { formatProblem } from '../../lib/validation/validation-problem';
import { ENVIRONMENT_NAMES, Mutable, environment, exampleWith, testApp } from '../support/test-app';

const RECORD = '— after the deploy, record it with `npx pipelines schema lock -c env=prod`';
const AS_RECORDED = (kind: string, name: string) => `(${kind} ${JSON.stringify(name)} as recorded in schemas/prod.lock.json)`;

/** The prod lock a definition would record on an empty history (what "deployed" means in these tests). */
function lockOf(definition: PipelineDefinition): StateLock {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-lock-'));
  return { file: 'schemas/prod.lock.json', content: nextDeployedLock(definition, environment('prod'), dir).content };
}

/** The committed prod lock, edited. */
function committedWith(edit: (lock: Mutable<StateLockFile>) => void): StateLock {
  const lock = readStateLock('prod');
  const content = JSON.parse(JSON.stringify(lock.content)) as Mutable<StateLockFile>;
  edit(content);
  return { file: lock.file, content: content as StateLockFile };
}

function plan(definition: PipelineDefinition, lock: StateLock = readStateLock('prod'), env = 'prod'): PipelinePlan {
  return resolvePlan(definition, environment(env), Flavor.ALL, { stateLock: lock });
}

function warnings(definition: PipelineDefinition, lock?: StateLock): string[] {
  return plan(definition, lock).schemaWarnings.map(formatProblem);
}

/** The example with one more column on the customers topic and table (read by the stateless nightly batch job). */
function customersWith(column: { name: string; type: ColumnType; nullable?: boolean }): PipelineDefinition {
  return exampleWith((d) => { d.topics[1].columns.push({ ...column }); d.tables[1].columns.push({ ...column }); });
}

describe('item 1: the committed lock', () => {
  test.each(ENVIRONMENT_NAMES)('schemas/%s.lock.json records the example: no schema warning, no refusal', (env) => {
    expect(plan(ORDERS_PIPELINE, readStateLock(env), env).schemaWarnings).toEqual([]);
  });

  test.each(ENVIRONMENT_NAMES)('CI check: schemas/%s.lock.json is current for the example definition', (env) => {
    expect(staleLockMessage(ORDERS_PIPELINE, environment(env))).toBeUndefined();
  });

  test('CI check: a definition changed without re-recording makes the lock stale, with the exact message', () => {
    expect(staleLockMessage(customersWith({ name: 'segment', type: ColumnType.STRING }), environment('prod')))
      .toBe('schemas/prod.lock.json is stale: it does not record pipeline "orders" as defined — deploy the change, then run `npx pipelines schema lock -c env=prod` and commit the file');
  });
});

describe('item 1: compatible changes pass and are listed', () => {
  test('add an optional column', () => {
    expect(warnings(customersWith({ name: 'segment', type: ColumnType.STRING }))).toEqual([
      `topics[1] ("customers").columns[5] ("segment"): is a new optional column (STRING): what was written before reads as null ${RECORD}`,
      `tables[1] ("customers").columns[5] ("segment"): is a new optional column (STRING): what was written before reads as null ${RECORD}`,
    ]);
  });

  test.each([
    ['INT → BIGINT', ColumnType.INT, ColumnType.BIGINT],
    ['FLOAT → DOUBLE', ColumnType.FLOAT, ColumnType.DOUBLE],
    ['decimal precision, same scale', ColumnType.decimal(10, 2), ColumnType.decimal(14, 2)],
  ])('widen %s', (_, before, after) => {
    const lock = lockOf(customersWith({ name: 'visits', type: before }));
    expect(warnings(customersWith({ name: 'visits', type: after }), lock)).toEqual([
      `topics[1] ("customers").columns[5] ("visits"): widens ${before} → ${after} (an Iceberg type promotion: existing data reads as ${after}) ${RECORD}`,
      `tables[1] ("customers").columns[5] ("visits"): widens ${before} → ${after} (an Iceberg type promotion: existing data reads as ${after}) ${RECORD}`,
    ]);
  });

  test('make a required column optional', () => {
    const lock = lockOf(exampleWith((d) => { d.tables[1].columns[1] = { name: 'name', type: ColumnType.STRING, nullable: false }; }));
    expect(warnings(ORDERS_PIPELINE, lock)).toEqual([`tables[1] ("customers").columns[1] ("name"): becomes optional: readers must now expect null ${RECORD}`]);
  });

  test('add a topic, a table and a streaming job', () => {
    const lock = committedWith((l) => {
      delete l.pipelines.orders.topics?.customers;
      delete l.pipelines.orders.tables?.['orders.customers'];
      delete l.pipelines.orders.jobs['orders-to-lake'];
    });
    expect(warnings(ORDERS_PIPELINE, lock)).toEqual([
      `topics[1] ("customers"): is a new topic: the deploy creates it ${RECORD}`,
      `tables[1] ("customers"): is a new table: the deploy creates it ${RECORD}`,
      `jobs[0] ("orders-to-lake"): is a new streaming job: it starts without state ${RECORD}`,
    ]);
  });

  test('raise partitions', () => {
    const lock = committedWith((l) => { const t = l.pipelines.orders.topics?.customers; if (t) t.partitions = 3; });
    expect(warnings(ORDERS_PIPELINE, lock)).toEqual([`topics[1] ("customers").partitions: rises 3 → 6: Kafka adds partitions in place; keys map to other partitions from then on (per-key order holds only for records written after the change) ${RECORD}`]);
  });

  test('synth lists them as CDK warnings on the pipeline stacks (and never writes the lock)', () => {
    const before = fs.readFileSync('schemas/dev.lock.json', 'utf8');
    const { pipelineStacks } = addPipelineStacks(testApp({ env: 'dev', flavor: 'managed' }), customersWith({ name: 'segment', type: ColumnType.STRING }));
    Annotations.fromStack(pipelineStacks[0]).hasWarning('*', Match.stringLikeRegexp('tables\\[1\\] \\("customers"\\)\\.columns\\[5\\] \\("segment"\\): is a new optional column'));
    expect(fs.readFileSync('schemas/dev.lock.json', 'utf8')).toBe(before);
  });
});

describe('item 1: incompatible changes fail with the migration advice', () => {
  const REBUILD = (kind: string) => `or set schemaMigration: SchemaMigration.rebuild('<why>') and rebuild the ${kind} under a new name, filled again from its source`;

  test('drop a column', () => {
    expect(() => plan(exampleWith((d) => { d.tables[1].columns.splice(2, 1); }))).toThrow([
      'pipeline "orders" has 1 problem:',
      `  - tables[1] ("customers").columns: drops column "email" (STRING; a rename is a drop plus an add): jobs and readers lose its values ${AS_RECORDED('table', 'customers')} — keep it (stop filling it: it reads as null), or set schemaMigration: SchemaMigration.dropColumn('email', '<why>')`,
    ].join('\n'));
  });

  test('rename a column (a drop plus an add)', () => {
    const renamed = exampleWith((d) => { d.tables[1].columns[3] = { name: 'country_code', type: ColumnType.STRING }; d.topics[1].columns[3] = { name: 'country_code', type: ColumnType.STRING }; });
    expect(() => plan(renamed)).toThrow(`  - tables[1] ("customers").columns: drops column "country" (STRING; a rename is a drop plus an add): jobs and readers lose its values ${AS_RECORDED('table', 'customers')} — keep it (stop filling it: it reads as null), or set schemaMigration: SchemaMigration.dropColumn('country', '<why>')`);
  });

  test('narrow a type', () => {
    const lock = lockOf(customersWith({ name: 'visits', type: ColumnType.BIGINT }));
    expect(() => plan(customersWith({ name: 'visits', type: ColumnType.INT }), lock)).toThrow(`  - tables[1] ("customers").columns[5] ("visits"): narrows BIGINT → INT: values already written may not fit ${AS_RECORDED('table', 'customers')} — keep BIGINT, ${REBUILD('table')}`);
  });

  test('change a type Iceberg cannot promote', () => {
    const lock = lockOf(customersWith({ name: 'visits', type: ColumnType.INT }));
    expect(() => plan(customersWith({ name: 'visits', type: ColumnType.STRING }), lock)).toThrow(`  - tables[1] ("customers").columns[5] ("visits"): changes type INT → STRING, which Iceberg cannot promote (only INT → BIGINT, FLOAT → DOUBLE, DECIMAL(P, S) → DECIMAL(P', S) with P' > P) ${AS_RECORDED('table', 'customers')} — keep INT and add a new column for the new type, ${REBUILD('table')}`);
  });

  test('make a column required', () => {
    expect(() => plan(exampleWith((d) => { d.tables[1].columns[1] = { name: 'name', type: ColumnType.STRING, nullable: false }; })))
      .toThrow(`  - tables[1] ("customers").columns[1] ("name"): becomes required (NOT NULL), but what was written before may hold null ${AS_RECORDED('table', 'customers')} — keep it optional and filter nulls in the job's query, ${REBUILD('table')}`);
  });

  test('add a required column', () => {
    expect(() => plan(customersWith({ name: 'segment', type: ColumnType.STRING, nullable: false })))
      .toThrow(`  - tables[1] ("customers").columns[5] ("segment"): is a new required column (STRING NOT NULL), but what was written before has no value for it ${AS_RECORDED('table', 'customers')} — make it optional (nullable: true), ${REBUILD('table')}`);
  });

  test('change a primary key', () => {
    expect(() => plan(exampleWith((d) => { d.tables[1].primaryKey = ['customer_id', 'country']; })))
      .toThrow(`  - tables[1] ("customers").primaryKey: changes [customer_id] → [customer_id, country]: rows written before were upserted by the old key and would not be replaced by the new one ${AS_RECORDED('table', 'customers')} — keep the primary key, ${REBUILD('table')}`);
  });

  test('change a partition spec', () => {
    expect(() => plan(exampleWith((d) => { d.tables[0].partitionBy = [PartitionTransform.hour('order_ts')]; })))
      .toThrow(`  - tables[0] ("orders").partitionBy: changes [day(order_ts)] → [hour(order_ts)]: the Glue table was created with the old spec and upsert deletes must meet the rows in their partition ${AS_RECORDED('table', 'orders')} — keep the partition spec, ${REBUILD('table')}`);
  });

  test('change a topic key', () => {
    expect(() => plan(exampleWith((d) => { d.topics[1].key = ['email']; })))
      .toThrow(`  - topics[1] ("customers").key: changes the record key [customer_id] (from-value) → [email] (from-value): records of one key would land in other partitions and compaction would keep the wrong ones ${AS_RECORDED('topic', 'customers')} — keep the key, ${REBUILD('topic')}`);
  });

  test('lower partitions', () => {
    const lock = committedWith((l) => { const t = l.pipelines.orders.topics?.customers; if (t) t.partitions = 12; });
    expect(() => plan(ORDERS_PIPELINE, lock)).toThrow(`  - topics[1] ("customers").partitions: falls 12 → 6, but Kafka cannot remove partitions ${AS_RECORDED('topic', 'customers')} — keep 12 (set partitions: 12 when the sizing model derived the new count), ${REBUILD('topic')}`);
  });

  test('change a job\'s query so its state breaks: the state lock refuses it (test/plan/state-lock.test.ts has the exact message)', () => {
    expect(() => plan(exampleWith((d) => { d.jobs[0].transforms = { orders: 'SELECT order_id, customer_id, status, amount, currency, order_ts FROM orders' }; })))
      .toThrow(/jobs\[0\] \("orders-to-lake"\): its state-relevant SQL changed since the deployment recorded in schemas\/prod\.lock\.json/);
  });

  test('dev refuses them too: schemas outlive environments\' state', () => {
    expect(() => plan(exampleWith((d) => { d.tables[1].columns.splice(2, 1); }), readStateLock('dev'), 'dev')).toThrow('drops column "email"');
  });
});

describe('item 1: named migrations', () => {
  test('SchemaMigration.dropColumn accepts that drop, listed with what to do next', () => {
    const dropped = exampleWith((d) => { d.tables[1].columns.splice(2, 1); d.tables[1].schemaMigration = SchemaMigration.dropColumn('email', 'GDPR: no e-mails in the lake'); });
    expect(warnings(dropped)).toEqual([`tables[1] ("customers").columns: drops column "email" (STRING; a rename is a drop plus an add): jobs and readers lose its values; accepted by schemaMigration drop-column("email", "GDPR: no e-mails in the lake") — after the deploy, record it with \`npx pipelines schema lock -c env=prod\` and remove schemaMigration`]);
  });

  test('SchemaMigration.dropColumn of another column accepts nothing else', () => {
    const wrong = exampleWith((d) => { d.tables[1].columns.splice(2, 1); d.tables[1].schemaMigration = SchemaMigration.dropColumn('phone', 'x'); });
    expect(() => plan(wrong)).toThrow('drops column "email"');
  });

  test('SchemaMigration.rebuild accepts a changed partition spec', () => {
    const rebuilt = exampleWith((d) => { d.tables[0].partitionBy = [PartitionTransform.hour('order_ts')]; d.tables[0].schemaMigration = SchemaMigration.rebuild('hourly reads; table recreated as orders_v2'); });
    expect(warnings(rebuilt)).toEqual([expect.stringMatching(/^tables\[0\] \("orders"\)\.partitionBy: changes \[day\(order_ts\)\] → \[hour\(order_ts\)\]: .*; accepted by schemaMigration rebuild\("hourly reads; table recreated as orders_v2"\) — after the deploy/)]);
  });

  test('a migration with nothing to accept is a warning to remove it', () => {
    expect(warnings(exampleWith((d) => { d.topics[1].schemaMigration = SchemaMigration.rebuild('left over'); })))
      .toEqual(['topics[1] ("customers").schemaMigration: is rebuild("left over"), but nothing it accepts changed since schemas/prod.lock.json — remove it']);
  });
});

describe('item 1: a schema migration is validated', () => {
  test.each([
    ['without a reason', exampleWith((d) => { d.tables[1].columns.splice(2, 1); d.tables[1].schemaMigration = SchemaMigration.dropColumn('email', ' '); }),
      'tables[1] ("customers").schemaMigration: is drop-column without a reason — say why, e.g. SchemaMigration.dropColumn(\'email\', \'no personal data in the lake\')'],
    ['naming a column still defined', exampleWith((d) => { d.tables[1].schemaMigration = SchemaMigration.dropColumn('email', 'x'); }),
      'tables[1] ("customers").schemaMigration: drops column "email", which columns still define — remove the column from columns, or remove the migration'],
    ['on a shared input', exampleWith((d) => { d.topics[1].sharedFrom = 'crm'; d.topics[1].schemaMigration = SchemaMigration.rebuild('x'); }),
      'topics[1] ("customers").schemaMigration: is rebuild("x"), but the topic is pipeline "crm"\'s shared input — remove it: the owner migrates its topic'],
  ])('fails %s', (_, definition, message) => {
    expect(() => resolvePlan(definition, environment('dev'))).toThrow(message);
  });
});

describe('item 1: recording the lock', () => {
  test('a lock recorded before schemas were locked is an error in production and a warning elsewhere', () => {
    const old = (env: string) => ({ file: `schemas/${env}.lock.json`, content: { format: 1, environment: env, pipelines: { orders: { jobs: readStateLock(env).content?.pipelines.orders.jobs ?? {} } } } });
    expect(() => plan(ORDERS_PIPELINE, old('prod'))).toThrow('schemas/prod.lock.json: records no topic and table schemas of pipeline "orders", so an incompatible schema change cannot be detected — record what is deployed with `npx pipelines schema lock -c env=prod` and commit the file');
    expect(plan(ORDERS_PIPELINE, old('dev'), 'dev').schemaWarnings).toHaveLength(1);
  });

  test('production refuses to record an incompatible change that no migration accepted', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-lock-'));
    fs.copyFileSync('schemas/prod.lock.json', path.join(dir, 'prod.lock.json'));
    expect(() => recordDeployedState(exampleWith((d) => { d.tables[1].columns.splice(2, 1); }), environment('prod'), dir)).toThrow('drops column "email"');
  });

  test('Iceberg field ids survive: a new column gets the next id, a dropped column\'s id is never reused', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-lock-'));
    fs.copyFileSync('schemas/dev.lock.json', path.join(dir, 'dev.lock.json'));
    const ids = () => readStateLock('dev', dir).content?.pipelines.orders.tables?.['orders.customers'].columns.map((c) => `${c.name}:${c.id}`);
    recordDeployedState(exampleWith((d) => { d.tables[1].columns.splice(2, 1); d.tables[1].schemaMigration = SchemaMigration.dropColumn('email', 'x'); }), environment('dev'), dir);
    expect(ids()).toEqual(['customer_id:1', 'name:2', 'country:4', 'updated_at:5']);
    recordDeployedState(exampleWith((d) => { d.tables[1].columns.splice(2, 1, { name: 'segment', type: ColumnType.STRING }); d.topics[1].columns.push({ name: 'segment', type: ColumnType.STRING }); }), environment('dev'), dir);
    expect(ids()).toEqual(['customer_id:1', 'name:2', 'segment:6', 'country:4', 'updated_at:5']);
  });

  test('a table rebuilt under SchemaMigration.rebuild starts a new history: ids from 1, created as now', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-lock-'));
    fs.copyFileSync('schemas/dev.lock.json', path.join(dir, 'dev.lock.json'));
    recordDeployedState(exampleWith((d) => { d.tables[1].columns.splice(2, 1); d.tables[1].primaryKey = ['customer_id', 'country']; d.tables[1].schemaMigration = SchemaMigration.rebuild('new key'); }), environment('dev'), dir);
    const table = readStateLock('dev', dir).content?.pipelines.orders.tables?.['orders.customers'];
    expect(table?.columns.map((c) => `${c.name}:${c.id}`)).toEqual(['customer_id:1', 'name:2', 'country:3', 'updated_at:4']);
    expect(table?.created?.schema.identifierFieldIds).toEqual([1, 3]);
  });

  test('type changes Iceberg can promote', () => {
    expect([['INT', 'BIGINT'], ['FLOAT', 'DOUBLE'], ['DECIMAL(10, 2)', 'DECIMAL(12, 2)'], ['BIGINT', 'INT'], ['DECIMAL(10, 2)', 'DECIMAL(10, 3)'], ['INT', 'DOUBLE']].map(([a, b]) => typeChange(a, b)))
      .toEqual(['widen', 'widen', 'widen', 'narrow', 'change', 'change']);
  });
});

describe('item 1: the lock command', () => {
  test('`pipelines schema lock -c env=dev` writes schemas/dev.lock.json of the app directory (as committed); `state-lock` is its alias', async () => {

    const cwd = process.cwd();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-lock-cli-'));
    fs.copyFileSync('cdk.json', path.join(dir, 'cdk.json'));
    // An app directory has its own ts-node, which loads the TypeScript definitions module.
    fs.symlinkSync(path.join(cwd, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      process.chdir(dir);
      // The copied cdk.json names the definitions module relative to the repository: name it absolutely here.
      const definitions = ['--definitions', path.join(cwd, 'lib', 'examples', 'orders-pipeline.ts')];
      expect(await main(['schema', 'lock', ...definitions, '-c', 'env=dev'])).toBe(0);
      expect(await main(['state-lock', ...definitions, '-c', 'env=staging'])).toBe(0);
    } finally {
      process.chdir(cwd);
      out.mockRestore();
    }
    expect(fs.readFileSync(path.join(dir, 'schemas', 'dev.lock.json'), 'utf8')).toBe(fs.readFileSync('schemas/dev.lock.json', 'utf8'));
    expect(fs.readFileSync(path.join(dir, 'schemas', 'staging.lock.json'), 'utf8')).toBe(fs.readFileSync('schemas/staging.lock.json', 'utf8'));
  });
});
