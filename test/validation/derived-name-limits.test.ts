import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addPipelineStacks } from '../../lib/app/pipeline-app';
import { findDefinitionProblems } from '../../lib/validation/validate-definition';
import { CDK_CONTEXT, exampleWith, testApp } from '../support/test-app';

/** The example pipeline with its `orders` topic renamed (jobs, producers and tables follow the topic). */
function withOrdersTopic(name: string) {
  return exampleWith((d) => {
    const topic = d.topics.find((t) => t.name === 'orders');
    if (topic === undefined) throw new Error('the example has no orders topic');
    (topic as { name: string }).name = name;
    for (const job of d.jobs) {
      const j = job as { sources?: string[]; transforms?: unknown };
      if (Array.isArray(j.sources) && j.sources.includes('orders')) {
        j.sources = j.sources.map((s) => (s === 'orders' ? name : s));
        // The example's transform reads `FROM orders`; without it the job copies the topic's columns as they are.
        delete j.transforms;
      }
    }
  });
}

describe('a 249-character topic (Kafka\'s limit) synthesizes on both flavors', () => {
  const topic = `orders.${'x'.repeat(242)}`;
  test('it is a legal topic name', () => {
    expect(topic).toHaveLength(249);
  });

  test.each(['managed', 'self-hosted'])('%s: synth succeeds (no ENAMETOOLONG), every alarm name within CloudWatch\'s 255', (flavor) => {
    const definition = withOrdersTopic(topic);
    expect(findDefinitionProblems(definition)).toEqual([]);
    const { pipelineStacks } = addPipelineStacks(testApp({ env: 'dev', flavor }) as App, definition);
    for (const stack of pipelineStacks) {
      const alarms = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm')).map((a) => String(a.Properties.AlarmName));
      for (const name of alarms) expect(name.length).toBeLessThanOrEqual(255);
    }
  });
});

describe('Glue database names derived per flavor fit Glue\'s 255', () => {
  test('a 250-character database is refused at validation, naming path, value and fix', () => {
    const database = `o${'x'.repeat(249)}`;
    const problems = findDefinitionProblems(exampleWith((d) => { (d as { database?: string }).database = database; }));
    expect(problems).toEqual([{
      path: 'database',
      message: `"oxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…" (250 characters) becomes Glue database "oxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…" (262 characters) on the self-hosted flavor, longer than Glue's 255`,
      fix: 'shorten it to 243 characters or fewer (the flavor suffix takes 12)',
    }]);
  });

  test('a table\'s own database is checked too; 243 characters is the longest that fits both flavors', () => {
    const fits = findDefinitionProblems(exampleWith((d) => { (d.tables[0] as { database?: string }).database = `o${'x'.repeat(242)}`; }));
    expect(fits).toEqual([]);
    const over = findDefinitionProblems(exampleWith((d) => { (d.tables[0] as { database?: string }).database = `o${'x'.repeat(243)}`; }));
    expect(over.map((p) => [p.path, p.fix])).toEqual([['tables[0] ("orders").database', 'shorten it to 243 characters or fewer (the flavor suffix takes 12)']]);
  });
});

test('an MSF application name over 128 characters (a long environment and job name) is refused before any construct, naming the job (the managed plan rules already did)', () => {
  const longEnv = `e${'x'.repeat(89)}`;
  const job = `o${'x'.repeat(39)}`;
  const environments = CDK_CONTEXT['pipelines:environments'] as Record<string, unknown>;
  const app = testApp({ 'env': longEnv, 'flavor': 'managed', 'pipelines:environments': { ...environments, [longEnv]: environments.dev } });
  const definition = exampleWith((d) => { (d.jobs[0] as { name: string }).name = job; });
  expect(() => addPipelineStacks(app, definition)).toThrow(
    `jobs[0] ("${job}").name: gives the MSF application name "orders-${longEnv}-${job}" of 138 characters, more than 128 — shorten the pipeline or job name`);
});
