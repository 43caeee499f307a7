import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ResourceDifference, ResourceImpact, fullDiff } from '@aws-cdk/cloudformation-diff';
import { App, Duration } from 'aws-cdk-lib';
import { addPipelineStacks } from '../../lib/app/pipeline-app';
import { findFlinkRelease } from '../../lib/catalog/flink-release-catalog';
import { ColumnType } from '../../lib/definition/column-type';
import { JobMode } from '../../lib/definition/job-options';
import { PipelineDefinition } from '../../lib/definition/pipeline-definition';
import { SchemaMigration } from '../../lib/definition/schema-migration';
import { ENVIRONMENTS_CONTEXT_KEY } from '../../lib/environment/load-environments';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { STATE_LOCK_DIRECTORY } from '../../lib/plan/state-lock';
import { CDK_CONTEXT, Mutable, exampleWith } from '../support/test-app';

/**
 * No silent replacement of state: the changes users make to a production definition, each synthesized before and
 * after (prod, both flavors, against the committed lock of schemas/prod.lock.json) and diffed with
 * @aws-cdk/cloudformation-diff. A change the synth lets through replaces or removes no stateful resource; a change
 * that would is refused at synth with the way out, and synthesized once more without the lock to show what it would
 * have replaced (so each refusal is proven necessary, and a refusal that stops being needed shows up here).
 */
const STATEFUL_TYPES = new Set([
  'AWS::MSK::Cluster', 'AWS::MSK::ServerlessCluster', 'AWS::MSK::Topic', 'AWS::Glue::Database', 'AWS::Glue::Table', 'AWS::S3::Bucket',
  'AWS::KMS::Key', 'AWS::Logs::LogGroup', 'AWS::KinesisAnalyticsV2::Application', 'Custom::AWSCDK-EKS-Cluster',
]);
const LOSES_STATE = new Set<string>([ResourceImpact.WILL_REPLACE, ResourceImpact.MAY_REPLACE, ResourceImpact.WILL_DESTROY, ResourceImpact.WILL_ORPHAN]);

type Templates = Record<string, { Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }> }>;
type Draft = Mutable<PipelineDefinition>;

interface UserChange {
  readonly name: string;
  readonly definition: PipelineDefinition;
  /** Changes to the prod environment of cdk.json. */
  readonly environment?: (prod: Record<string, unknown>) => void;
  /** Changes to what the package brings (the Flink catalog), undone after the synth. */
  readonly around?: <T>(synth: () => T) => T;
}

function prodContext(edit?: (prod: Record<string, unknown>) => void): Record<string, unknown> {
  const environments = JSON.parse(JSON.stringify(CDK_CONTEXT[ENVIRONMENTS_CONTEXT_KEY])) as Record<string, Record<string, unknown>>;
  edit?.(environments.prod);
  return { ...CDK_CONTEXT, [ENVIRONMENTS_CONTEXT_KEY]: environments, env: 'prod', flavor: 'both' };
}

/** Every template of prod, both flavors (nested ones too), by file name. */
function synth(definition: PipelineDefinition, context: Record<string, unknown>): Templates {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'no-replacement-'));
  try {
    const app = new App({ context, outdir, builtinCloudFormationValidation: false });
    addPipelineStacks(app, definition);
    app.synth();
    return Object.fromEntries(fs.readdirSync(outdir).filter((f) => f.endsWith('.template.json')).map((f) => [f, JSON.parse(fs.readFileSync(path.join(outdir, f), 'utf8'))]));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The same synth against a lock that has never seen the pipeline: nothing to compare with, nothing refused. */
function synthUnchecked(definition: PipelineDefinition, context: Record<string, unknown>): Templates {
  const cwd = process.cwd();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'no-replacement-lock-'));
  fs.mkdirSync(path.join(dir, STATE_LOCK_DIRECTORY));
  fs.writeFileSync(path.join(dir, STATE_LOCK_DIRECTORY, 'prod.lock.json'), JSON.stringify({ format: 1, environment: 'prod', pipelines: {} }));
  process.chdir(dir);
  try {
    return synth(definition, context);
  } finally {
    process.chdir(cwd);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function forEachResourceChange(before: Templates, after: Templates, visit: (file: string, logicalId: string, change: ResourceDifference) => void): void {
  for (const file of new Set([...Object.keys(before), ...Object.keys(after)])) {
    fullDiff(before[file] ?? {}, after[file] ?? {}).resources.forEachDifference((logicalId, change) => visit(file, logicalId, change));
  }
}

function changedResources(before: Templates, after: Templates): number {
  let count = 0;
  forEachResourceChange(before, after, () => { count++; });
  return count;
}

/** `<template> <logical id> <type> <impact>` of every stateful resource the change replaces or removes. */
function stateLost(before: Templates, after: Templates): string[] {
  const lost: string[] = [];
  forEachResourceChange(before, after, (file, logicalId, change) => {
    const type = change.oldResourceType ?? change.newResourceType ?? '';
    if (STATEFUL_TYPES.has(type) && LOSES_STATE.has(change.changeImpact)) lost.push(`${file.replace('.template.json', '')} ${logicalId} ${type} ${change.changeImpact}`);
  });
  return lost.sort();
}

/**
 * The MSK broker volume sizes of the templates (`VolumeSize`, and the storage autoscaling's MinCapacity/MaxCapacity)
 * by `<template> <logical id> <property>`: MSK cannot shrink a volume, so a deploy that lowers one fails.
 */
function brokerVolumes(templates: Templates): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const [file, template] of Object.entries(templates)) {
    for (const [id, resource] of Object.entries(template.Resources ?? {})) {
      const p = resource.Properties ?? {};
      if (resource.Type === 'AWS::MSK::Cluster') {
        const size = (p.BrokerNodeGroupInfo as { StorageInfo?: { EBSStorageInfo?: { VolumeSize?: number } } } | undefined)?.StorageInfo?.EBSStorageInfo?.VolumeSize;
        if (size !== undefined) sizes.set(`${file} ${id} VolumeSize`, size);
      }
      if (resource.Type === 'AWS::ApplicationAutoScaling::ScalableTarget' && p.ScalableDimension === 'kafka:broker-storage:VolumeSize') {
        sizes.set(`${file} ${id} MinCapacity`, Number(p.MinCapacity));
        sizes.set(`${file} ${id} MaxCapacity`, Number(p.MaxCapacity));
      }
    }
  }
  return sizes;
}

