/**
 * Lambda handler of the MSF application starter (custom resource, provider framework with onEvent + isComplete).
 * Compiled to `runtime/index.js` by `private/compile-handlers.ts`; keep it dependency-free apart from the AWS SDK v3 client
 * the Lambda Node.js runtime ships.
 *
 * Create / Update: start the application if it is READY (restoring from its latest snapshot when it has one), then
 * wait until it is RUNNING. An application that is already running is left alone: MSF applies CloudFormation updates
 * to a running application itself, taking a snapshot and restoring from it (the application's RunConfiguration).
 * Delete: stop the application with a snapshot (Force=false), then wait until it is READY (or gone).
 */
import {
  ApplicationRestoreType, ApplicationStatus, DescribeApplicationCommand, KinesisAnalyticsV2Client, ListApplicationSnapshotsCommand,
  ResourceNotFoundException, StartApplicationCommand, StopApplicationCommand,
} from '@aws-sdk/client-kinesis-analytics-v2';

/** The custom resource's properties, as CloudFormation passes them (strings). */
export interface StarterProperties {
  readonly ApplicationName: string;
  /** `RESTORE_FROM_LATEST_SNAPSHOT` (default) or `SKIP_RESTORE_FROM_SNAPSHOT`. */
  readonly RestoreType?: string;
  /** `'true'` lets a restarted job drop state that no longer maps to an operator. Default `'false'`. */
  readonly AllowNonRestoredState?: string;
  /** Changes with every configuration change of the application, so updates reach this resource. */
  readonly ConfigurationFingerprint?: string;
}

/** The subset of the CloudFormation custom resource event the handler reads. */
export interface StarterEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: StarterProperties;
}

/** onEvent's answer. */
export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  readonly Data: { readonly ApplicationName: string; readonly Action: string };
}

/** isComplete's answer. */
export interface IsCompleteResponse {
  readonly IsComplete: boolean;
}

/** The SDK client surface the handler uses (lets tests inject a mock). */
export type KinesisAnalyticsClient = Pick<KinesisAnalyticsV2Client, 'send'>;

const WAITING: ReadonlySet<string> = new Set<string>([
  ApplicationStatus.STARTING, ApplicationStatus.UPDATING, ApplicationStatus.AUTOSCALING,
  ApplicationStatus.MAINTENANCE, ApplicationStatus.ROLLING_BACK,
]);
const STOPPING: ReadonlySet<string> = new Set<string>([ApplicationStatus.STOPPING, ApplicationStatus.FORCE_STOPPING]);

let defaultClient: KinesisAnalyticsClient | undefined;
function client(): KinesisAnalyticsClient {
  defaultClient ??= new KinesisAnalyticsV2Client({});
  return defaultClient;
}

