import {
  CreateApplicationSnapshotCommand, StartApplicationCommand, StopApplicationCommand, UpdateApplicationCommand,
} from '@aws-sdk/client-kinesis-analytics-v2';
import { Clock } from '../clock';
import { JobMode } from '../definition/job-options';
import { JobPlan, PipelinePlan } from '../plan/pipeline-plan';
import { kpusFor } from '../sizing/flink-capacity';
import { checkParallelism, scaleNotes, snapshotInput, startInput, stopInput, updateParallelismInput } from './managed-action-inputs';
import { ApplicationState, describeJob, readySnapshots, waitForApplication, waitForSnapshot } from './managed-application';
import { ManagedClients } from './managed-clients';
import { explainAwsError } from './managed-errors';
import { ActionOptions, OperationError, StateChoice } from './operations';

/** Statuses in which MSF is already moving the application (a change now would be refused). */
const IN_TRANSITION = ['STARTING', 'UPDATING', 'AUTOSCALING', 'STOPPING', 'FORCE_STOPPING', 'ROLLING_BACK', 'MAINTENANCE', 'DELETING'];

function refuse(verb: string, state: ApplicationState, why: string, fix: string): never {
  throw new OperationError(`${verb} ${state.job}: application ${state.application} is ${state.status}, ${why} — ${fix}`);
}

function atSize(state: ApplicationState): string {
  const current = state.currentParallelism;
  return current === undefined ? state.status : `${state.status} at parallelism ${current} (${kpusFor(current, state.parallelismPerKpu)} KPUs incl. orchestration)`;
}

/** Runs a verb's body; AWS failures become one line naming the state the application was last seen in. */
async function guarded(verb: string, plan: PipelinePlan, job: JobPlan, clients: ManagedClients, body: (state: ApplicationState) => Promise<string>): Promise<string> {
  let state: ApplicationState | undefined;
  try {
    state = await describeJob(plan, job, clients);
    return await body(state);
  } catch (error) {
    return explainAwsError(error, plan, { verb, job: job.name, state: state?.status ?? 'UNKNOWN' });
  }
}

/** `scale <job> --parallelism N`: UpdateApplication with the new parallelism; a running job restarts from a snapshot. */
export function scaleJob(plan: PipelinePlan, job: JobPlan, parallelism: number, clients: ManagedClients, clock: Clock, options: ActionOptions): Promise<string> {
  return guarded('scale', plan, job, clients, async (state) => {
    if (state.status !== 'RUNNING' && state.status !== 'READY') {
      refuse('scale', state, 'and MSF changes an application only while it is RUNNING or READY', 'wait until `pipelines status` shows it RUNNING or READY, then scale again');
    }
    checkParallelism(job, state.parallelismPerKpu, parallelism);
    const notes = scaleNotes(job, parallelism, state.autoScaling, state.parallelismPerKpu);
    if (state.status === 'RUNNING' && !state.snapshotsEnabled) {
      notes.push(`note: snapshots are disabled for ${state.application} (ApplicationSnapshotConfiguration): the restart for the new parallelism takes no snapshot and the job resumes from the last one taken`);
    }
    // A running application restarts for the change: MSF snapshots it and restores that snapshot, keeping state.
    const keepState = state.status === 'RUNNING' && state.snapshotsEnabled;
    const input = updateParallelismInput(state.application, state.versionId, parallelism, keepState);
    const head = [`scale ${job.name}: ${state.application} is ${atSize(state)}; parallelism ${state.parallelism ?? '-'} → ${parallelism}`, ...notes];
    const out = await clients.flink.send(new UpdateApplicationCommand(input));
    if (state.status === 'READY') return [...head, `${job.name} is stopped (READY): parallelism ${parallelism} applies at its next start`].join('\n');
    if (options.wait === false) return [...head, `update accepted (operation ${out.OperationId ?? 'unknown'}); not waiting (--no-wait)`].join('\n');
    options.progress(`${job.name}: waiting for the update to parallelism ${parallelism} (MSF snapshots, restarts and restores the job)`);
    const after = await waitForApplication(state, 'scale', out.OperationId, ['RUNNING'], plan, job, clients, clock, options);
    return [...head, `${job.name} is ${atSize(after)}`].join('\n');
  });
}

/** `snapshot <job>`: CreateApplicationSnapshot of a running job, then waits until the snapshot is READY. */
export function snapshotJob(plan: PipelinePlan, job: JobPlan, clients: ManagedClients, clock: Clock, options: ActionOptions): Promise<string> {
  return guarded('snapshot', plan, job, clients, async (state) => {
    if (state.status !== 'RUNNING') refuse('snapshot', state, 'and MSF snapshots only a RUNNING application', `start it first (\`pipelines start ${job.name}\`)`);
    if (!state.snapshotsEnabled) {
      const why = job.mode.value === JobMode.BATCH.value ? 'a batch job runs without snapshots' : 'snapshots are disabled in its ApplicationSnapshotConfiguration';
      refuse('snapshot', state, `and ${why}`, 'there is no state to snapshot; deploy with snapshots enabled to keep one');
    }
    const input = snapshotInput(state.application, job, new Date(clock.now()));
    await clients.flink.send(new CreateApplicationSnapshotCommand(input));
    if (options.wait === false) return `snapshot ${input.SnapshotName} of ${job.name} requested; not waiting (--no-wait)`;
    const ready = await waitForSnapshot(state.application, input.SnapshotName ?? '', job, clients, clock, options);
    return `snapshot ${input.SnapshotName} of ${job.name} is READY (${ready?.SnapshotCreationTimestamp?.toISOString() ?? 'time not reported'}, application version ${ready?.ApplicationVersionId ?? state.versionId})`;
  });
}

