// Generated from handler.ts by constructs/managed/private/compile-handlers.ts. Do not edit.
"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.APPLICATION_GONE = void 0;
exports.decodeLogs = decodeLogs;
exports.jobEndOf = jobEndOf;
exports.stopEndedRun = stopEndedRun;
exports.handler = handler;
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
const node_zlib_1 = require("node:zlib");
const client_kinesis_analytics_v2_1 = require("@aws-sdk/client-kinesis-analytics-v2");
const JOB_END = /Job (.*) \(([0-9a-f]{32})\) switched from state [A-Z]+ to (FINISHED|FAILED)\./;
const STOPPABLE = new Set([client_kinesis_analytics_v2_1.ApplicationStatus.RUNNING, client_kinesis_analytics_v2_1.ApplicationStatus.AUTOSCALING]);
/** Decodes a CloudWatch Logs subscription event. */
function decodeLogs(event) {
    return JSON.parse((0, node_zlib_1.gunzipSync)(Buffer.from(event.awslogs.data, 'base64')).toString('utf8'));
}
/** The job end a log event reports, if any: MSF writes JSON events whose `message` is Flink's log line. */
function jobEndOf(message, timestamp) {
    let text = message;
    try {
        const parsed = JSON.parse(message);
        if (parsed !== null && typeof parsed === 'object' && typeof parsed.message === 'string') {
            text = parsed.message;
        }
    }
    catch {
        // a plain text line
    }
    const match = JOB_END.exec(text);
    if (match === null)
        return undefined;
    return { jobName: match[1], jobId: match[2], state: match[3] === 'FAILED' ? 'FAILED' : 'FINISHED', timestamp };
}
/** Stops the application when the log events report that its job ended and it is still running. */
async function stopEndedRun(kda, applicationName, data) {
    if (data.messageType !== 'DATA_MESSAGE')
        return { action: `ignored ${data.messageType}` };
    const jobEnd = data.logEvents.map((e) => jobEndOf(e.message, e.timestamp)).find((end) => end !== undefined);
    if (jobEnd === undefined)
        return { action: 'no job end in these events' };
    let status;
    try {
        const out = await kda.send(new client_kinesis_analytics_v2_1.DescribeApplicationCommand({ ApplicationName: applicationName }));
        status = out.ApplicationDetail?.ApplicationStatus ?? 'unknown';
    }
    catch (error) {
        if (isServiceError(error, 'ResourceNotFoundException'))
            return { action: exports.APPLICATION_GONE, jobEnd };
        throw error;
    }
    if (!STOPPABLE.has(status))
        return { action: `left ${status}`, jobEnd };
    try {
        await kda.send(new client_kinesis_analytics_v2_1.StopApplicationCommand({ ApplicationName: applicationName, Force: false }));
    }
    catch (error) {
        if (isServiceError(error, 'ResourceNotFoundException'))
            return { action: exports.APPLICATION_GONE, jobEnd };
        if (isServiceError(error, 'ResourceInUseException'))
            return { action: `left ${status}: no longer stoppable (${error.message})`, jobEnd };
        throw error;
    }
    return { action: `stopping after the job ${jobEnd.state}`, jobEnd };
}
/** What the handler answers when the application no longer exists. */
exports.APPLICATION_GONE = 'application gone: nothing to stop';
/** Whether `error` is the service's exception `name` (by name: the SDK's classes differ between copies of the client). */
function isServiceError(error, name) {
    return error !== null && typeof error === 'object' && error.name === name;
}
let defaultClient;
/** Lambda entry point. A FAILED run is logged as an error (a metric filter or alarm on this function can page). */
async function handler(event) {
    const applicationName = process.env.APPLICATION_NAME;
    if (applicationName === undefined || applicationName === '')
        throw new Error('APPLICATION_NAME is not set');
    defaultClient ??= new client_kinesis_analytics_v2_1.KinesisAnalyticsV2Client({});
    const result = await stopEndedRun(defaultClient, applicationName, decodeLogs(event));
    const line = JSON.stringify({ application: applicationName, ...result });
    if (result.jobEnd?.state === 'FAILED')
        console.error(line);
    else
        console.log(line);
    return result;
}
