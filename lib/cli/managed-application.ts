import {
  ApplicationDetail, DescribeApplicationCommand, DescribeApplicationOperationCommand, DescribeApplicationSnapshotCommand,
  ListApplicationSnapshotsCommand, SnapshotDetails,
} from '@aws-sdk/client-kinesis-analytics-v2';
import { Clock } from '../clock';
import { JobPlan, PipelinePlan } from '../plan/pipeline-plan';
import { managedApplicationName } from '../plan/plan-names';
import { ManagedClients } from './managed-clients';
import { POLL_INTERVAL_MS, elapsed } from './managed-wait';
import { ActionOptions, OperationError } from './operations';

/** What the verbs need to know about a job's MSF application, read with DescribeApplication. */
export interface ApplicationState {
  readonly job: string;
  readonly application: string;
  readonly status: string;
  readonly versionId: number;
  /** `Parallelism`: the configured parallelism (with autoscaling: its floor). */
  readonly parallelism?: number;
  /** `CurrentParallelism`: what the job runs at now. */
  readonly currentParallelism?: number;
  readonly parallelismPerKpu: number;
  readonly autoScaling: boolean;
  /** `ApplicationSnapshotConfiguration.SnapshotsEnabled`: whether MSF snapshots the job on stop and update. */
  readonly snapshotsEnabled: boolean;
}

function stateOf(job: JobPlan, application: string, detail: ApplicationDetail | undefined): ApplicationState {
  const configuration = detail?.ApplicationConfigurationDescription;
  const parallelism = configuration?.FlinkApplicationConfigurationDescription?.ParallelismConfigurationDescription;
  return {
    job: job.name,
    application,
    status: detail?.ApplicationStatus ?? 'UNKNOWN',
    versionId: detail?.ApplicationVersionId ?? 0,
    parallelism: parallelism?.Parallelism,
    currentParallelism: parallelism?.CurrentParallelism ?? parallelism?.Parallelism,
    parallelismPerKpu: parallelism?.ParallelismPerKPU ?? 1,
    autoScaling: parallelism?.AutoScalingEnabled === true,
    snapshotsEnabled: configuration?.ApplicationSnapshotConfigurationDescription?.SnapshotsEnabled === true,
  };
}

/** The job's application as MSF describes it now. */
export async function describeJob(plan: PipelinePlan, job: JobPlan, clients: ManagedClients): Promise<ApplicationState> {
  const application = managedApplicationName(plan.names, job.name);
  const described = await clients.flink.send(new DescribeApplicationCommand({ ApplicationName: application }));
  return stateOf(job, application, described.ApplicationDetail);
}

/** The application's READY snapshots, newest first. */
export async function readySnapshots(application: string, clients: ManagedClients): Promise<{ name: string; created?: Date }[]> {
  const snapshots: { name: string; created?: Date }[] = [];
  let token: string | undefined;
  do {
    const page = await clients.flink.send(new ListApplicationSnapshotsCommand({ ApplicationName: application, Limit: 50, NextToken: token }));
    for (const s of page.SnapshotSummaries ?? []) {
      if (s.SnapshotStatus === 'READY' && s.SnapshotName !== undefined) snapshots.push({ name: s.SnapshotName, created: s.SnapshotCreationTimestamp });
    }
    token = page.NextToken;
  } while (token !== undefined);
  return snapshots.sort((a, b) => (b.created?.getTime() ?? 0) - (a.created?.getTime() ?? 0));
}

/** How long a wait may last before it is reported as stuck. */
export const WAIT_TIMEOUT_MS = 30 * 60_000;

/**
 * Waits for an MSF operation (the OperationId that UpdateApplication, StartApplication and StopApplication return) to
 * end, one progress line per poll; a FAILED or CANCELLED operation is an OperationError naming MSF's reason. Without
 * an OperationId it waits for the application to reach one of `statuses`.
 */
export async function waitForApplication(
  state: ApplicationState, verb: string, operationId: string | undefined, statuses: readonly string[],
  plan: PipelinePlan, job: JobPlan, clients: ManagedClients, clock: Clock, options: ActionOptions,
): Promise<ApplicationState> {
  const since = clock.now();
  for (;;) {
    if (operationId !== undefined) {
      const out = await clients.flink.send(new DescribeApplicationOperationCommand({ ApplicationName: state.application, OperationId: operationId }));
      const operation = out.ApplicationOperationInfoDetails;
      const status = operation?.OperationStatus ?? 'IN_PROGRESS';
      if (status === 'SUCCESSFUL') return describeJob(plan, job, clients);
      if (status === 'FAILED' || status === 'CANCELLED') {
        const reason = operation?.OperationFailureDetails?.ErrorInfo?.ErrorString ?? 'no reason given';
        const rollback = operation?.OperationFailureDetails?.RollbackOperationId === undefined ? '' : ' (MSF rolled the application back to its previous version)';
        throw new OperationError(`${verb} ${job.name}: operation ${operationId} ${status} after ${elapsed(since, clock.now())}: ${reason}${rollback} — see the application's CloudWatch logs`);
      }
      options.progress(`${job.name}: ${verb} ${status.toLowerCase().replace('_', ' ')} (${elapsed(since, clock.now())})`);
    } else {
      const now = await describeJob(plan, job, clients);
      if (statuses.includes(now.status)) return now;
      options.progress(`${job.name}: ${now.status}, waiting for ${statuses.join(' or ')} (${elapsed(since, clock.now())})`);
    }
    if (clock.now() - since >= WAIT_TIMEOUT_MS) {
      throw new OperationError(`${verb} ${job.name}: still not done after ${elapsed(since, clock.now())} — check \`pipelines status\` and the application's CloudWatch logs`);
    }
    await clock.sleep(POLL_INTERVAL_MS);
  }
}

/** How long a snapshot just requested may be unknown to DescribeApplicationSnapshot (eventual consistency). */
const SNAPSHOT_VISIBLE_MS = 60_000;

async function describeSnapshot(application: string, name: string, clients: ManagedClients, mayBeUnknown: boolean): Promise<SnapshotDetails | undefined> {
  try {
    const out = await clients.flink.send(new DescribeApplicationSnapshotCommand({ ApplicationName: application, SnapshotName: name }));
    return out.SnapshotDetails;
  } catch (error) {
    if (mayBeUnknown && error instanceof Error && error.name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/** Waits for a snapshot to be READY (progress per poll); FAILED is an OperationError. */
export async function waitForSnapshot(application: string, name: string, job: JobPlan, clients: ManagedClients, clock: Clock, options: ActionOptions): Promise<SnapshotDetails | undefined> {
  const since = clock.now();
  for (;;) {
    const details = await describeSnapshot(application, name, clients, clock.now() - since < SNAPSHOT_VISIBLE_MS);
    const status = details?.SnapshotStatus ?? 'CREATING';
    if (status === 'READY') return details;
    if (status === 'FAILED' || status === 'DELETING') {
      throw new OperationError(`snapshot ${job.name}: snapshot ${name} is ${status} after ${elapsed(since, clock.now())} — see the application's CloudWatch logs (a checkpoint failing is the usual cause)`);
    }
    options.progress(`${job.name}: snapshot ${name} ${status.toLowerCase()} (${elapsed(since, clock.now())})`);
    if (clock.now() - since >= WAIT_TIMEOUT_MS) {
      throw new OperationError(`snapshot ${job.name}: snapshot ${name} still ${status} after ${elapsed(since, clock.now())} — check it later with \`pipelines status\``);
    }
    await clock.sleep(POLL_INTERVAL_MS);
  }
}
