import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { addPipelineStacks } from '../../lib/app/pipeline-app';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { readStateLock } from '../../lib/plan/state-lock';
import { CDK_CONTEXT } from '../support/test-app';
import { runCli } from './run-cli';

/**
 * `pipelines schema lock` after a deploy, in an app's directory: it reads where the deployment's stacks placed each
 * unit from the cloud assembly (`cdk.out`) and records it in the lock; without an assembly it says so and keeps what
 * the lock had.
 */
const REPOSITORY = path.join(__dirname, '..', '..');
const DEFINITIONS = path.join(REPOSITORY, 'lib', 'examples', 'orders-pipeline.ts');
let app: string;
const cwd = process.cwd();

beforeEach(() => {
  app = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-lock-app-'));
  fs.copyFileSync(path.join(REPOSITORY, 'cdk.json'), path.join(app, 'cdk.json'));
  // The app's own packages (the CLI loads a TypeScript definitions module with the app's tsx or ts-node).
  fs.symlinkSync(path.join(REPOSITORY, 'node_modules'), path.join(app, 'node_modules'), 'dir');
  fs.mkdirSync(path.join(app, 'schemas'));
  // The deployed state the app had recorded before (its prod synth needs a lock).
  fs.copyFileSync(path.join(REPOSITORY, 'schemas', 'prod.lock.json'), path.join(app, 'schemas', 'prod.lock.json'));
  process.chdir(app);
});

afterEach(() => {
  process.chdir(cwd);
  fs.rmSync(app, { recursive: true, force: true });
});

/** What `cdk deploy -c env=prod` leaves in `cdk.out`: the assembly it deployed. */
function deployAssembly(): void {
  const cdk = new App({ context: { ...CDK_CONTEXT, env: 'prod' }, outdir: path.join(app, 'cdk.out'), builtinCloudFormationValidation: false });
  addPipelineStacks(cdk, ORDERS_PIPELINE);
  cdk.synth();
}

test('after a deploy: the placement of both flavors comes from cdk.out into schemas/prod.lock.json', async () => {
  deployAssembly();
  const result = await runCli(['schema', 'lock', '-c', 'env=prod', '--definitions', DEFINITIONS]);
  expect(result).toEqual({ code: 0, out: 'Wrote schemas/prod.lock.json\n  placement of managed and self-hosted from cdk.out\n', err: '' });
  const placement = readStateLock('prod', path.join(app, 'schemas')).content?.pipelines.orders.placement;
  const jobs = ORDERS_PIPELINE.jobs.map((j) => j.name);
  expect(placement?.managed.JobPart).toEqual({ 1: expect.arrayContaining(jobs) });
  expect(placement?.['self-hosted'].JobPart).toEqual({ 1: expect.arrayContaining(jobs) });
  // Prod's MSK is provisioned: its topics are AWS::MSK::Topic resources, placed like the rest.
  expect(Object.keys(placement?.managed ?? {}).sort()).toEqual(['ClaimPart', 'JobPart', 'TablePart', 'TopicPart']);
  expect(Object.keys(placement?.['self-hosted'] ?? {}).sort()).toEqual(['ClaimPart', 'JobPart', 'TablePart']);
});

test('--lock-dir and --assembly: a lock folder and an assembly of the app\'s choosing (addPipelineStacks\' stateLockDirectory)', async () => {
  deployAssembly();
  fs.renameSync(path.join(app, 'cdk.out'), path.join(app, 'deployed.out'));
  fs.renameSync(path.join(app, 'schemas'), path.join(app, 'locks'));
  const result = await runCli(['schema', 'lock', '-c', 'env=prod', '--definitions', DEFINITIONS, '--assembly', 'deployed.out', '--lock-dir', 'locks']);
  expect(result).toEqual({ code: 0, out: 'Wrote locks/prod.lock.json\n  placement of managed and self-hosted from deployed.out\n', err: '' });
  expect(readStateLock('prod', path.join(app, 'locks')).content?.pipelines.orders.placement?.managed.JobPart).toBeDefined();
});

test('without an assembly: the lock is recorded, the placement it had is kept, and the note says how to record it', async () => {
  deployAssembly();
  await runCli(['schema', 'lock', '-c', 'env=prod', '--definitions', DEFINITIONS]);
  const recorded = readStateLock('prod', path.join(app, 'schemas')).content?.pipelines.orders.placement;
  fs.rmSync(path.join(app, 'cdk.out'), { recursive: true });
  const result = await runCli(['schema', 'lock', '-c', 'env=prod', '--definitions', DEFINITIONS]);
  expect(result.code).toBe(0);
  expect(result.err).toBe('note: no cloud assembly at cdk.out, so where its jobs, topics, tables and claims sit in nested stacks is not recorded (kept as the lock had it); run this after `cdk deploy -c env=prod`, in the same directory\n');
  expect(readStateLock('prod', path.join(app, 'schemas')).content?.pipelines.orders.placement).toEqual(recorded);
});