function volumesLowered(before: Templates, after: Templates): string[] {
  const now = brokerVolumes(after);
  return [...brokerVolumes(before)].filter(([key, size]) => (now.get(key) ?? size) < size).map(([key, size]) => `${key} ${size} → ${now.get(key)}`);
}

/** The catalog's Flink 1.20 patch raised by one, as a package upgrade brings it. */
function withNextFlinkPatch<T>(run: () => T): T {
  const release = findFlinkRelease('1.20') as { patch: string } | undefined;
  if (release === undefined) throw new Error('the catalog has no Flink 1.20');
  const patch = release.patch;
  release.patch = patch.replace(/\d+$/, (n) => String(Number(n) + 1));
  try {
    return run();
  } finally {
    release.patch = patch;
  }
}

const customersColumn = (d: Draft) => {
  d.topics[1].columns.push({ name: 'segment', type: ColumnType.STRING });
  d.tables[1].columns.push({ name: 'segment', type: ColumnType.STRING });
};
const renameCustomersTable = (d: Draft) => { d.tables[1].name = 'customers_v2'; d.jobs[1].sinks = ['customers_v2']; };

const CHANGES: readonly UserChange[] = [
  { name: 'add a column (customers topic and table)', definition: exampleWith(customersColumn) },
  {
    name: 'add a streaming job (and its table)',
    definition: exampleWith((d) => {
      d.tables.push({ name: 'orders_audit', columns: d.tables[0].columns.map((c) => ({ ...c })), primaryKey: ['order_id', 'order_ts'] });
      d.jobs.push({ name: 'orders-audit', mode: JobMode.STREAMING, sources: ['orders'], sinks: ['orders_audit'] });
    }),
  },
  { name: 'raise partitions (customers 6 → 12)', definition: exampleWith((d) => { d.topics[1].partitions = 12; }) },
  { name: 'change retention (orders 7 → 14 days)', definition: exampleWith((d) => { d.topics[0].retention = Duration.days(14); }) },
  { name: 'change parallelism (customers-nightly initial 2 → 3)', definition: exampleWith((d) => { d.jobs[1].parallelism = { initial: 3, max: 6 }; }) },
  { name: 'Flink patch version (catalog 1.20.x → next patch)', definition: ORDERS_PIPELINE, around: withNextFlinkPatch },
  { name: 'sizing (orders ingress 4 → 40 MB/s)', definition: exampleWith((d) => { d.topics[0].workload = { ingressMBps: 40, recordSizeBytes: 1024, peakFactor: 3 }; }) },
  { name: 'rename the Glue database (orders → sales)', definition: exampleWith((d) => { d.database = 'sales'; }) },
  { name: 'change kafka.replicationFactor (3 → 4)', definition: ORDERS_PIPELINE, environment: (prod) => { (prod.kafka as Record<string, unknown>).replicationFactor = 4; } },
  { name: 'rename a table (customers → customers_v2)', definition: exampleWith(renameCustomersTable) },
  {
    name: 'rename a table with SchemaMigration.rebuild naming the old one',
    definition: exampleWith((d) => { renameCustomersTable(d); d.tables[1].schemaMigration = SchemaMigration.rebuild('CRM cut-over: refilled nightly', 'orders.customers'); }),
  },
];

interface Outcome {
  readonly change: string;
  /** `in place`, `replaces (named migration)` or `refused`. */
  readonly outcome: string;
  /** Stateful resources replaced or removed: by the allowed change, or (refused) by the change had it been let through. */
  readonly stateLost: string[];
  readonly message?: string;
  /** Resources of any type the allowed change adds, changes or removes. */
  readonly changedResources?: number;
  /** MSK broker volume sizes the allowed change lowers (`<where> <before> → <after>`). */
  readonly volumesLowered?: string[];
}

