import { secondsSince } from '../clock';
import { Flavor } from '../flavor';
import { FlinkJobResource, flinkJobResource } from '../plan/kubernetes-names';
import { JobPlan, PipelinePlan } from '../plan/pipeline-plan';
import { KubeApi, KubeRequest } from './kube-api';
import { ActionOptions, OperationError, StateChoice } from './operations';
import {
  FLINK_API, FlinkResourceObject, FlinkStateSnapshotObject, jobPath, lastReconciledJob, snapshotsPath,
} from './self-hosted-resources';
import { lastSavepoint } from './self-hosted-status';

type UpgradeMode = 'savepoint' | 'last-state' | 'stateless';

/** The upgrade mode the renderer gives the job (`jobDeploymentSpec`): stateless for batch runs, else the plan's. */
export function plannedUpgradeMode(job: JobPlan): UpgradeMode {
  return job.mode.value === 'batch' ? 'stateless' : job.upgradeMode;
}

function label(resource: FlinkJobResource): string {
  return `${resource.kind} ${resource.namespace}/${resource.name}`;
}

/** A JSON merge patch of the job object's `spec.job`. */
export function mergePatch(resource: FlinkJobResource, job: Record<string, unknown>): KubeRequest {
  return { method: 'PATCH', path: jobPath(resource), contentType: 'application/merge-patch+json', body: { spec: { job } } };
}

/** The deployed object of a job, or an OperationError saying the pipeline is not deployed. */
async function deployed(api: KubeApi, plan: PipelinePlan, job: JobPlan): Promise<{ resource: FlinkJobResource; object: FlinkResourceObject }> {
  const resource = flinkJobResource(plan, job);
  const object = await api.find<FlinkResourceObject>(jobPath(resource));
  if (object === undefined) {
    throw new OperationError(`job ${job.name} is not deployed in environment ${plan.environment.name} (context ${await api.context()}): no ${label(resource)} — deploy stack ${plan.names.stackName(Flavor.SELF_HOSTED)}`);
  }
  return { resource, object };
}

function describeState(object: FlinkResourceObject): string {
  return `${object.status?.jobStatus?.state ?? 'UNKNOWN'}, ${object.status?.lifecycleState ?? 'unknown'}`;
}

/**
 * Polls the job's object until `done`, reporting each change of state; fails on FAILED once the operator saw the
 * change (`generation`: an earlier failure is what the change may fix), or after the wait timeout.
 */
async function waitFor(api: KubeApi, resource: FlinkJobResource, options: ActionOptions, what: string, generation: number | undefined, done: (o: FlinkResourceObject) => boolean): Promise<FlinkResourceObject> {
  const started = api.clock.now();
  let last = '';
  for (;;) {
    const object = await api.get<FlinkResourceObject>(jobPath(resource));
    const state = describeState(object);
    if (done(object)) return object;
    if (generationReached(object, generation) && (object.status?.lifecycleState === 'FAILED' || object.status?.jobStatus?.state === 'FAILED')) {
      throw new OperationError(`${resource.name} failed while ${what} (${state}): ${object.status?.error ?? 'no error recorded'} — see \`kubectl describe ${resource.kind.toLowerCase()} -n ${resource.namespace} ${resource.name}\``);
    }
    const elapsed = secondsSince(api.clock, started);
    if (state !== last) options.progress(`${resource.name}: ${what}: ${state} (${elapsed} s)`);
    last = state;
    if (api.clock.now() - started > api.timing.waitTimeoutMs) {
      throw new OperationError(`${resource.name} is still ${state} after ${elapsed} s ${what}: follow it with \`kubectl get ${resource.kind.toLowerCase()} -n ${resource.namespace} ${resource.name} -w\``);
    }
    await api.clock.sleep(api.timing.pollMs);
  }
}

function generationReached(object: FlinkResourceObject, generation: number | undefined): boolean {
  return generation === undefined || (object.status?.observedGeneration ?? 0) >= generation;
}

/** What `scale` checks in the job's Flink configuration (deployed, or as the plan renders it for a dry run). */
export interface ScaleLimits {
  /** `job.autoscaler.enabled`: the autoscaler's per-vertex overrides would undo a set parallelism. */
  readonly autoscaled: boolean;
  readonly min: string;
  readonly max: string;
  /** `taskmanager.numberOfTaskSlots`. */
  readonly slots: number;
}

