/**
 * Lambda handler of the MSF application starter (custom resource, provider framework with onEvent + isComplete).
 * Compiled to `runtime/index.js` by `private/compile-handlers.ts`; keep it dependency-free apart from the AWS SDK v3 client
 * the Lambda Node.js runtime ships.
 *
 * Create / Update: start the application if it is READY (restoring from its latest snapshot when it has one), then
 * wait until it is RUNNING. An application that is already running is left alone: MSF applies CloudFormation updates
 * to a running application itself, taking a snapshot and restoring from it (the application's RunConfiguration).
 * RUNNING is not enough: MSF reports RUNNING while the Flink job fails and restarts in a loop. When the resource names
 * a health check (`StableForSeconds`), the deployment completes only once the job is healthy — see `judgeJobHealth` —
 * and fails with the application's log group and stream when it is not within `HealthTimeoutSeconds`.
 * An Update never starts an application that is READY: someone stopped it on purpose (a deploy must not undo that); the
 * answer says so and the deployment completes. Only a Create (or an Update that names another application) starts it.
 * Delete: stop the application with a snapshot (Force=false), then wait until it is READY (or gone). An application
 * that does not get there within `ForceStopAfterSeconds` of the delete (stuck STARTING/UPDATING, or a crash-looping job
 * whose snapshot never completes) is stopped with Force=true (no snapshot), so the delete ends well inside the
 * provider's one-hour limit. An application that is gone is deleted already: success.
 */
import { CloudWatchClient, GetMetricDataCommand, MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import {
  ApplicationRestoreType, ApplicationStatus, DescribeApplicationCommand, KinesisAnalyticsV2Client, ListApplicationSnapshotsCommand,
  StartApplicationCommand, StopApplicationCommand,
} from '@aws-sdk/client-kinesis-analytics-v2';
// A type only (erased on compile): the Lambda asset is this one file, and the Lambda runtime's clock is Date.now.
import type { Clock } from '../../../../lib/clock';

/** The custom resource's properties, as CloudFormation passes them (strings). */
export interface StarterProperties {
  readonly ApplicationName: string;
  /** `RESTORE_FROM_LATEST_SNAPSHOT` (default) or `SKIP_RESTORE_FROM_SNAPSHOT`. */
  readonly RestoreType?: string;
  /** `'true'` lets a restarted job drop state that no longer maps to an operator. Default `'false'`. */
  readonly AllowNonRestoredState?: string;
  /** Changes with every configuration change of the application, so updates reach this resource. */
  readonly ConfigurationFingerprint?: string;
  /** Health check: the job must have run this long without a restart. Absent: RUNNING is enough. */
  readonly StableForSeconds?: string;
  /** Health check: the deployment fails when the job is not healthy this long after the start. */
  readonly HealthTimeoutSeconds?: string;
  /** Health check: this many job restarts since the start fail the deployment at once (a crash loop). */
  readonly MaxRestarts?: string;
  /** Health check: `'true'` requires a completed checkpoint (streaming jobs commit to Iceberg on checkpoints). */
  readonly RequireCheckpoint?: string;
  /** The application's CloudWatch log group and stream, named in failures. */
  readonly LogGroupName?: string;
  readonly LogStreamName?: string;
  /** Delete: seconds after the delete began after which a stop with a snapshot gives way to a forced stop. Default 600. */
  readonly ForceStopAfterSeconds?: string;
}

/** The subset of the CloudFormation custom resource event the handler reads. */
export interface StarterEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: StarterProperties;
  /** What onEvent answered (the provider framework passes it on to isComplete). */
  readonly Data?: Partial<OnEventResponse['Data']>;
}

/** onEvent's answer. */
export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  /** `StartedAt`: when onEvent ran (epoch milliseconds, as a string): the health check looks at the job from then on. */
  readonly Data: { readonly ApplicationName: string; readonly Action: string; readonly StartedAt?: string };
}

/** isComplete's answer. */
export interface IsCompleteResponse {
  readonly IsComplete: boolean;
}