function outcomeOf(change: UserChange, before: Templates): Outcome {
  const around = change.around ?? (<T>(run: () => T) => run());
  const context = prodContext(change.environment);
  let after: Templates;
  try {
    after = around(() => synth(change.definition, context));
  } catch (error) {
    const message = (error as Error).message.split('\n').filter((l) => /replicationFactor|no longer has/.test(l)).map((l) => l.trim()).join('\n') || (error as Error).message;
    return { change: change.name, outcome: 'refused', stateLost: stateLost(before, around(() => synthUnchecked(change.definition, context))), message };
  }
  const named = change.definition.tables.some((t) => t.schemaMigration?.replaces !== undefined);
  return { change: change.name, outcome: named ? 'replaces (named migration)' : 'in place', stateLost: stateLost(before, after), changedResources: changedResources(before, after), volumesLowered: volumesLowered(before, after) };
}

let outcomes: Outcome[] = [];
let prodTemplates: Templates = {};

beforeAll(() => {
  const before = synth(ORDERS_PIPELINE, prodContext());
  prodTemplates = before;
  outcomes = CHANGES.map((change) => outcomeOf(change, before));
  console.log(outcomes.map((o) => [`${o.change}: ${o.outcome}${o.changedResources === undefined ? '' : ` (${o.changedResources} resources change)`}`, ...o.stateLost.map((l) => `    ${o.outcome === 'refused' ? 'would lose' : 'loses'} ${l}`), ...(o.message ?? '').split('\n').filter((l) => l !== '').map((l) => `    ${l}`)].join('\n')).join('\n'));
}, 30 * 60 * 1000);

test('each change is let through in place, through a named migration, or refused', () => {
  expect(outcomes.map((o) => [o.change, o.outcome])).toEqual([
    ['add a column (customers topic and table)', 'in place'],
    ['add a streaming job (and its table)', 'in place'],
    ['raise partitions (customers 6 → 12)', 'in place'],
    ['change retention (orders 7 → 14 days)', 'in place'],
    ['change parallelism (customers-nightly initial 2 → 3)', 'in place'],
    ['Flink patch version (catalog 1.20.x → next patch)', 'in place'],
    ['sizing (orders ingress 4 → 40 MB/s)', 'in place'],
    ['rename the Glue database (orders → sales)', 'refused'],
    ['change kafka.replicationFactor (3 → 4)', 'refused'],
    ['rename a table (customers → customers_v2)', 'refused'],
    ['rename a table with SchemaMigration.rebuild naming the old one', 'replaces (named migration)'],
  ]);
});

test('no change the synth lets through replaces or removes a stateful resource, unless the definition names the migration', () => {
  expect(outcomes.filter((o) => o.outcome === 'in place').flatMap((o) => o.stateLost.map((l) => `${o.change}: ${l}`))).toEqual([]);
  // The old table leaves the stack, retained in the account (prod retains data): what the migration's reason accepts.
  expect(outcomes.find((o) => o.outcome === 'replaces (named migration)')?.stateLost).toEqual([
    'orders-prod-managed LakehouseTableorderscustomers2DF7E654 AWS::Glue::Table WILL_ORPHAN',
    'orders-prod-self-hosted LakehouseTableorderscustomers2DF7E654 AWS::Glue::Table WILL_ORPHAN',
  ]);
});

test('no change the synth lets through lowers an MSK broker volume or its autoscaling floor/ceiling (MSK cannot shrink a volume)', () => {
  expect(outcomes.flatMap((o) => (o.volumesLowered ?? []).map((l) => `${o.change}: ${l}`))).toEqual([]);
  // The prod cluster has them, so the comparison is not vacuous.
  expect([...brokerVolumes(prodTemplates)].map(([key]) => key.split(' ').pop())).toEqual(['VolumeSize', 'MinCapacity', 'MaxCapacity']);
});

test('every change changes the templates (none of the cases above is vacuous)', () => {
  expect(outcomes.filter((o) => o.outcome !== 'refused' && o.changedResources === 0).map((o) => o.change)).toEqual([]);
});

test('every refused change would have replaced or removed state, and the refusal names the path, the value and the way out', () => {
  const refused = outcomes.filter((o) => o.outcome === 'refused');
  for (const o of refused) expect({ change: o.change, stateLost: o.stateLost.length > 0 }).toEqual({ change: o.change, stateLost: true });
  expect(refused.map((o) => o.message?.split('\n')[0])).toEqual([
    expect.stringContaining('schemas/prod.lock.json: records table "orders.customers", which the definition no longer has (a renamed table or database?)'),
    expect.stringContaining('topics[0] ("orders").replicationFactor: changes 3 → 4'),
    expect.stringContaining('schemas/prod.lock.json: records table "orders.customers", which the definition no longer has'),
  ]);
  expect(refused.every((o) => /— keep /.test(o.message ?? ''))).toBe(true);
});
