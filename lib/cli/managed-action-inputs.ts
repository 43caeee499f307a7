import {
  CreateApplicationSnapshotRequest, StartApplicationRequest, StopApplicationRequest, UpdateApplicationRequest,
} from '@aws-sdk/client-kinesis-analytics-v2';
import { JobPlan } from '../plan/pipeline-plan';
import { SIZING_DEFAULTS } from '../sizing/sizing-defaults';
import { OperationError, StateChoice } from './operations';

/**
 * The inputs of the SDK commands the managed flavor's changing verbs send, and the checks and notes of `scale`: one
 * place for the verbs (managed-actions.ts, after DescribeApplication) and their dry runs (managed-dry-run.ts, from
 * the plan alone), so a dry run prints the input the verb sends.
 */

/** UpdateApplication to a parallelism; `keepState`: a running application restarts from a snapshot it takes. */
export function updateParallelismInput(application: string, versionId: number, parallelism: number, keepState: boolean): UpdateApplicationRequest {
  return {
    ApplicationName: application,
    CurrentApplicationVersionId: versionId,
    ApplicationConfigurationUpdate: {
      FlinkApplicationConfigurationUpdate: {
        ParallelismConfigurationUpdate: { ConfigurationTypeUpdate: 'CUSTOM', ParallelismUpdate: parallelism },
      },
    },
    ...(keepState ? { RunConfigurationUpdate: {
      ApplicationRestoreConfiguration: { ApplicationRestoreType: 'RESTORE_FROM_LATEST_SNAPSHOT' },
      FlinkRunConfiguration: { AllowNonRestoredState: false },
    } } : {}),
  };
}

/** The snapshot name of a job at an instant: `<job>-<UTC yyyymmddThhmmssZ>` (MSF allows [a-zA-Z0-9_.-]). */
export function snapshotName(job: JobPlan, at: Date): string {
  return `${job.name}-${at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')}`;
}

export function snapshotInput(application: string, job: JobPlan, at: Date): CreateApplicationSnapshotRequest {
  return { ApplicationName: application, SnapshotName: snapshotName(job, at) };
}

/** StartApplication restoring the newest snapshot (`latest`) or none. */
export function startInput(application: string, from: StateChoice): StartApplicationRequest {
  return {
    ApplicationName: application,
    RunConfiguration: {
      ApplicationRestoreConfiguration: { ApplicationRestoreType: from === 'latest' ? 'RESTORE_FROM_LATEST_SNAPSHOT' : 'SKIP_RESTORE_FROM_SNAPSHOT' },
      FlinkRunConfiguration: { AllowNonRestoredState: false },
    },
  };
}

/** StopApplication with a snapshot (Force=false, `latest`) or without (Force=true, `none`). */
export function stopInput(application: string, from: StateChoice): StopApplicationRequest {
  return { ApplicationName: application, Force: from === 'none' };
}

/** Parallelism checks against the plan and MSF's KPU quota: one line with the fix when N cannot be set. */
export function checkParallelism(job: JobPlan, parallelismPerKpu: number, parallelism: number): void {
  const plan = job.parallelism;
  if (parallelism > plan.max) {
    throw new OperationError(`scale ${job.name}: parallelism ${parallelism} is above the plan's max ${plan.max} (what sizing, cost and alarms assume) — raise jobs.${job.name}.parallelism.max in the definition and deploy, or scale to ${plan.max} or less`);
  }
  const quota = parallelismPerKpu * SIZING_DEFAULTS.msfMaxKpusPerApplication;
  if (parallelism > quota) {
    throw new OperationError(`scale ${job.name}: parallelism ${parallelism} needs ${Math.ceil(parallelism / parallelismPerKpu)} KPUs, above MSF's default quota of ${SIZING_DEFAULTS.msfMaxKpusPerApplication} KPUs per application (parallelism per KPU ${parallelismPerKpu}) — request a Service Quotas increase first`);
  }
}

/** What `scale` says before it changes anything: MSF autoscaling keeps N only as a floor; a deploy sets `initial` back. */
export function scaleNotes(job: JobPlan, parallelism: number, autoScaling: boolean, parallelismPerKpu: number): string[] {
  const notes: string[] = [];
  if (autoScaling) {
    notes.push(`note: ${job.name} is autoscaled (costControl ${job.costControl.toString()}): MSF keeps parallelism ${parallelism} as its floor and raises it again under load, up to ${parallelismPerKpu * SIZING_DEFAULTS.msfMaxKpusPerApplication} (its KPU quota, not the plan's max ${job.parallelism.max}); to pin it, set costControl CONTINUOUS in the definition and deploy`);
  }
  if (parallelism !== job.parallelism.initial) {
    notes.push(`note: the stack deploys parallelism ${job.parallelism.initial}: a later deployment that updates this application sets it back; to keep ${parallelism}, set jobs.${job.name}.parallelism.initial in the definition`);
  }
  return notes;
}