/** The application's status, or undefined if it does not exist. */
export async function applicationStatus(kda: KinesisAnalyticsClient, name: string): Promise<string | undefined> {
  try {
    const out = await kda.send(new DescribeApplicationCommand({ ApplicationName: name }));
    return out.ApplicationDetail?.ApplicationStatus;
  } catch (error) {
    if (error instanceof ResourceNotFoundException || (error as { name?: string }).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/** Restore type for a start: the latest snapshot only if one exists (a new application has none). */
export async function restoreTypeFor(kda: KinesisAnalyticsClient, props: StarterProperties): Promise<ApplicationRestoreType> {
  if (props.RestoreType === ApplicationRestoreType.SKIP_RESTORE_FROM_SNAPSHOT) return ApplicationRestoreType.SKIP_RESTORE_FROM_SNAPSHOT;
  if (props.RestoreType !== undefined && props.RestoreType !== ApplicationRestoreType.RESTORE_FROM_LATEST_SNAPSHOT) {
    throw new Error(`RestoreType must be RESTORE_FROM_LATEST_SNAPSHOT or SKIP_RESTORE_FROM_SNAPSHOT, got ${props.RestoreType}`);
  }
  const out = await kda.send(new ListApplicationSnapshotsCommand({ ApplicationName: props.ApplicationName, Limit: 1 }));
  return (out.SnapshotSummaries ?? []).length > 0
    ? ApplicationRestoreType.RESTORE_FROM_LATEST_SNAPSHOT
    : ApplicationRestoreType.SKIP_RESTORE_FROM_SNAPSHOT;
}

async function start(kda: KinesisAnalyticsClient, props: StarterProperties): Promise<string> {
  const restoreType = await restoreTypeFor(kda, props);
  await kda.send(new StartApplicationCommand({
    ApplicationName: props.ApplicationName,
    RunConfiguration: {
      ApplicationRestoreConfiguration: { ApplicationRestoreType: restoreType },
      FlinkRunConfiguration: { AllowNonRestoredState: props.AllowNonRestoredState === 'true' },
    },
  }));
  return `started (${restoreType})`;
}

/** Starts (Create/Update) or stops (Delete) the application; isComplete waits for the outcome. */
export async function handleEvent(kda: KinesisAnalyticsClient, event: StarterEvent): Promise<OnEventResponse> {
  const props = event.ResourceProperties;
  const name = props.ApplicationName;
  const physicalId = event.RequestType === 'Create' ? name : event.PhysicalResourceId ?? name;
  const status = await applicationStatus(kda, event.RequestType === 'Delete' ? physicalId : name);
  let action: string;
  if (event.RequestType === 'Delete') {
    if (status === ApplicationStatus.RUNNING || status === ApplicationStatus.AUTOSCALING) {
      await kda.send(new StopApplicationCommand({ ApplicationName: physicalId, Force: false }));
      action = 'stopping with a snapshot';
    } else {
      action = status === undefined ? 'already deleted' : `left ${status}`;
    }
    return { PhysicalResourceId: physicalId, Data: { ApplicationName: physicalId, Action: action } };
  }
  if (status === undefined) throw new Error(`application ${name} does not exist`);
  if (status === ApplicationStatus.READY) {
    action = await start(kda, props);
  } else if (status === ApplicationStatus.RUNNING || WAITING.has(status)) {
    action = `already ${status}`;
  } else if (STOPPING.has(status)) {
    throw new Error(`application ${name} is ${status}; wait until it is READY and deploy again`);
  } else {
    throw new Error(`application ${name} is ${status}; it cannot be started from that state`);
  }
  return { PhysicalResourceId: name, Data: { ApplicationName: name, Action: action } };
}

/** Whether the application reached the state the event asked for. */
export async function checkComplete(kda: KinesisAnalyticsClient, event: StarterEvent): Promise<IsCompleteResponse> {
  const name = event.RequestType === 'Delete' ? event.PhysicalResourceId ?? event.ResourceProperties.ApplicationName : event.ResourceProperties.ApplicationName;
  const status = await applicationStatus(kda, name);
  if (event.RequestType === 'Delete') {
    return { IsComplete: status === undefined || status === ApplicationStatus.READY || status === ApplicationStatus.DELETING };
  }
  if (status === ApplicationStatus.RUNNING) return { IsComplete: true };
  if (status !== undefined && (WAITING.has(status) || STOPPING.has(status))) return { IsComplete: false };
  if (status === ApplicationStatus.ROLLED_BACK) {
    throw new Error(`application ${name} was ROLLED_BACK by MSF after a failed update: see its CloudWatch logs`);
  }
  throw new Error(`application ${name} is ${status ?? 'gone'} instead of RUNNING: the job failed to start, see its CloudWatch logs`);
}

/** Provider framework entry point: onEvent. */
export async function onEvent(event: StarterEvent): Promise<OnEventResponse> {
  return handleEvent(client(), event);
}

/** Provider framework entry point: isComplete. */
export async function isComplete(event: StarterEvent): Promise<IsCompleteResponse> {
  return checkComplete(client(), event);
}