/** Refuses a scale the autoscaler would undo, or above the plan's maximum (what the nodes are sized for). */
export function checkScale(job: JobPlan, parallelism: number, limits: ScaleLimits): void {
  if (limits.autoscaled) {
    throw new OperationError(`job ${job.name} is autoscaled (job.autoscaler.enabled) between parallelism ${limits.min} and ${limits.max}: its overrides would undo --parallelism ${parallelism} — let it scale, or give the job costControl CONTINUOUS in the definition and deploy`);
  }
  if (parallelism > job.parallelism.max) {
    throw new OperationError(`--parallelism ${parallelism} is above job ${job.name}'s parallelism.max ${job.parallelism.max} (the Flink nodes are sized for ${Math.ceil(job.parallelism.max / limits.slots)} TaskManagers × ${limits.slots} slots): raise parallelism.max in the definition and deploy`);
  }
}

/**
 * `scale`: a JSON merge patch of `spec.job.parallelism`; the operator upgrades the job with its upgrade mode (a
 * savepoint or its last checkpoint), keeping state. Refused when the Flink autoscaler runs for the job (its per-vertex
 * overrides would undo the change) or above the plan's maximum (what the node group and the autoscaler quota are sized for).
 */
export async function scaleJob(api: KubeApi, plan: PipelinePlan, job: JobPlan, parallelism: number, options: ActionOptions): Promise<string> {
  const { resource, object } = await deployed(api, plan, job);
  const config = object.spec.flinkConfiguration ?? {};
  checkScale(job, parallelism, {
    autoscaled: config['job.autoscaler.enabled'] === 'true',
    min: config['job.autoscaler.vertex.min-parallelism'] ?? '?',
    max: config['job.autoscaler.vertex.max-parallelism'] ?? '?',
    slots: Number(config['taskmanager.numberOfTaskSlots'] ?? '1'),
  });
  const current = object.spec.job?.parallelism;
  if (current === parallelism) return `${job.name}: already at parallelism ${parallelism} (${label(resource)}); nothing sent`;
  const request = mergePatch(resource, { parallelism });
  const patched = await api.change<FlinkResourceObject>(request);
  const line = `${job.name}: parallelism ${current ?? '?'} → ${parallelism} (${label(resource)}, upgrade mode ${object.spec.job?.upgradeMode ?? '?'})`;
  if (object.spec.job?.state === 'suspended') return `${line}; the job is suspended: it runs at ${parallelism} when it next starts`;
  // A batch run keeps no state (upgrade mode stateless): the operator restarts it from its start offsets.
  if (job.mode.value === 'batch') options.progress(`${job.name}: the running batch run restarts from its start offsets at parallelism ${parallelism}`);
  if (options.wait === false) return `${line}; not waiting (--no-wait)`;
  const settled = await waitFor(api, resource, options, `rescaling to ${parallelism}`, patched.metadata.generation, (o) => generationReached(o, patched.metadata.generation)
    && o.status?.jobStatus?.state === 'RUNNING' && ['STABLE', 'DEPLOYED'].includes(o.status.lifecycleState ?? '') && lastReconciledJob(o)?.parallelism === parallelism);
  return `${line}; ${describeState(settled)}`;
}

/** Whether the operator serves FlinkStateSnapshot resources (its CRD is installed: chart ≥ 1.10, not removed). */
async function snapshotResources(api: KubeApi): Promise<boolean> {
  const discovery = await api.find<{ resources?: readonly { name?: string }[] }>(FLINK_API);
  return (discovery?.resources ?? []).some((r) => r.name === 'flinkstatesnapshots');
}

/** The FlinkStateSnapshot of a savepoint of the job: retried once, kept on S3 when the resource is deleted. */
export function savepointRequest(resource: FlinkJobResource): KubeRequest {
  return {
    method: 'POST', path: snapshotsPath(resource.namespace), contentType: 'application/json',
    body: {
      apiVersion: 'flink.apache.org/v1beta1', kind: 'FlinkStateSnapshot',
      metadata: { generateName: `${resource.name}-savepoint-`, namespace: resource.namespace },
      spec: { backoffLimit: 1, jobReference: { kind: resource.kind, name: resource.name }, savepoint: { disposeOnDelete: false } },
    },
  };
}

