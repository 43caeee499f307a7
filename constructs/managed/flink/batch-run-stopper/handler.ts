/**
 * Lambda handler that stops a batch (bounded) MSF application as soon as its Flink job ends. Compiled to
 * `runtime/index.js` by `private/compile-handlers.ts`; keep it dependency-free apart from the AWS SDK v3 client the
 * Lambda Node.js runtime ships.
 *
 * MSF keeps an application RUNNING (and billing its KPUs) after its job finished. Its only signal of the job's end is
 * the JobManager's log line `Job <name> (<job id>) switched from state RUNNING to FINISHED.` (Flink's execution graph
 * logs every job state change at INFO), which MSF writes to the application's CloudWatch log stream. A subscription
 * filter on that log group sends the job state lines here; on FINISHED (or a terminal FAILED) this stops the
 * application, if it is still RUNNING, without a snapshot (Force=false; batch applications take none).
 * An application that is gone (ResourceNotFoundException: the stack was deleted while lines were still in flight) or
 * that left RUNNING between the look and the stop (ResourceInUseException: the schedule's stop came first) needs
 * nothing: the invocation succeeds, so Lambda does not retry it.
 */
import { gunzipSync } from 'node:zlib';
import { ApplicationStatus, DescribeApplicationCommand, KinesisAnalyticsV2Client, StopApplicationCommand } from '@aws-sdk/client-kinesis-analytics-v2';

/** The event CloudWatch Logs sends a subscribed function: gzipped, base64-encoded JSON. */
export interface LogsSubscriptionEvent {
  readonly awslogs: { readonly data: string };
}

/** The decoded payload of a subscription event. */
export interface LogsData {
  readonly messageType: string;
  readonly logGroup: string;
  readonly logStream: string;
  readonly logEvents: readonly { readonly id: string; readonly timestamp: number; readonly message: string }[];
}

/** A job's end, read from its state line. */
export interface JobEnd {
  readonly jobName: string;
  readonly jobId: string;
  readonly state: 'FINISHED' | 'FAILED';
  readonly timestamp: number;
}

/** What the handler did. */
export interface StopResult {
  readonly action: string;
  readonly jobEnd?: JobEnd;
}

/** The SDK client surface the handler uses (lets tests inject a mock). */
export type KinesisAnalyticsClient = Pick<KinesisAnalyticsV2Client, 'send'>;

const JOB_END = /Job (.*) \(([0-9a-f]{32})\) switched from state [A-Z]+ to (FINISHED|FAILED)\./;
const STOPPABLE: ReadonlySet<string> = new Set<string>([ApplicationStatus.RUNNING, ApplicationStatus.AUTOSCALING]);

/** Decodes a CloudWatch Logs subscription event. */
export function decodeLogs(event: LogsSubscriptionEvent): LogsData {
  return JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8')) as LogsData;
}

/** The job end a log event reports, if any: MSF writes JSON events whose `message` is Flink's log line. */
export function jobEndOf(message: string, timestamp: number): JobEnd | undefined {
  let text = message;
  try {
    const parsed: unknown = JSON.parse(message);
    if (parsed !== null && typeof parsed === 'object' && typeof (parsed as { message?: unknown }).message === 'string') {
      text = (parsed as { message: string }).message;
    }
  } catch {
    // a plain text line
  }
  const match = JOB_END.exec(text);
  if (match === null) return undefined;
  return { jobName: match[1], jobId: match[2], state: match[3] === 'FAILED' ? 'FAILED' : 'FINISHED', timestamp };
}

/** Stops the application when the log events report that its job ended and it is still running. */
export async function stopEndedRun(kda: KinesisAnalyticsClient, applicationName: string, data: LogsData): Promise<StopResult> {
  if (data.messageType !== 'DATA_MESSAGE') return { action: `ignored ${data.messageType}` };
  const jobEnd = data.logEvents.map((e) => jobEndOf(e.message, e.timestamp)).find((end) => end !== undefined);
  if (jobEnd === undefined) return { action: 'no job end in these events' };
  let status: string;
  try {
    const out = await kda.send(new DescribeApplicationCommand({ ApplicationName: applicationName }));
    status = out.ApplicationDetail?.ApplicationStatus ?? 'unknown';
  } catch (error) {
    if (isServiceError(error, 'ResourceNotFoundException')) return { action: APPLICATION_GONE, jobEnd };
    throw error;
  }
  if (!STOPPABLE.has(status)) return { action: `left ${status}`, jobEnd };
  try {
    await kda.send(new StopApplicationCommand({ ApplicationName: applicationName, Force: false }));
  } catch (error) {
    if (isServiceError(error, 'ResourceNotFoundException')) return { action: APPLICATION_GONE, jobEnd };
    if (isServiceError(error, 'ResourceInUseException')) return { action: `left ${status}: no longer stoppable (${(error as Error).message})`, jobEnd };
    throw error;
  }
  return { action: `stopping after the job ${jobEnd.state}`, jobEnd };
}

/** What the handler answers when the application no longer exists. */
export const APPLICATION_GONE = 'application gone: nothing to stop';

/** Whether `error` is the service's exception `name` (by name: the SDK's classes differ between copies of the client). */
function isServiceError(error: unknown, name: string): boolean {
  return error !== null && typeof error === 'object' && (error as { name?: unknown }).name === name;
}

let defaultClient: KinesisAnalyticsClient | undefined;

/** Lambda entry point. A FAILED run is logged as an error (a metric filter or alarm on this function can page). */
export async function handler(event: LogsSubscriptionEvent): Promise<StopResult> {
  const applicationName = process.env.APPLICATION_NAME;
  if (applicationName === undefined || applicationName === '') throw new Error('APPLICATION_NAME is not set');
  defaultClient ??= new KinesisAnalyticsV2Client({});
  const result = await stopEndedRun(defaultClient, applicationName, decodeLogs(event));
  const line = JSON.stringify({ application: applicationName, ...result });
  if (result.jobEnd?.state === 'FAILED') console.error(line);
  else console.log(line);
  return result;
}