/** The SDK client surface the handler uses (lets tests inject a mock). */
export type KinesisAnalyticsClient = Pick<KinesisAnalyticsV2Client, 'send'>;
/** The CloudWatch client surface the health check uses. */
export type MetricsClient = Pick<CloudWatchClient, 'send'>;

/** What the health check requires of a job. */
export interface HealthCriteria {
  /** Milliseconds the job must have been up (`uptime`) without a restart. */
  readonly stableForMs: number;
  /** Milliseconds after the start after which a job that is not healthy fails the deployment. */
  readonly timeoutMs: number;
  /** Restarts since the start that fail the deployment at once. */
  readonly maxRestarts: number;
  /** Whether a completed checkpoint is required. */
  readonly requireCheckpoint: boolean;
}

/** The job metrics MSF publishes (namespace AWS/KinesisAnalytics, dimension Application), since the start, oldest first. */
export interface JobMetrics {
  /** `uptime` (ms the job has run without interruption; 0 while restarting). */
  readonly uptime: readonly number[];
  /** `downtime` (ms of the current outage; 0 while running). */
  readonly downtime: readonly number[];
  /** `fullRestarts` (Flink ≤ 2.1) or `numRestarts` (Flink 2.2+): restarts since the job was submitted. */
  readonly restarts: readonly number[];
  /** `lastCheckpointDuration`: a value ≥ 0 exists once a checkpoint completed. */
  readonly lastCheckpointDuration: readonly number[];
}

/** The health check's verdict. */
export type HealthVerdict = { readonly state: 'healthy' | 'waiting' | 'failed'; readonly reason: string };

const WAITING: ReadonlySet<string> = new Set<string>([
  ApplicationStatus.STARTING, ApplicationStatus.UPDATING, ApplicationStatus.AUTOSCALING,
  ApplicationStatus.MAINTENANCE, ApplicationStatus.ROLLING_BACK,
]);
const STOPPING: ReadonlySet<string> = new Set<string>([ApplicationStatus.STOPPING, ApplicationStatus.FORCE_STOPPING]);

/** The time the handler reads: the `now` of the injected Clock (lib/clock.ts). */
export type HandlerClock = Pick<Clock, 'now'>;
const LAMBDA_CLOCK: HandlerClock = { now: () => Date.now() };

/** Delete: how long a stop with a snapshot may take before the application is stopped with Force=true. */
export const DEFAULT_FORCE_STOP_AFTER_SECONDS = 600;

/** What an Update answers when it leaves an application READY (an operator stopped it; a deploy does not restart it). */
export const LEFT_STOPPED = 'left READY: stopped by an operator, an update does not start it';

let defaultClient: KinesisAnalyticsClient | undefined;
function client(): KinesisAnalyticsClient {
  defaultClient ??= new KinesisAnalyticsV2Client({});
  return defaultClient;
}

/** Whether `error` is the service's exception `name` (by name: the SDK's classes differ between copies of the client). */
function isServiceError(error: unknown, name: string): boolean {
  return error !== null && typeof error === 'object' && (error as { name?: unknown }).name === name;
}