/**
 * `snapshot`: a savepoint of a running job. With the operator's snapshot resources (the 1.15 chart installs the
 * FlinkStateSnapshot CRD; the operator falls back to status fields without it) a FlinkStateSnapshot is created:
 * retried once, kept on S3 when the resource is deleted (`disposeOnDelete: false`: a manual savepoint is a restore
 * point). Without the CRD, `spec.job.savepointTriggerNonce` is bumped and the status' last savepoint is watched.
 */
export async function snapshotJob(api: KubeApi, plan: PipelinePlan, job: JobPlan, options: ActionOptions): Promise<string> {
  const { resource, object } = await deployed(api, plan, job);
  if (object.spec.job?.state === 'suspended' || object.status?.jobStatus?.state !== 'RUNNING') {
    throw new OperationError(`job ${job.name} is ${describeState(object)}${object.spec.job?.state === 'suspended' ? ' (suspended)' : ''}: a savepoint needs a RUNNING job — start it first`);
  }
  if (await snapshotResources(api)) {
    const request = savepointRequest(resource);
    const created = await api.change<FlinkStateSnapshotObject>(request);
    const line = `${job.name}: savepoint requested as FlinkStateSnapshot ${resource.namespace}/${created.metadata.name}`;
    if (options.wait === false) return `${line}; not waiting (--no-wait)`;
    const started = api.clock.now();
    let last = '';
    for (;;) {
      const snapshot = await api.get<FlinkStateSnapshotObject>(`${snapshotsPath(resource.namespace)}/${created.metadata.name}`);
      const state = snapshot.status?.state ?? 'TRIGGER_PENDING';
      if (state === 'COMPLETED') return `${line}; COMPLETED: ${snapshot.status?.path ?? '(no path)'}`;
      if (state === 'FAILED' || state === 'ABANDONED') throw new OperationError(`savepoint ${created.metadata.name} of job ${job.name} ${state}: ${snapshot.status?.error ?? 'no error recorded'}`);
      if (state !== last) options.progress(`${created.metadata.name}: ${state} (${secondsSince(api.clock, started)} s)`);
      last = state;
      if (api.clock.now() - started > api.timing.waitTimeoutMs) throw new OperationError(`savepoint ${created.metadata.name} is still ${state}: follow it with \`kubectl get flinkstatesnapshot -n ${resource.namespace} ${created.metadata.name} -w\``);
      await api.clock.sleep(api.timing.pollMs);
    }
  }
  const nonce = (object.spec.job?.savepointTriggerNonce ?? 0) + 1;
  const request = mergePatch(resource, { savepointTriggerNonce: nonce });
  await api.change<FlinkResourceObject>(request);
  const line = `${job.name}: savepoint triggered (savepointTriggerNonce ${nonce})`;
  if (options.wait === false) return `${line}; not waiting (--no-wait)`;
  const done = await waitFor(api, resource, options, 'taking a savepoint', undefined, (o) => o.status?.jobStatus?.savepointInfo?.lastSavepoint?.triggerNonce === nonce);
  return `${line}; COMPLETED: ${done.status?.jobStatus?.savepointInfo?.lastSavepoint?.location ?? '(no location)'}`;
}

/** `start` of a batch job: its schedule runs it; the one-off run is a kubectl command. */
export function batchRefusal(job: JobPlan, resource: FlinkJobResource): OperationError {
  return new OperationError(`job ${job.name} is a batch job its schedule runs (CronJob ${resource.namespace}/${job.name}): run it now with \`kubectl create job -n ${resource.namespace} --from=cronjob/${job.name} ${job.name}-manual\``);
}

/** `start`'s patches: the start (stateless for `none`), then for `none` the plan's upgrade mode back. */
export function startPatches(resource: FlinkJobResource, job: JobPlan, from: StateChoice): { first: KubeRequest; restore: KubeRequest } {
  const planned = plannedUpgradeMode(job);
  return {
    first: mergePatch(resource, { state: 'running', upgradeMode: from === 'none' ? 'stateless' : planned }),
    restore: mergePatch(resource, { upgradeMode: planned }),
  };
}

/**
 * `start`: `spec.job.state: running`.
 * - latest: the plan's upgrade mode; the operator restores what the suspend kept (the savepoint it took, or the last
 *   checkpoint of a last-state suspend). Refused when the job was suspended stateless (`stop --from none`): the
 *   operator would start it empty.
 * - none: `upgradeMode: stateless` for this start (the operator restores nothing when the spec asks for a stateless
 *   start); once the operator recorded the start, the plan's upgrade mode is patched back (upgradeMode is not part of
 *   the operator's spec diff, so that patch redeploys nothing) so later upgrades keep state again.
 */
