import * as path from 'path';
import { CrdSchemaValidator, KubernetesObject } from '../charts/support/crd-schema-validator';
import { FakeKubeApi } from '../support/fake-kube-api';
import { FLINK, ORDERS_TO_LAKE, SELF_HOSTED, SNAPSHOTS, deployPipeline, deployment, run } from './self-hosted-fixtures';
import { readmeSession } from '../support/readme-session';
import { allowRealSocketTime, preloadKubeClient } from '../support/loopback-server';

/** The operator's CRDs: the FlinkDeployment of charts/crds and the FlinkStateSnapshot its 1.15 chart installs. */
const crds = CrdSchemaValidator.fromDirectory();
const snapshotCrd = CrdSchemaValidator.fromDirectory(path.join(__dirname, '..', 'fixtures', 'crds'));

/** The job's FlinkDeployment after the patches, as the API server would validate it (spec only: the status is the fake operator's). */
function patchedSpecErrors(): string[] {
  const { apiVersion, kind, metadata, spec } = fake.object<KubernetesObject & { metadata: object; spec: object }>(ORDERS_TO_LAKE);
  return crds.validate({ apiVersion, kind, metadata, spec });
}

allowRealSocketTime();
preloadKubeClient();
let fake: FakeKubeApi;
const kubeconfig = process.env.KUBECONFIG;
beforeEach(async () => { fake = await FakeKubeApi.start(); process.env.KUBECONFIG = fake.kubeconfigPath; deployPipeline(fake); });
afterEach(async () => { await fake.stop(); });
afterAll(() => { if (kubeconfig === undefined) delete process.env.KUBECONFIG; else process.env.KUBECONFIG = kubeconfig; });

type Status = { error?: string; lifecycleState?: string; observedGeneration?: number; jobStatus: Record<string, unknown>; reconciliationStatus?: { lastReconciledSpec?: string } };
type Deployment = { metadata: { generation: number }; spec: { job: Record<string, unknown> }; status: Status };

/** Plays the operator on orders-to-lake: after a patch, `steps` GETs in `transient`, then `settle` on the object. */
function operator(transient: { lifecycle: string; job: string }, settle: (o: Deployment) => void, steps = 2): void {
  let left = 0;
  fake.onChange(ORDERS_TO_LAKE, (object, request) => {
    const o = object as unknown as Deployment;
    if (request.method === 'PATCH') { left = steps; o.status = { ...o.status, lifecycleState: transient.lifecycle, jobStatus: { ...o.status.jobStatus, state: transient.job } }; return; }
    if (left > 0 && --left === 0) {
      o.status.observedGeneration = o.metadata.generation;
      o.status.reconciliationStatus = { lastReconciledSpec: JSON.stringify({ spec: { job: o.spec.job } }) };
      settle(o);
    }
  });
}

function notAutoscaled(options: Partial<Parameters<typeof deployment>[1]> = {}): void {
  fake.put(ORDERS_TO_LAKE, deployment('orders-to-lake', { state: 'running', jobState: 'RUNNING', lifecycle: 'STABLE', parallelism: 1, autoscaled: false, ...options }));
}

const PATCH = { method: 'PATCH', path: ORDERS_TO_LAKE, contentType: 'application/merge-patch+json' };

test('scale: a merge patch of spec.job.parallelism, then waits (with progress) until the job runs at the new parallelism', async () => {
  notAutoscaled();
  operator({ lifecycle: 'UPGRADING', job: 'RECONCILING' }, (o) => { o.status.lifecycleState = 'STABLE'; o.status.jobStatus.state = 'RUNNING'; });
  const result = await run(['scale', 'orders-to-lake', '--parallelism', '3', ...SELF_HOSTED]);
  expect(result.code).toBe(0);
  expect(fake.changes).toEqual([expect.objectContaining({ ...PATCH, body: { spec: { job: { parallelism: 3 } } } })]);
  expect(patchedSpecErrors()).toEqual([]);
  expect(result.err).toBe('orders-to-lake: rescaling to 3: RECONCILING, UPGRADING (0 s)\n');
  expect(result.out).toBe('orders-to-lake: parallelism 1 → 3 (FlinkDeployment orders/orders-to-lake, upgrade mode savepoint); RUNNING, STABLE\n');
});