/** `start <job> [--from latest|none]`: StartApplication restoring the newest snapshot, or none. */
export function startJob(plan: PipelinePlan, job: JobPlan, from: StateChoice, clients: ManagedClients, clock: Clock, options: ActionOptions): Promise<string> {
  return guarded('start', plan, job, clients, async (state) => {
    if (state.status !== 'READY') {
      const why = IN_TRANSITION.includes(state.status) ? 'MSF is already moving it' : 'it is not stopped';
      refuse('start', state, why, state.status === 'RUNNING' ? 'it is already running; stop it first to restart it' : 'wait until `pipelines status` shows it READY, then start it');
    }
    const notes: string[] = [];
    if (from === 'latest') {
      const snapshots = await readySnapshots(state.application, clients);
      const newest = snapshots[0];
      if (newest === undefined) {
        refuse('start', state, 'and it has no READY snapshot to restore', `start it without state: \`pipelines start ${job.name} --from none\` (its sources begin at ${job.startPosition.toString()})`);
      }
      notes.push(`restoring the newest READY snapshot ${newest.name} (${newest.created?.toISOString() ?? 'time not reported'})`);
    } else {
      notes.push(`starting without state: its sources begin at their start position (${job.startPosition.toString()})`);
    }
    const input = startInput(state.application, from);
    const head = [`start ${job.name}: ${state.application} is READY; ${notes.join('; ')}`];
    const out = await clients.flink.send(new StartApplicationCommand(input));
    if (options.wait === false) return [...head, `start accepted (operation ${out.OperationId ?? 'unknown'}); not waiting (--no-wait)`].join('\n');
    const after = await waitForApplication(state, 'start', out.OperationId, ['RUNNING'], plan, job, clients, clock, options);
    return [...head, `${job.name} is ${atSize(after)}`].join('\n');
  });
}

/** Statuses MSF force-stops from (StopApplication with Force=true). */
const FORCE_STOPPABLE = ['STARTING', 'UPDATING', 'AUTOSCALING', 'RUNNING', 'STOPPING'];

/** `stop <job> [--from latest|none]`: StopApplication, with a snapshot (Force=false) or without (Force=true). */
export function stopJob(plan: PipelinePlan, job: JobPlan, from: StateChoice, clients: ManagedClients, clock: Clock, options: ActionOptions): Promise<string> {
  return guarded('stop', plan, job, clients, async (state) => {
    if (state.status === 'READY') refuse('stop', state, 'it is already stopped', 'nothing to do');
    if (from === 'latest') {
      if (state.status === 'STOPPING' || state.status === 'FORCE_STOPPING') refuse('stop', state, 'it is already stopping', `wait for it (\`pipelines status\`), or abandon its snapshot: \`pipelines stop ${job.name} --from none\``);
      if (state.status !== 'RUNNING') refuse('stop', state, 'and MSF stops with a snapshot only a RUNNING application', `wait until it is RUNNING, or stop it without a snapshot: \`pipelines stop ${job.name} --from none\``);
    } else if (!FORCE_STOPPABLE.includes(state.status)) {
      refuse('stop', state, 'and MSF force-stops only a STARTING, UPDATING, AUTOSCALING, RUNNING or STOPPING application', 'wait until `pipelines status` shows it RUNNING');
    }
    const notes: string[] = [];
    if (from === 'latest') {
      notes.push(state.snapshotsEnabled
        ? 'MSF takes a snapshot while stopping (start resumes from it)'
        : `snapshots are disabled for ${state.application} (ApplicationSnapshotConfiguration): MSF stops it gracefully but takes no snapshot`);
    } else {
      notes.push('stopping without a snapshot (Force): state since the last snapshot is lost; records after it may be read again');
    }
    const input = stopInput(state.application, from);
    const head = [`stop ${job.name}: ${state.application} is ${state.status}; ${notes.join('; ')}`];
    const out = await clients.flink.send(new StopApplicationCommand(input));
    if (options.wait === false) return [...head, `stop accepted (operation ${out.OperationId ?? 'unknown'}); not waiting (--no-wait)`].join('\n');
    const after = await waitForApplication(state, 'stop', out.OperationId, ['READY'], plan, job, clients, clock, options);
    const snapshot = from === 'latest' && state.snapshotsEnabled ? (await readySnapshots(state.application, clients))[0] : undefined;
    return [...head, `${job.name} is ${after.status}${snapshot === undefined ? '' : `; newest snapshot ${snapshot.name}`}`].join('\n');
  });
}
