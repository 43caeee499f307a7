import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { addPipelineStacks } from '../../lib/app/pipeline-app';
import { placementFromAssembly } from '../../lib/app/assembly-placement';
import { PipelineDefinition } from '../../lib/definition/pipeline-definition';
import { generatedPipeline } from '../../lib/examples/generated-pipeline';
import { recordDeployedState } from '../../lib/plan/record-state-lock';
import { readStateLock } from '../../lib/plan/state-lock';
import { testApp } from '../support/test-app';

/**
 * Stable placement in nested stacks: a pipeline split into parts (small `resourcesPerStack`) keeps every deployed
 * job's, topic's, table's and claim's resources in the same template under the same logical id when a job is inserted
 * before the others or one is removed. A resource with a physical name that moved would be deleted in one stack and
 * created in another: the create fails (the name exists) and so does the deployment. What keeps them: the state lock
 * records where the deployment placed each unit (read from its cloud assembly, as `pipelines schema lock` does), and
 * the next synth puts every recorded unit there again.
 */
const NAMED_TYPES: Record<string, (properties: Record<string, unknown>) => unknown> = {
  'AWS::KinesisAnalyticsV2::Application': (p) => p.ApplicationName,
  'AWS::MSK::Topic': (p) => p.TopicName,
  'AWS::Glue::Table': (p) => (p.TableInput as Record<string, unknown> | undefined)?.Name,
  'AWS::SSM::Parameter': (p) => p.Name,
  'Custom::AWSCDK-EKS-KubernetesResource': (p) => p.Manifest,
};

interface Synthesized {
  /** Physical name (or manifest) → template file and logical id. */
  readonly where: Map<string, string>;
  /** Records what this synth placed where, as `pipelines schema lock` does after a deploy; returns the lock folder. */
  readonly recordLock: () => string;
}

const directories: string[] = [];
afterAll(() => directories.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function synthesize(definition: PipelineDefinition, flavor: string, options: { resourcesPerStack?: number; lockDirectory?: string } = {}): Synthesized {
  const app = testApp({ env: 'prod', flavor });
  const stacks = addPipelineStacks(app, definition, { resourcesPerStack: options.resourcesPerStack ?? 60, stateLockDirectory: options.lockDirectory });
  const directory = app.synth().directory;
  directories.push(directory);
  const where = new Map<string, string>();
  for (const file of fs.readdirSync(directory).filter((f) => f.endsWith('.template.json') && (f.startsWith('gen') || f.includes('nested')))) {
    const template = JSON.parse(fs.readFileSync(path.join(directory, file), 'utf8')) as { Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
    for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
      const name = NAMED_TYPES[resource.Type]?.(resource.Properties ?? {});
      if (name !== undefined) where.set(`${resource.Type} ${JSON.stringify(name)}`, `${file} ${logicalId}`);
    }
  }
  return {
    where,
    recordLock: () => {
      const lockDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'placement-lock-'));
      directories.push(lockDirectory);
      const placement = placementFromAssembly(directory, 'prod').pipelines.get(definition.name);
      recordDeployedState(definition, stacks.plan.environment, lockDirectory, placement);
      return lockDirectory;
    },
  };
}

function withJobs(jobs: PipelineDefinition['jobs'], all: PipelineDefinition): PipelineDefinition {
  const names = new Set(jobs.flatMap((j) => [...j.sources, ...j.sinks]));
  return { ...all, jobs, topics: all.topics.filter((t) => names.has(t.name)), tables: all.tables?.filter((t) => names.has(t.name)) };
}

/** What moved between two placements, for the names both have. */
function moved(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...before].filter(([name, at]) => after.has(name) && after.get(name) !== at).map(([name, at]) => `${name}: ${at} -> ${after.get(name)}`);
}

const all = generatedPipeline({ name: 'gen', jobs: 13 });
const base = withJobs(all.jobs.slice(1, 12), all);
const CHANGES: Record<string, PipelineDefinition> = {
  'a job inserted before the others': withJobs([all.jobs[0], ...base.jobs], all),
  // Its topic and table stay: they hold data (removing them in production needs a SchemaMigration).
  'a job removed': { ...base, jobs: base.jobs.filter((j) => j.name !== 'job-3') },
};

describe.each(['managed', 'self-hosted'])('stable parts on the %s flavor (prod, 60 resources per stack)', (flavor) => {
  const deployed = synthesize(base, flavor);
  const lock = deployed.recordLock();

  test('the pipeline is split into several parts, and the lock records where each job, topic, table and claim went', () => {
    expect(new Set([...deployed.where.values()].map((at) => at.split(' ')[0])).size).toBeGreaterThan(2);
    const placement = readStateLock('prod', lock).content?.pipelines.gen.placement?.[flavor];
    expect(Object.keys(placement ?? {}).sort()).toEqual(flavor === 'managed' ? ['ClaimPart', 'JobPart', 'TablePart', 'TopicPart'] : ['ClaimPart', 'JobPart', 'TablePart']);
    const jobs = Object.values(placement?.JobPart ?? {}).flat();
    expect(jobs.sort()).toEqual(base.jobs.map((j) => j.name).sort());
    // Some group spans several parts (managed: jobs; self-hosted: tables, its jobs' manifests being small).
    expect(Object.values(placement ?? {}).filter((parts) => Object.keys(parts).length > 1).length).toBeGreaterThan(0);
  });

  for (const [change, definition] of Object.entries(CHANGES)) {
    test(`${change} moves nothing that was deployed and stays`, () => {
      const after = synthesize(definition, flavor, { lockDirectory: lock }).where;
      const list = moved(deployed.where, after);
      if (list.length > 0) process.stdout.write(`${flavor}, ${change}: ${list.length} moved\n  ${list.join('\n  ')}\n`);
      expect(after.size).not.toBe(deployed.where.size);
      expect(list).toEqual([]);
    });
  }

  test('without the recorded placement, the same insert moves deployed units (what the lock prevents)', () => {
    const after = synthesize(CHANGES['a job inserted before the others'], flavor).where;
    expect(moved(deployed.where, after).length).toBeGreaterThan(0);
  });
});


test('managed: a topic inserted before others keeps every other topic\'s logical id, even before anything is recorded', () => {
  const generated = generatedPipeline({ name: 'gen', jobs: 27 });
  const withTopics = (topics: PipelineDefinition['topics']): PipelineDefinition => ({ ...generated, topics, tables: generated.tables?.slice(0, 1), jobs: [generated.jobs[0]] });
  const beforeInsert = synthesize(withTopics([generated.topics[0], ...generated.topics.slice(2)]), 'managed', { resourcesPerStack: 250 }).where;
  const afterInsert = synthesize(withTopics(generated.topics), 'managed', { resourcesPerStack: 250 }).where;
  const list = moved(beforeInsert, afterInsert);
  if (list.length > 0) process.stdout.write(`managed, a topic inserted: ${list.length} moved\n  ${list.join('\n  ')}\n`);
  // The topic and the parameter that claims it.
  expect(afterInsert.size).toBe(beforeInsert.size + 2);
  expect(list).toEqual([]);
});
