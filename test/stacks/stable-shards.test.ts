import * as fs from 'fs';
import * as path from 'path';
import { addPipelineStacks } from '../../lib/app/pipeline-app';
import { PipelineDefinition } from '../../lib/definition/pipeline-definition';
import { generatedPipeline } from '../../lib/examples/generated-pipeline';
import { testApp } from '../support/test-app';

/**
 * Stable placement in nested stacks: a pipeline split into parts (small `resourcesPerStack`) keeps every pre-existing
 * job's, topic's, table's and claim's resources in the same template under the same logical id when a job is inserted
 * before the others or one is removed. A resource with a physical name that moved would be deleted in one stack and
 * created in another: the create fails (the name exists) and so does the deployment.
 */
const NAMED_TYPES: Record<string, (properties: Record<string, unknown>) => unknown> = {
  'AWS::KinesisAnalyticsV2::Application': (p) => p.ApplicationName,
  'AWS::MSK::Topic': (p) => p.TopicName,
  'AWS::Glue::Table': (p) => (p.TableInput as Record<string, unknown> | undefined)?.Name,
  'AWS::SSM::Parameter': (p) => p.Name,
  'Custom::AWSCDK-EKS-KubernetesResource': (p) => p.Manifest,
};

/** Where each named resource is: its physical name (or manifest) → template file and logical id. */
function placement(definition: PipelineDefinition, flavor: string, resourcesPerStack: number | undefined = 60): Map<string, string> {
  const app = testApp({ env: 'prod', flavor });
  addPipelineStacks(app, definition, { resourcesPerStack });
  const directory = app.synth().directory;
  const where = new Map<string, string>();
  for (const file of fs.readdirSync(directory).filter((f) => f.endsWith('.template.json') && (f.startsWith('gen') || f.includes('nested')))) {
    const template = JSON.parse(fs.readFileSync(path.join(directory, file), 'utf8')) as { Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
    for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
      const name = NAMED_TYPES[resource.Type]?.(resource.Properties ?? {});
      if (name !== undefined) where.set(`${resource.Type} ${JSON.stringify(name)}`, `${file} ${logicalId}`);
    }
  }
  return where;
}

function withJobs(jobs: PipelineDefinition['jobs'], all: PipelineDefinition): PipelineDefinition {
  const names = new Set(jobs.flatMap((j) => [...j.sources, ...j.sinks]));
  return { ...all, jobs, topics: all.topics.filter((t) => names.has(t.name)), tables: all.tables?.filter((t) => names.has(t.name)) };
}

/** What moved between two placements, for the names both have. */
function moved(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...before].filter(([name, at]) => after.has(name) && after.get(name) !== at).map(([name, at]) => `${name}: ${at} -> ${after.get(name)}`);
}

/**
 * KNOWN DEFECT (issue 19, "no silent replacement of state"): `ResourceShards` places units by order, so today these
 * changes move later units into other parts. The cases that move something today are `test.failing` (they pass while
 * the defect is there and fail once placement is stable: then turn them into plain `test`). The moved resources are
 * printed.
 */
const all = generatedPipeline({ name: 'gen', jobs: 13 });
const base = withJobs(all.jobs.slice(1, 12), all);
const CHANGES: Record<string, PipelineDefinition> = {
  'a job inserted before the others': withJobs([all.jobs[0], ...base.jobs], all),
  'a job removed': withJobs(base.jobs.filter((j) => j.name !== 'job-3'), all),
};
/** Cases that move resources on today's code. */
const MOVES_TODAY = new Set(['managed/a job inserted before the others', 'managed/a job removed', 'self-hosted/a job removed']);

describe.each(['managed', 'self-hosted'])('stable parts on the %s flavor (prod, 60 resources per stack)', (flavor) => {
  const before = placement(base, flavor);

  test('the pipeline is split into several parts', () => {
    expect(new Set([...before.values()].map((at) => at.split(' ')[0])).size).toBeGreaterThan(2);
  });

  for (const [change, definition] of Object.entries(CHANGES)) {
    const declare = MOVES_TODAY.has(`${flavor}/${change}`) ? test.failing : test;
    declare(`${change} moves nothing that was there and stays`, () => {
      const after = placement(definition, flavor);
      const list = moved(before, after);
      if (list.length > 0) process.stdout.write(`${flavor}, ${change}: ${list.length} moved\n  ${list.join('\n  ')}\n`);
      expect(after.size).not.toBe(before.size);
      expect(list).toEqual([]);
    });
  }
});

/**
 * KNOWN DEFECT, within one stack: managed topics are created in batches of 25 (`Topics`, `Topics2`, …) by order, so a
 * topic inserted before others moves the 25th topic of a batch into the next batch: same stack, new logical id, so
 * CloudFormation creates an AWS::MSK::Topic with a name that exists and the deployment fails. `test.failing` until
 * fixed (see above).
 */
test.failing('managed: a topic inserted before others keeps every other topic\'s logical id (batches of 25)', () => {
  const generated = generatedPipeline({ name: 'gen', jobs: 27 });
  const withTopics = (topics: PipelineDefinition['topics']): PipelineDefinition => ({ ...generated, topics, tables: generated.tables?.slice(0, 1), jobs: [generated.jobs[0]] });
  const before = placement(withTopics([generated.topics[0], ...generated.topics.slice(2)]), 'managed', undefined);
  const after = placement(withTopics(generated.topics), 'managed', undefined);
  const list = moved(before, after);
  if (list.length > 0) process.stdout.write(`managed, a topic inserted: ${list.length} moved\n  ${list.join('\n  ')}\n`);
  expect(after.size).toBe(before.size + 1);
  expect(list).toEqual([]);
});
