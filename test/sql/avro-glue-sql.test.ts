import * as fs from 'fs';
import * as path from 'path';
import { Flavor } from '../../lib/flavor';
import { renderJobSql } from '../../lib/sql/render-job-sql';
import { AVRO_GLUE_PIPELINE } from '../fixtures/avro-glue-pipeline';
import { examplePlan } from '../support/test-app';
import { KAFKA_OF, lakehouseOf } from './sql-fixtures';

const GOLDEN_DIR = path.join(__dirname, 'golden');
const plan = examplePlan('dev', Flavor.ALL, AVRO_GLUE_PIPELINE);

function render(flavor: Flavor): string {
  const job = plan.jobs.find((j) => j.name === 'orders-to-lake');
  const kafka = KAFKA_OF.get(flavor);
  if (job === undefined || kafka === undefined) throw new Error('fixture');
  return renderJobSql(plan, job, kafka, lakehouseOf(plan, flavor));
}

describe('golden SQL of an Avro-Glue topic (UPDATE_GOLDEN=1 rewrites the files)', () => {
  test.each(Flavor.ALL.map((f) => [f.id, f] as const))('orders-to-lake on %s reads orders with the avro-glue format of the pipeline registry', (id, flavor) => {
    const file = path.join(GOLDEN_DIR, `avro-glue-orders-to-lake.${id}.sql`);
    const sql = render(flavor);
    if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(file, sql);
    expect(sql).toBe(fs.readFileSync(file, 'utf8'));
  });

  test('the options name the region, the registry <pipeline>-<env>, the topic schema, and no auto-registration', () => {
    const sql = render(Flavor.MANAGED);
    expect(sql).toContain([
      "  'value.format' = 'avro-glue',",
      `  'value.avro-glue.aws.region' = '${plan.environment.region}',`,
      "  'value.avro-glue.registry.name' = 'orders-dev',",
      "  'value.avro-glue.schema.name' = 'orders',",
      "  'value.avro-glue.schema.autoRegistration' = 'false'",
    ].join('\n'));
    expect(sql).not.toContain('value.json.');
  });
});
