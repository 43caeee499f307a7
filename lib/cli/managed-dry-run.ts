import { JobPlan, PipelinePlan } from '../plan/pipeline-plan';
import { isAutoscaled } from '../plan/job-autoscaling';
import { managedApplicationName } from '../plan/plan-names';
import { DryRun } from './dry-run';
import { checkParallelism, scaleNotes, snapshotInput, startInput, stopInput, updateParallelismInput } from './managed-action-inputs';
import { OperationError } from './operations';

/** What `--dry-run` prints: the SDK command's name, what the verb reads first when it runs, and the exact input. */
export function dryRunText(command: string, input: object, when: string): string {
  return `Dry run from the plan, nothing contacted. Would send ${command} (${when}):\n${JSON.stringify(input, null, 2)}`;
}

/** The version placeholder: UpdateApplication needs the application's current version, read when the verb runs. */
const READ_VERSION = '<ApplicationVersionId read with DescribeApplication>';

function application(plan: PipelinePlan, job: JobPlan): string {
  return managedApplicationName(plan.names, job.name);
}

/** The managed renderer's choices for a job's application (managed-pipeline.ts): snapshots for streaming jobs. */
function snapshotsEnabled(job: JobPlan): boolean {
  return job.mode.value === 'streaming';
}

function parallelismPerKpu(plan: PipelinePlan, job: JobPlan): number {
  const sizing = plan.sizing.jobs.find((j) => j.job === job.name);
  if (sizing === undefined) throw new OperationError(`the plan has no sizing for job ${job.name}`);
  return sizing.managed.parallelismPerKpu;
}

/** The managed flavor's dry runs: MSF calls from the plan (application names, snapshots, autoscaling, KPUs). */
export const managedDryRun: DryRun = {
  scale(plan, job, parallelism) {
    const perKpu = parallelismPerKpu(plan, job);
    checkParallelism(job, perKpu, parallelism);
    const name = application(plan, job);
    const input = { ...updateParallelismInput(name, 0, parallelism, snapshotsEnabled(job)), CurrentApplicationVersionId: READ_VERSION };
    const when = snapshotsEnabled(job)
      ? 'sent while the application is RUNNING or READY; RunConfigurationUpdate only while RUNNING: MSF snapshots it, restarts it at the new parallelism and restores the snapshot'
      : 'sent while the application is RUNNING or READY';
    return [
      `scale ${job.name}: ${name}; parallelism → ${parallelism} (planned initial ${job.parallelism.initial}, max ${job.parallelism.max})`,
      ...scaleNotes(job, parallelism, isAutoscaled(job), perKpu),
      dryRunText('UpdateApplicationCommand', input, when),
    ].join('\n');
  },

  snapshot(plan, job, at) {
    const name = application(plan, job);
    if (!snapshotsEnabled(job)) {
      throw new OperationError(`snapshot ${job.name}: application ${name} runs without snapshots (a batch job) — there is no state to snapshot; deploy with snapshots enabled to keep one`);
    }
    return dryRunText('CreateApplicationSnapshotCommand', snapshotInput(name, job, at), 'sent while the application is RUNNING; the name is the time it is sent');
  },

  start(plan, job, from) {
    const name = application(plan, job);
    const note = from === 'latest'
      ? `restoring the newest READY snapshot (listed with ListApplicationSnapshots when it runs; without one it stops and names --from none)`
      : `starting without state: its sources begin at their start position (${job.startPosition.toString()})`;
    return [`start ${job.name}: ${name}; ${note}`, dryRunText('StartApplicationCommand', startInput(name, from), 'sent while the application is READY')].join('\n');
  },

  stop(plan, job, from) {
    const name = application(plan, job);
    let note: string;
    if (from === 'none') note = 'stopping without a snapshot (Force): state since the last snapshot is lost; records after it may be read again';
    else if (snapshotsEnabled(job)) note = 'MSF takes a snapshot while stopping (start resumes from it)';
    else note = `snapshots are disabled for ${name} (ApplicationSnapshotConfiguration): MSF stops it gracefully but takes no snapshot`;
    const when = from === 'none' ? 'sent while the application is STARTING, UPDATING, AUTOSCALING, RUNNING or STOPPING' : 'sent while the application is RUNNING';
    return [`stop ${job.name}: ${name}; ${note}`, dryRunText('StopApplicationCommand', stopInput(name, from), when)].join('\n');
  },
};