/** The application's status, or undefined if it does not exist. */
export async function applicationStatus(kda: KinesisAnalyticsClient, name: string): Promise<string | undefined> {
  try {
    const out = await kda.send(new DescribeApplicationCommand({ ApplicationName: name }));
    return out.ApplicationDetail?.ApplicationStatus;
  } catch (error) {
    if (isServiceError(error, 'ResourceNotFoundException')) return undefined;
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

/**
 * Stops the application: `stopping`, `gone` (ResourceNotFoundException: deleted already) or `busy`
 * (ResourceInUseException: its state changed since it was described; the next poll looks again).
 */
export async function stopApplication(kda: KinesisAnalyticsClient, name: string, force: boolean): Promise<'stopping' | 'gone' | 'busy'> {
  try {
    await kda.send(new StopApplicationCommand({ ApplicationName: name, Force: force }));
    return 'stopping';
  } catch (error) {
    if (isServiceError(error, 'ResourceNotFoundException')) return 'gone';
    if (isServiceError(error, 'ResourceInUseException')) return 'busy';
    throw error;
  }
}

/**
 * Delete: the milliseconds after which the stop is forced (`ForceStopAfterSeconds`, default 600). A value that is not
 * a number of seconds ≥ 0 (the construct refuses it at synth) falls back to the default, logged: a delete must not fail
 * on a property it could not get wrong before.
 */
export function forceStopAfterMs(props: StarterProperties): number {
  const value = props.ForceStopAfterSeconds;
  const seconds = value === undefined ? DEFAULT_FORCE_STOP_AFTER_SECONDS : Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  console.log(JSON.stringify({ application: props.ApplicationName, ForceStopAfterSeconds: value, using: DEFAULT_FORCE_STOP_AFTER_SECONDS }));
  return DEFAULT_FORCE_STOP_AFTER_SECONDS * 1000;
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

/**
 * Judges a job from its metrics: healthy when it has been up `stableFor` without interruption, is not in an outage,
 * and (if required) completed a checkpoint; failed at once after `maxRestarts` restarts (a crash loop), or when it is
 * not healthy `timeout` after the start; waiting otherwise.
 */
export function judgeJobHealth(metrics: JobMetrics, criteria: HealthCriteria, elapsedMs: number): HealthVerdict {
  const restarts = Math.max(0, ...metrics.restarts);
  if (restarts >= criteria.maxRestarts) {
    return { state: 'failed', reason: `the job restarted ${restarts} times since the start (limit ${criteria.maxRestarts}): it is crash-looping` };
  }
  const uptime = metrics.uptime.at(-1);
  const downtime = metrics.downtime.at(-1) ?? 0;
  const checkpointed = metrics.lastCheckpointDuration.some((d) => d >= 0);
  const missing: string[] = [];
  if (uptime === undefined) missing.push('no uptime reported yet');
  else if (uptime < criteria.stableForMs) missing.push(`up ${Math.round(uptime / 1000)} s of the ${Math.round(criteria.stableForMs / 1000)} s required`);
  if (downtime > 0) missing.push(`in an outage for ${Math.round(downtime / 1000)} s`);
  if (criteria.requireCheckpoint && !checkpointed) missing.push('no completed checkpoint');
  if (missing.length === 0) return { state: 'healthy', reason: `up ${Math.round((uptime ?? 0) / 1000)} s, ${restarts} restarts${checkpointed ? ', checkpointing' : ''}` };
  const reason = missing.join(', ');
  if (elapsedMs >= criteria.timeoutMs) {
    return { state: 'failed', reason: `the job is not healthy ${Math.round(elapsedMs / 60000)} min after the start: ${reason}` };
  }
  return { state: 'waiting', reason };
}

/** The health criteria of the resource's properties, or undefined when it asks for none (RUNNING is enough). */
export function healthCriteriaOf(props: StarterProperties): HealthCriteria | undefined {
  if (props.StableForSeconds === undefined) return undefined;
  const seconds = (value: string | undefined, name: string, fallback: number): number => {
    const n = value === undefined ? fallback : Number(value);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number of seconds ≥ 0, got ${value}`);
    return n;
  };
  return {
    stableForMs: seconds(props.StableForSeconds, 'StableForSeconds', 0) * 1000,
    timeoutMs: seconds(props.HealthTimeoutSeconds, 'HealthTimeoutSeconds', 1800) * 1000,
    maxRestarts: Math.max(1, Math.floor(seconds(props.MaxRestarts, 'MaxRestarts', 3))),
    requireCheckpoint: props.RequireCheckpoint === 'true',
  };
}

const METRICS: Record<keyof JobMetrics, readonly string[]> = {
  uptime: ['uptime'],
  downtime: ['downtime'],
  restarts: ['fullRestarts', 'numRestarts'],
  lastCheckpointDuration: ['lastCheckpointDuration'],
};

/** The job's metrics from `startedAt` to `now` (1-minute maxima, oldest first). */
export async function jobMetrics(cloudWatch: MetricsClient, applicationName: string, startedAt: number, now: number): Promise<JobMetrics> {
  const queries: MetricDataQuery[] = Object.values(METRICS).flat().map((metricName) => ({
    Id: metricName.toLowerCase(),
    MetricStat: {
      Metric: { Namespace: 'AWS/KinesisAnalytics', MetricName: metricName, Dimensions: [{ Name: 'Application', Value: applicationName }] },
      Period: 60,
      Stat: 'Maximum',
    },
  }));
  const out = await cloudWatch.send(new GetMetricDataCommand({
    MetricDataQueries: queries,
    StartTime: new Date(startedAt - 60_000),
    EndTime: new Date(now),
    ScanBy: 'TimestampAscending',
  }));
  const values = (metricName: string): number[] => out.MetricDataResults?.find((r) => r.Id === metricName.toLowerCase())?.Values ?? [];
  return {
    uptime: values('uptime'),
    downtime: values('downtime'),
    restarts: METRICS.restarts.flatMap(values),
    lastCheckpointDuration: values('lastCheckpointDuration'),
  };
}

function logLocation(props: StarterProperties): string {
  if (props.LogGroupName === undefined) return 'see the application\'s CloudWatch logs';
  const stream = props.LogStreamName === undefined ? '' : ` --log-stream-names ${props.LogStreamName}`;
  return `logs: CloudWatch log group ${props.LogGroupName}${props.LogStreamName === undefined ? '' : `, stream ${props.LogStreamName}`} `
    + `(aws logs tail ${props.LogGroupName}${stream} --since 1h)`;
}

/** Starts (Create) or stops (Delete) the application; isComplete waits for the outcome. */
export async function handleEvent(kda: KinesisAnalyticsClient, event: StarterEvent, clock: HandlerClock = LAMBDA_CLOCK): Promise<OnEventResponse> {
  const props = event.ResourceProperties;
  const name = props.ApplicationName;
  const physicalId = event.RequestType === 'Create' ? name : event.PhysicalResourceId ?? name;
  const startedAt = String(clock.now());
  const status = await applicationStatus(kda, event.RequestType === 'Delete' ? physicalId : name);
  let action: string;
  if (event.RequestType === 'Delete') {
    if (status === ApplicationStatus.RUNNING || status === ApplicationStatus.AUTOSCALING) {
      const stop = await stopApplication(kda, physicalId, false);
      action = stop === 'stopping' ? 'stopping with a snapshot' : stop === 'gone' ? 'already deleted' : `left ${status}`;
    } else {
      action = status === undefined ? 'already deleted' : `left ${status}`;
    }
    return { PhysicalResourceId: physicalId, Data: { ApplicationName: physicalId, Action: action, StartedAt: startedAt } };
  }
  if (status === undefined) throw new Error(`application ${name} does not exist`);
  // An Update that names another application replaces this resource: the new application is started like on Create.
  const starts = event.RequestType === 'Create' || physicalId !== name;
  if (status === ApplicationStatus.READY && starts) {
    action = await start(kda, props);
  } else if (status === ApplicationStatus.READY) {
    action = LEFT_STOPPED;
    console.log(JSON.stringify({
      application: name, action,
      start: `aws kinesisanalyticsv2 start-application --application-name ${name} --run-configuration '{"ApplicationRestoreConfiguration":{"ApplicationRestoreType":"RESTORE_FROM_LATEST_SNAPSHOT"}}'`,
    }));
  } else if (status === ApplicationStatus.RUNNING || WAITING.has(status)) {
    action = `already ${status}`;
  } else if (STOPPING.has(status)) {
    throw new Error(`application ${name} is ${status}; wait until it is READY and deploy again`);
  } else {
    throw new Error(`application ${name} is ${status}; it cannot be started from that state`);
  }
  return { PhysicalResourceId: name, Data: { ApplicationName: name, Action: action, StartedAt: startedAt } };
}

/**
 * Delete: complete when READY, DELETING or gone. A RUNNING application (it finished starting, or MSF kept it running
 * when the snapshot failed) is stopped with a snapshot again; from `ForceStopAfterSeconds` after the delete on, any
 * other state is stopped with Force=true (no snapshot: the state since the last snapshot is lost, as the log says).
 */
async function checkDeleted(kda: KinesisAnalyticsClient, event: StarterEvent, name: string, now: number): Promise<IsCompleteResponse> {
  const status = await applicationStatus(kda, name);
  if (status === undefined || status === ApplicationStatus.READY || status === ApplicationStatus.DELETING) return { IsComplete: true };
  if (status === ApplicationStatus.FORCE_STOPPING) return { IsComplete: false };
  const waitedMs = now - Number(event.Data?.StartedAt ?? now);
  const forceAfterMs = forceStopAfterMs(event.ResourceProperties);
  if (waitedMs >= forceAfterMs) {
    const stop = await stopApplication(kda, name, true);
    console.log(JSON.stringify({
      application: name, action: `force-stop (${stop})`, status, waitedSeconds: Math.round(waitedMs / 1000),
      reason: `not READY ${Math.round(forceAfterMs / 1000)} s after the delete began: stopped without a snapshot`,
    }));
    return { IsComplete: stop === 'gone' };
  }
  if (status === ApplicationStatus.RUNNING || status === ApplicationStatus.AUTOSCALING) {
    return { IsComplete: await stopApplication(kda, name, false) === 'gone' };
  }
  return { IsComplete: false };
}

/** Whether the application reached the state the event asked for (for Create/Update: RUNNING and, if asked, healthy). */
export async function checkComplete(
  kda: KinesisAnalyticsClient, event: StarterEvent, cloudWatch: MetricsClient = metricsClient(), clock: HandlerClock = LAMBDA_CLOCK,
): Promise<IsCompleteResponse> {
  const props = event.ResourceProperties;
  const now = clock.now();
  if (event.RequestType === 'Delete') return checkDeleted(kda, event, event.PhysicalResourceId ?? props.ApplicationName, now);
  const name = props.ApplicationName;
  if (event.Data?.Action === LEFT_STOPPED) return { IsComplete: true };
  const status = await applicationStatus(kda, name);
  if (status === ApplicationStatus.RUNNING) return checkHealth(cloudWatch, props, event.Data?.StartedAt, now);
  if (status !== undefined && (WAITING.has(status) || STOPPING.has(status))) return { IsComplete: false };
  if (status === ApplicationStatus.ROLLED_BACK) {
    throw new Error(`application ${name} was ROLLED_BACK by MSF after a failed update; ${logLocation(props)}`);
  }
  throw new Error(`application ${name} is ${status ?? 'gone'} instead of RUNNING: the job failed to start; ${logLocation(props)}`);
}

async function checkHealth(cloudWatch: MetricsClient, props: StarterProperties, startedAtText: string | undefined, now: number): Promise<IsCompleteResponse> {
  const criteria = healthCriteriaOf(props);
  if (criteria === undefined) return { IsComplete: true };
  const startedAt = Number(startedAtText ?? now);
  const metrics = await jobMetrics(cloudWatch, props.ApplicationName, startedAt, now);
  const verdict = judgeJobHealth(metrics, criteria, now - startedAt);
  console.log(JSON.stringify({ application: props.ApplicationName, health: verdict.state, reason: verdict.reason }));
  if (verdict.state === 'failed') {
    throw new Error(`application ${props.ApplicationName} is RUNNING but its job is not healthy: ${verdict.reason}; ${logLocation(props)}`);
  }
  return { IsComplete: verdict.state === 'healthy' };
}

let defaultMetricsClient: MetricsClient | undefined;
function metricsClient(): MetricsClient {
  defaultMetricsClient ??= new CloudWatchClient({});
  return defaultMetricsClient;
}

/** Provider framework entry point: onEvent. */
export async function onEvent(event: StarterEvent): Promise<OnEventResponse> {
  return handleEvent(client(), event);
}

/** Provider framework entry point: isComplete. */
export async function isComplete(event: StarterEvent): Promise<IsCompleteResponse> {
  return checkComplete(client(), event);
}
