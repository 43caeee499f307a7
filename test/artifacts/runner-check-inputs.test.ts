import * as fs from 'fs';
import * as path from 'path';
import { Flavor } from '../../lib/flavor';
import { RUNNER_CHECK_MANIFEST, checkFileName, renderCheckSchema, runnerCheckFiles } from '../../lib/artifacts/runner-check-inputs';
import { examplePlan } from '../support/test-app';

/**
 * The build-time check's inputs, written at synth time from the plan: the scripts the flavor runs (only the endpoints
 * that are deploy-time tokens differ), the sink tables for the local catalog, and the topics' columns.
 */
const plan = examplePlan('dev');
const GOLDEN = path.join(__dirname, '..', 'sql', 'golden');

/** A script without the lines that carry deploy-time endpoints (bootstrap servers, warehouse bucket). */
function withoutEndpoints(sql: string): string {
  return sql.split('\n').filter((l) => !/'properties\.bootstrap\.servers'|'warehouse'/.test(l)).join('\n');
}

describe.each([Flavor.SELF_HOSTED, Flavor.MANAGED])('check inputs of the %s flavor', (flavor) => {
  const files = runnerCheckFiles(plan, flavor);

  test('the manifest names every job with its script, sink tables and sources, and every source topic\'s schema', () => {
    const manifest = files[RUNNER_CHECK_MANIFEST].split('\n');
    expect(manifest).toEqual(expect.arrayContaining([
      'jobs=orders-to-lake,customers-nightly',
      'job.orders-to-lake.script=jobs/job-000.sql',
      'job.orders-to-lake.tables=jobs/job-000.tables.sql',
      'job.orders-to-lake.sources=orders',
      'source.orders.schema=schemas/topic-000.columns',
    ]));
    for (const line of manifest.filter((l) => /\.(script|tables|schema|settings)=/.test(l))) {
      expect(Object.keys(files)).toContain(`check/${line.split('=')[1]}`);
    }
  });

  test.each(['orders-to-lake', 'customers-nightly'])('%s: the script is the flavor\'s script but for the deploy-time endpoints', (job) => {
    const golden = fs.readFileSync(path.join(GOLDEN, `${job}.${flavor.id}.sql`), 'utf8');
    const check = files[`check/jobs/${checkFileName('job', plan.jobs.findIndex((j) => j.name === job))}.sql`];
    expect(withoutEndpoints(check)).toBe(withoutEndpoints(golden));
    expect(check).toContain('.sql-runner-check.invalid:');
  });

  test('the sink tables are created in the local catalog with the plan\'s columns, key and format version', () => {
    const ddl = files['check/jobs/job-000.tables.sql'];
    const table = plan.lakehouse.tables.find((t) => t.name === 'orders');
    expect(table).toBeDefined();
    const db = plan.names.glueDatabase(table?.database ?? '', flavor);
    expect(ddl).toContain(`CREATE DATABASE IF NOT EXISTS \`lakehouse\`.\`${db}\`;`);
    expect(ddl).toContain(`CREATE TABLE IF NOT EXISTS \`lakehouse\`.\`${db}\`.\`orders\` (`);
    for (const c of table?.columns ?? []) expect(ddl).toContain(`  \`${c.name}\` ${c.type.sqlType}${c.nullable ? '' : ' NOT NULL'}`);
    expect(ddl).toContain(`PRIMARY KEY (${table?.primaryKey.map((k) => `\`${k}\``).join(', ')}) NOT ENFORCED`);
    expect(ddl.match(/'format-version' = '2'/g)).toHaveLength(1);
    for (const [k, v] of Object.entries(table?.properties ?? {})) expect(ddl).toContain(`'${k}' = '${v}'`);
  });

  test('each source topic\'s schema lists its columns with their Flink SQL types', () => {
    const topic = plan.topics.find((t) => t.name === 'orders');
    expect(files['check/schemas/topic-000.columns']).toBe(renderCheckSchema(topic?.columns ?? []));
    expect(files['check/schemas/topic-000.columns']).toContain('order_ts\tTIMESTAMP_LTZ(3)\n');
    expect(files['check/schemas/topic-000.columns']).toContain('amount\tDECIMAL(12, 2)\n');
  });
});

test('managed settings travel like on MSF: in the script when the runtime allows SET, else in a settings file', () => {
  const managed = runnerCheckFiles(plan, Flavor.MANAGED);
  expect(plan.artifacts.managed?.allowsSetStatements).toBe(true);
  expect(managed['check/jobs/job-000.sql']).toContain("SET 'execution.runtime-mode' = 'streaming';");
  expect(Object.keys(managed).filter((f) => f.endsWith('.properties') && f !== RUNNER_CHECK_MANIFEST)).toEqual([]);
});