test('a rescale the operator fails: one line with the operator\'s error once it saw the change', async () => {
  notAutoscaled();
  operator({ lifecycle: 'UPGRADING', job: 'RECONCILING' }, (o) => { o.status.lifecycleState = 'FAILED'; o.status.jobStatus.state = 'FAILED'; o.status.error = 'insufficient resources: 0/5 nodes are available'; });
  const result = await run(['scale', 'orders-to-lake', '--parallelism', '3', ...SELF_HOSTED]);
  expect(result.code).toBe(1);
  expect(result.err).toBe('orders-to-lake: rescaling to 3: RECONCILING, UPGRADING (0 s)\norders-to-lake failed while rescaling to 3 (FAILED, FAILED): insufficient resources: 0/5 nodes are available — see `kubectl describe flinkdeployment -n orders orders-to-lake`\n');
});

test('scale --dry-run prints the exact method, path and patch from the plan and contacts nothing', async () => {
  const requests = fake.requests.length;
  const result = await run(['scale', 'customers-nightly', '--parallelism', '2', '--dry-run', ...SELF_HOSTED]);
  expect(result.code).toBe(0);
  expect(result.out).toBe(`dry run: would send
PATCH ${ORDERS_TO_LAKE.replace('orders-to-lake', 'customers-nightly')}
Content-Type: application/merge-patch+json
{
  "spec": {
    "job": {
      "parallelism": 2
    }
  }
}
`);
  expect(fake.requests.length).toBe(requests);
  expect(readmeSession('npx pipelines scale customers-nightly --parallelism 2 --dry-run -c env=staging -c flavor=self-hosted')).toBe(result.out);
});

test('scale --dry-run of a job the plan autoscales is refused as the verb refuses it', async () => {
  const result = await run(['scale', 'orders-to-lake', '--parallelism', '2', '--dry-run', ...SELF_HOSTED]);
  expect(result.code).toBe(1);
  expect(result.err).toBe('job orders-to-lake is autoscaled (job.autoscaler.enabled) between parallelism 1 and 3: its overrides would undo --parallelism 2 — let it scale, or give the job costControl CONTINUOUS in the definition and deploy\n');
});

test('scale of an autoscaled job is refused: the autoscaler would undo it; nothing sent', async () => {
  const result = await run(['scale', 'orders-to-lake', '--parallelism', '2', ...SELF_HOSTED]);
  expect(result.code).toBe(1);
  expect(result.err).toBe('job orders-to-lake is autoscaled (job.autoscaler.enabled) between parallelism 1 and 3: its overrides would undo --parallelism 2 — let it scale, or give the job costControl CONTINUOUS in the definition and deploy\n');
  expect(fake.changes).toEqual([]);
});

test('scale above the plan\'s parallelism.max is refused; nothing sent', async () => {
  const result = await run(['scale', 'customers-nightly', '--parallelism', '7', ...SELF_HOSTED]);
  expect(result.code).toBe(1);
  expect(result.err).toBe('--parallelism 7 is above job customers-nightly\'s parallelism.max 6 (the Flink nodes are sized for 3 TaskManagers × 2 slots): raise parallelism.max in the definition and deploy\n');
  expect(fake.changes).toEqual([]);
});

test('snapshot: creates a FlinkStateSnapshot (savepoint of the job, kept on delete) and waits until it is COMPLETED', async () => {
  let gets = 0;
  fake.onChange(SNAPSHOTS, (object, request) => {
    if (request.method === 'POST') { object.status = { state: 'IN_PROGRESS' }; return; }
    if (++gets === 2) object.status = { state: 'COMPLETED', path: 's3://checkpoints/savepoints/orders-to-lake/savepoint-2' };
  });
  const result = await run(['snapshot', 'orders-to-lake', ...SELF_HOSTED]);
  expect(result.code).toBe(0);
  expect(fake.changes).toEqual([expect.objectContaining({
    method: 'POST', path: SNAPSHOTS, contentType: 'application/json',
    body: {
      apiVersion: 'flink.apache.org/v1beta1', kind: 'FlinkStateSnapshot',
      metadata: { generateName: 'orders-to-lake-savepoint-', namespace: 'orders' },
      spec: { backoffLimit: 1, jobReference: { kind: 'FlinkDeployment', name: 'orders-to-lake' }, savepoint: { disposeOnDelete: false } },
    },
  })]);
  expect(snapshotCrd.validate(fake.changes[0]?.body as KubernetesObject)).toEqual([]);
  expect(result.err).toBe('orders-to-lake-savepoint-xxxx1: IN_PROGRESS (0 s)\n');
  expect(result.out).toBe('orders-to-lake: savepoint requested as FlinkStateSnapshot orders/orders-to-lake-savepoint-xxxx1; COMPLETED: s3://checkpoints/savepoints/orders-to-lake/savepoint-2\n');
});