export async function startJob(api: KubeApi, plan: PipelinePlan, job: JobPlan, from: StateChoice, options: ActionOptions): Promise<string> {
  const { resource, object } = await deployed(api, plan, job);
  if (job.mode.value === 'batch') throw batchRefusal(job, resource);
  if (object.spec.job?.state !== 'suspended') {
    throw new OperationError(`job ${job.name} is already started (spec.job.state running; ${describeState(object)}): stop it first, or use scale or snapshot`);
  }
  if (from === 'latest' && lastReconciledJob(object)?.upgradeMode === 'stateless') {
    const savepoint = await lastSavepoint(api, plan, job, object);
    throw new OperationError(`job ${job.name} was stopped without state (suspended stateless): the operator would start it empty — start it with --from none${savepoint.path === undefined ? '' : `, or redeploy from ${savepoint.path} (spec.job.initialSavepointPath + savepointRedeployNonce)`}`);
  }
  const { first, restore } = startPatches(resource, job, from);
  const patched = await api.change<FlinkResourceObject>(first);
  const line = `${job.name}: starting ${from === 'none' ? 'without state' : 'from its latest state'} (${label(resource)})`;
  if (from === 'none') {
    await waitFor(api, resource, options, 'recording the stateless start', patched.metadata.generation, (o) => generationReached(o, patched.metadata.generation) && lastReconciledJob(o)?.state === 'running');
    await api.change<FlinkResourceObject>(restore);
  }
  if (options.wait === false) return `${line}; not waiting (--no-wait)`;
  const running = await waitFor(api, resource, options, 'starting', patched.metadata.generation, (o) => generationReached(o, patched.metadata.generation)
    && o.status?.jobStatus?.state === 'RUNNING' && ['STABLE', 'DEPLOYED'].includes(o.status.lifecycleState ?? ''));
  return `${line}; ${describeState(running)}`;
}

/** Whether `stop` takes a savepoint: `latest` on a streaming job (a batch run keeps no state). */
function stopsWithSavepoint(job: JobPlan, from: StateChoice): boolean {
  return from === 'latest' && job.mode.value !== 'batch';
}

/** `stop`'s patch: suspended, with a savepoint (`upgradeMode: savepoint`) or without (`stateless`). */
export function stopPatch(resource: FlinkJobResource, job: JobPlan, from: StateChoice): KubeRequest {
  return mergePatch(resource, { state: 'suspended', upgradeMode: stopsWithSavepoint(job, from) ? 'savepoint' : 'stateless' });
}

/**
 * `stop`: `spec.job.state: suspended`.
 * - latest: `upgradeMode: savepoint` for the suspend: the operator stops the job with a savepoint, which `start`
 *   (latest) restores;
 * - none: `upgradeMode: stateless`: the job is cancelled without a savepoint; a later start begins without state.
 * Batch jobs are suspended stateless either way (a run keeps no state; the next scheduled run starts afresh).
 */
export async function stopJob(api: KubeApi, plan: PipelinePlan, job: JobPlan, from: StateChoice, options: ActionOptions): Promise<string> {
  const { resource, object } = await deployed(api, plan, job);
  if (object.spec.job?.state === 'suspended') {
    throw new OperationError(`job ${job.name} is already stopped (spec.job.state suspended; ${describeState(object)}): start it with \`pipelines start ${job.name}\``);
  }
  const withSavepoint = stopsWithSavepoint(job, from);
  const request = stopPatch(resource, job, from);
  const patched = await api.change<FlinkResourceObject>(request);
  const line = `${job.name}: stopping ${withSavepoint ? 'with a savepoint' : 'without a savepoint'} (${label(resource)})`;
  if (options.wait === false) return `${line}; not waiting (--no-wait)`;
  const stopped = await waitFor(api, resource, options, 'stopping', patched.metadata.generation, (o) => generationReached(o, patched.metadata.generation) && o.status?.lifecycleState === 'SUSPENDED');
  const savepoint = withSavepoint ? `; savepoint ${stopped.status?.jobStatus?.upgradeSavepointPath ?? '(path not recorded)'}` : '';
  return `${line}; ${describeState(stopped)}${savepoint}`;
}
