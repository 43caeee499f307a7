// Generated from handler.ts by constructs/managed/private/compile-handlers.ts. Do not edit.
"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.applicationStatus = applicationStatus;
exports.restoreTypeFor = restoreTypeFor;
exports.handleEvent = handleEvent;
exports.checkComplete = checkComplete;
exports.onEvent = onEvent;
exports.isComplete = isComplete;
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
const client_kinesis_analytics_v2_1 = require("@aws-sdk/client-kinesis-analytics-v2");
const WAITING = new Set([
    client_kinesis_analytics_v2_1.ApplicationStatus.STARTING, client_kinesis_analytics_v2_1.ApplicationStatus.UPDATING, client_kinesis_analytics_v2_1.ApplicationStatus.AUTOSCALING,
    client_kinesis_analytics_v2_1.ApplicationStatus.MAINTENANCE, client_kinesis_analytics_v2_1.ApplicationStatus.ROLLING_BACK,
]);
const STOPPING = new Set([client_kinesis_analytics_v2_1.ApplicationStatus.STOPPING, client_kinesis_analytics_v2_1.ApplicationStatus.FORCE_STOPPING]);
let defaultClient;
function client() {
    defaultClient ??= new client_kinesis_analytics_v2_1.KinesisAnalyticsV2Client({});
    return defaultClient;
}
/** The application's status, or undefined if it does not exist. */
async function applicationStatus(kda, name) {
    try {
        const out = await kda.send(new client_kinesis_analytics_v2_1.DescribeApplicationCommand({ ApplicationName: name }));
        return out.ApplicationDetail?.ApplicationStatus;
    }
    catch (error) {
        if (error instanceof client_kinesis_analytics_v2_1.ResourceNotFoundException || error.name === 'ResourceNotFoundException')
            return undefined;
        throw error;
    }
}
/** Restore type for a start: the latest snapshot only if one exists (a new application has none). */
async function restoreTypeFor(kda, props) {
    if (props.RestoreType === client_kinesis_analytics_v2_1.ApplicationRestoreType.SKIP_RESTORE_FROM_SNAPSHOT)
        return client_kinesis_analytics_v2_1.ApplicationRestoreType.SKIP_RESTORE_FROM_SNAPSHOT;
    if (props.RestoreType !== undefined && props.RestoreType !== client_kinesis_analytics_v2_1.ApplicationRestoreType.RESTORE_FROM_LATEST_SNAPSHOT) {
        throw new Error(`RestoreType must be RESTORE_FROM_LATEST_SNAPSHOT or SKIP_RESTORE_FROM_SNAPSHOT, got ${props.RestoreType}`);
    }
    const out = await kda.send(new client_kinesis_analytics_v2_1.ListApplicationSnapshotsCommand({ ApplicationName: props.ApplicationName, Limit: 1 }));
    return (out.SnapshotSummaries ?? []).length > 0
        ? client_kinesis_analytics_v2_1.ApplicationRestoreType.RESTORE_FROM_LATEST_SNAPSHOT
        : client_kinesis_analytics_v2_1.ApplicationRestoreType.SKIP_RESTORE_FROM_SNAPSHOT;
}
async function start(kda, props) {
    const restoreType = await restoreTypeFor(kda, props);
    await kda.send(new client_kinesis_analytics_v2_1.StartApplicationCommand({
        ApplicationName: props.ApplicationName,
        RunConfiguration: {
            ApplicationRestoreConfiguration: { ApplicationRestoreType: restoreType },
            FlinkRunConfiguration: { AllowNonRestoredState: props.AllowNonRestoredState === 'true' },
        },
    }));
    return `started (${restoreType})`;
}
/** Starts (Create/Update) or stops (Delete) the application; isComplete waits for the outcome. */
async function handleEvent(kda, event) {
    const props = event.ResourceProperties;
    const name = props.ApplicationName;
    const physicalId = event.RequestType === 'Create' ? name : event.PhysicalResourceId ?? name;
    const status = await applicationStatus(kda, event.RequestType === 'Delete' ? physicalId : name);
    let action;
    if (event.RequestType === 'Delete') {
        if (status === client_kinesis_analytics_v2_1.ApplicationStatus.RUNNING || status === client_kinesis_analytics_v2_1.ApplicationStatus.AUTOSCALING) {
            await kda.send(new client_kinesis_analytics_v2_1.StopApplicationCommand({ ApplicationName: physicalId, Force: false }));
            action = 'stopping with a snapshot';
        }
        else {
            action = status === undefined ? 'already deleted' : `left ${status}`;
        }
        return { PhysicalResourceId: physicalId, Data: { ApplicationName: physicalId, Action: action } };
    }
    if (status === undefined)
        throw new Error(`application ${name} does not exist`);
    if (status === client_kinesis_analytics_v2_1.ApplicationStatus.READY) {
        action = await start(kda, props);
    }
    else if (status === client_kinesis_analytics_v2_1.ApplicationStatus.RUNNING || WAITING.has(status)) {
        action = `already ${status}`;
    }
    else if (STOPPING.has(status)) {
        throw new Error(`application ${name} is ${status}; wait until it is READY and deploy again`);
    }
    else {
        throw new Error(`application ${name} is ${status}; it cannot be started from that state`);
    }
    return { PhysicalResourceId: name, Data: { ApplicationName: name, Action: action } };
}
/** Whether the application reached the state the event asked for. */
async function checkComplete(kda, event) {
    const name = event.RequestType === 'Delete' ? event.PhysicalResourceId ?? event.ResourceProperties.ApplicationName : event.ResourceProperties.ApplicationName;
    const status = await applicationStatus(kda, name);
    if (event.RequestType === 'Delete') {
        return { IsComplete: status === undefined || status === client_kinesis_analytics_v2_1.ApplicationStatus.READY || status === client_kinesis_analytics_v2_1.ApplicationStatus.DELETING };
    }
    if (status === client_kinesis_analytics_v2_1.ApplicationStatus.RUNNING)
        return { IsComplete: true };
    if (status !== undefined && (WAITING.has(status) || STOPPING.has(status)))
        return { IsComplete: false };
    if (status === client_kinesis_analytics_v2_1.ApplicationStatus.ROLLED_BACK) {
        throw new Error(`application ${name} was ROLLED_BACK by MSF after a failed update: see its CloudWatch logs`);
    }
    throw new Error(`application ${name} is ${status ?? 'gone'} instead of RUNNING: the job failed to start, see its CloudWatch logs`);
}
/** Provider framework entry point: onEvent. */
async function onEvent(event) {
    return handleEvent(client(), event);
}
/** Provider framework entry point: isComplete. */
async function isComplete(event) {
    return checkComplete(client(), event);
}