test('snapshot on an operator without FlinkStateSnapshot resources: bumps spec.job.savepointTriggerNonce and watches the status', async () => {
  fake.put(FLINK, { kind: 'APIResourceList', resources: [{ name: 'flinkdeployments' }, { name: 'flinksessionjobs' }] });
  operator({ lifecycle: 'STABLE', job: 'RUNNING' }, (o) => { o.status.jobStatus.savepointInfo = { lastSavepoint: { triggerNonce: 1, location: 's3://checkpoints/savepoints/orders-to-lake/savepoint-3' } }; });
  const result = await run(['snapshot', 'orders-to-lake', ...SELF_HOSTED]);
  expect(result.code).toBe(0);
  expect(fake.changes).toEqual([expect.objectContaining({ ...PATCH, body: { spec: { job: { savepointTriggerNonce: 1 } } } })]);
  expect(result.out).toBe('orders-to-lake: savepoint triggered (savepointTriggerNonce 1); COMPLETED: s3://checkpoints/savepoints/orders-to-lake/savepoint-3\n');
});

test('snapshot of a suspended job is refused; nothing sent', async () => {
  const result = await run(['snapshot', 'customers-nightly', ...SELF_HOSTED]);
  expect(result.code).toBe(1);
  expect(result.err).toBe('job customers-nightly is FINISHED, SUSPENDED (suspended): a savepoint needs a RUNNING job — start it first\n');
  expect(fake.changes).toEqual([]);
});

test('stop (latest): suspends with a savepoint (upgradeMode savepoint) and waits until SUSPENDED', async () => {
  operator({ lifecycle: 'UPGRADING', job: 'CANCELLING' }, (o) => { o.status.lifecycleState = 'SUSPENDED'; o.status.jobStatus.state = 'FINISHED'; o.status.jobStatus.upgradeSavepointPath = 's3://checkpoints/savepoints/orders-to-lake/savepoint-4'; });
  const result = await run(['stop', 'orders-to-lake', ...SELF_HOSTED]);
  expect(result.code).toBe(0);
  expect(fake.changes).toEqual([expect.objectContaining({ ...PATCH, body: { spec: { job: { state: 'suspended', upgradeMode: 'savepoint' } } } })]);
  expect(patchedSpecErrors()).toEqual([]);
  expect(result.out).toBe('orders-to-lake: stopping with a savepoint (FlinkDeployment orders/orders-to-lake); FINISHED, SUSPENDED; savepoint s3://checkpoints/savepoints/orders-to-lake/savepoint-4\n');
});

test('stop --from none --dry-run: the suspend without a savepoint (upgradeMode stateless); nothing sent', async () => {
  const result = await run(['stop', 'orders-to-lake', '--from', 'none', '--dry-run', ...SELF_HOSTED]);
  expect(result.code).toBe(0);
  expect(result.out).toContain(`PATCH ${ORDERS_TO_LAKE}\nContent-Type: application/merge-patch+json\n`);
  expect(JSON.parse(result.out.slice(result.out.indexOf('{')))).toEqual({ spec: { job: { state: 'suspended', upgradeMode: 'stateless' } } });
  expect(fake.changes).toEqual([]);
});

test('stop of a stopped job and start of a running one are refused; nothing sent', async () => {
  const start = await run(['start', 'orders-to-lake', ...SELF_HOSTED]);
  expect(start.code).toBe(1);
  expect(start.err).toBe('job orders-to-lake is already started (spec.job.state running; RUNNING, STABLE): stop it first, or use scale or snapshot\n');
  notAutoscaled({ state: 'suspended', jobState: 'FINISHED', lifecycle: 'SUSPENDED' });
  const stop = await run(['stop', 'orders-to-lake', ...SELF_HOSTED]);
  expect(stop.code).toBe(1);
  expect(stop.err).toBe('job orders-to-lake is already stopped (spec.job.state suspended; FINISHED, SUSPENDED): start it with `pipelines start orders-to-lake`\n');
  expect(fake.changes).toEqual([]);
});

test('start (latest): state running with the plan\'s upgrade mode (the operator restores the suspend\'s savepoint), waits until RUNNING', async () => {
  notAutoscaled({ state: 'suspended', jobState: 'FINISHED', lifecycle: 'SUSPENDED' });
  operator({ lifecycle: 'DEPLOYED', job: 'RECONCILING' }, (o) => { o.status.lifecycleState = 'STABLE'; o.status.jobStatus.state = 'RUNNING'; });
  const result = await run(['start', 'orders-to-lake', '--from', 'latest', ...SELF_HOSTED]);
  expect(result.code).toBe(0);
  expect(fake.changes).toEqual([expect.objectContaining({ ...PATCH, body: { spec: { job: { state: 'running', upgradeMode: 'savepoint' } } } })]);
  expect(result.out).toBe('orders-to-lake: starting from its latest state (FlinkDeployment orders/orders-to-lake); RUNNING, STABLE\n');
});

test('start --from none: a stateless start, then the plan\'s upgrade mode back once the operator recorded it', async () => {
  notAutoscaled({ state: 'suspended', jobState: 'FINISHED', lifecycle: 'SUSPENDED' });
  operator({ lifecycle: 'DEPLOYED', job: 'RECONCILING' }, (o) => { o.status.lifecycleState = 'STABLE'; o.status.jobStatus.state = 'RUNNING'; }, 1);
  const result = await run(['start', 'orders-to-lake', '--from', 'none', ...SELF_HOSTED]);
  expect(result.code).toBe(0);
  expect(fake.changes.map((c) => c.body)).toEqual([
    { spec: { job: { state: 'running', upgradeMode: 'stateless' } } },
    { spec: { job: { upgradeMode: 'savepoint' } } },
  ]);
  expect(patchedSpecErrors()).toEqual([]);
  expect(result.out).toBe('orders-to-lake: starting without state (FlinkDeployment orders/orders-to-lake); RUNNING, STABLE\n');
});

test('start --from none --dry-run prints both patches (the stateless start, then the plan\'s upgrade mode back); nothing sent', async () => {
  notAutoscaled({ state: 'suspended', jobState: 'FINISHED', lifecycle: 'SUSPENDED' });
  const result = await run(['start', 'orders-to-lake', '--from', 'none', '--dry-run', ...SELF_HOSTED]);
  expect(result.code).toBe(0);
  const header = `PATCH ${ORDERS_TO_LAKE}\nContent-Type: application/merge-patch+json\n`;
  expect(result.out.split(header).map((part) => part.replace(/\nthen, once the operator recorded the start:\n$/, '').trim())).toEqual([
    'dry run: would send',
    JSON.stringify({ spec: { job: { state: 'running', upgradeMode: 'stateless' } } }, null, 2),
    JSON.stringify({ spec: { job: { upgradeMode: 'savepoint' } } }, null, 2),
  ]);
  expect(fake.changes).toEqual([]);
});

test('scale of a suspended job patches its parallelism and does not wait: it runs at it when it next starts', async () => {
  const result = await run(['scale', 'customers-nightly', '--parallelism', '4', ...SELF_HOSTED]);
  expect(result.code).toBe(0);
  expect(fake.changes).toEqual([expect.objectContaining({ method: 'PATCH', path: `${ORDERS_TO_LAKE.replace('orders-to-lake', 'customers-nightly')}`, body: { spec: { job: { parallelism: 4 } } } })]);
  expect(result.out).toBe('customers-nightly: parallelism 2 → 4 (FlinkDeployment orders/customers-nightly, upgrade mode stateless); the job is suspended: it runs at 4 when it next starts\n');
});

test('start (latest) after a stop without state is refused: the operator would start it empty', async () => {
  notAutoscaled({ state: 'suspended', jobState: 'FINISHED', lifecycle: 'SUSPENDED', upgradeMode: 'stateless' });
  const result = await run(['start', 'orders-to-lake', ...SELF_HOSTED]);
  expect(result.code).toBe(1);
  expect(result.err).toBe('job orders-to-lake was stopped without state (suspended stateless): the operator would start it empty — start it with --from none, or redeploy from s3://checkpoints/savepoints/sp-new (spec.job.initialSavepointPath + savepointRedeployNonce)\n');
  expect(fake.changes).toEqual([]);
});

test('start of a batch job points at its schedule\'s CronJob', async () => {
  const result = await run(['start', 'customers-nightly', ...SELF_HOSTED]);
  expect(result.code).toBe(1);
  expect(result.err).toBe('job customers-nightly is a batch job its schedule runs (CronJob orders/customers-nightly): run it now with `kubectl create job -n orders --from=cronjob/customers-nightly customers-nightly-manual`\n');
});

test('a job verb on a pipeline that is not deployed: one line naming the missing FlinkDeployment and the stack', async () => {
  fake.route('GET', ORDERS_TO_LAKE, () => ({ status: 404, body: { kind: 'Status', message: 'not found' } }));
  const result = await run(['scale', 'orders-to-lake', '--parallelism', '2', ...SELF_HOSTED]);
  expect(result.code).toBe(1);
  expect(result.err).toBe('job orders-to-lake is not deployed in environment staging (context fake-eks): no FlinkDeployment orders/orders-to-lake — deploy stack orders-staging-self-hosted\n');
});
