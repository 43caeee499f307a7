/**
 * The MSF application starter (Custom::MsfApplicationStarter) through its whole lifecycle: Create → Update (each
 * property changed) → Update rollback → Delete, with the provider framework's polling played on a FakeClock (one
 * isComplete every 30 s, the provider's one-hour limit) against {@link FakeMsf}: moto's server mode does not implement
 * Start/Stop/Update/DeleteApplication of kinesisanalyticsv2, so the backend is the SDK mock with the SDK's
 * model-generated shapes (mocked); CloudWatch's GetMetricData (the health check) is mocked as well.
 */
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { ApplicationStatus, CreateApplicationCommand, DeleteApplicationCommand, KinesisAnalyticsV2Client, UpdateApplicationCommand } from '@aws-sdk/client-kinesis-analytics-v2';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DEFAULT_FORCE_STOP_AFTER_SECONDS, LEFT_STOPPED, StarterEvent, StarterProperties, checkComplete, handleEvent,
} from '../../constructs/managed/flink/application-starter/handler';
import { MsfApplicationStarter } from '../../constructs/managed/flink/application-starter/msf-application-starter';
import { FakeClock } from '../support/fake-clock';
import { FakeMsf } from '../support/fake-msf';

const kdaMock = mockClient(KinesisAnalyticsV2Client);
const cwMock = mockClient(CloudWatchClient);
const kda = new KinesisAnalyticsV2Client({ region: 'us-east-1' });
const cw = new CloudWatchClient({ region: 'us-east-1' });
const APP = 'orders-prod-orders-to-lake';
const POLL_MS = 30_000;
const PROVIDER_LIMIT_MS = 3_600_000;

const PROPS: StarterProperties = {
  ApplicationName: APP,
  RestoreType: 'RESTORE_FROM_LATEST_SNAPSHOT',
  AllowNonRestoredState: 'false',
  ConfigurationFingerprint: 'f-1',
  StableForSeconds: '300',
  HealthTimeoutSeconds: '1800',
  MaxRestarts: '3',
  RequireCheckpoint: 'true',
  LogGroupName: 'orders-prod-logs',
  LogStreamName: 'orders-prod-stream',
};

let msf: FakeMsf;
let clock: FakeClock;

/** The job's metrics: healthy (up 10 min, checkpointing) or crash-looping (4 restarts). */
function jobIs(health: 'healthy' | 'crash-looping'): void {
  const values = health === 'healthy'
    ? { uptime: [600_000], downtime: [0], fullrestarts: [0], lastcheckpointduration: [900] }
    : { uptime: [0], downtime: [12_000], fullrestarts: [4], lastcheckpointduration: [] };
  cwMock.on(GetMetricDataCommand).resolves({ MetricDataResults: Object.entries(values).map(([Id, Values]) => ({ Id, Values })) });
}

interface Outcome {
  readonly action: string;
  readonly physicalId: string;
  readonly waitedMs: number;
  readonly error?: string;
}

/** One request as the provider framework runs it: onEvent, then isComplete every 30 s until done or one hour passed. */
async function request(type: StarterEvent['RequestType'], props: StarterProperties, physicalId?: string): Promise<Outcome> {
  const event: StarterEvent = { RequestType: type, PhysicalResourceId: physicalId, ResourceProperties: props };
  const began = clock.now();
  const answer = await handleEvent(kda, event, clock);
  const polled: StarterEvent = { ...event, PhysicalResourceId: answer.PhysicalResourceId, Data: answer.Data };
  const result = (error?: string): Outcome => ({ action: answer.Data.Action, physicalId: answer.PhysicalResourceId, waitedMs: clock.now() - began, error });
  for (;;) {
    await clock.sleep(POLL_MS);
    msf.tick();
    if (clock.now() - began > PROVIDER_LIMIT_MS) return result('the provider framework timed out (1 h)');
    try {
      if ((await checkComplete(kda, polled, cw, clock)).IsComplete) return result();
    } catch (error) {
      return result((error as Error).message);
    }
  }
}

/** CloudFormation updating the AWS::KinesisAnalyticsV2::Application the starter depends on (before the starter). */
async function cloudFormationUpdatesApplication(name = APP): Promise<void> {
  await kda.send(new UpdateApplicationCommand({ ApplicationName: name, CurrentApplicationVersionId: 1 }));
}

beforeEach(async () => {
  kdaMock.reset();
  cwMock.reset();
  msf = new FakeMsf(kdaMock);
  clock = new FakeClock();
  jobIs('healthy');
  await kda.send(new CreateApplicationCommand({ ApplicationName: APP, RuntimeEnvironment: 'FLINK-1_20', ServiceExecutionRole: 'arn:aws:iam::111111111111:role/msf' }));
});

/** A deployed, running application (after a successful Create). */
async function created(): Promise<void> {
  const out = await request('Create', PROPS);
  expect(out.error).toBeUndefined();
  msf.calls.length = 0;
}

describe('Create', () => {
  test('starts a new READY application without a snapshot and completes once RUNNING and healthy', async () => {
    const out = await request('Create', PROPS);
    expect(out).toEqual({ action: 'started (SKIP_RESTORE_FROM_SNAPSHOT)', physicalId: APP, waitedMs: POLL_MS, error: undefined });
    expect(msf.calls).toEqual([`CreateApplication ${APP}`, `StartApplication ${APP} SKIP_RESTORE_FROM_SNAPSHOT`]);
    expect(msf.status(APP)).toBe('RUNNING');
  });

  test('a crash-looping job fails the Create with the log location', async () => {
    jobIs('crash-looping');
    expect((await request('Create', PROPS)).error).toMatch(/is RUNNING but its job is not healthy: the job restarted 4 times .* crash-looping; logs: CloudWatch log group orders-prod-logs/);
  });
});

describe('Update', () => {
  const changes: [keyof StarterProperties, string][] = [
    ['RestoreType', 'SKIP_RESTORE_FROM_SNAPSHOT'], ['AllowNonRestoredState', 'true'], ['ConfigurationFingerprint', 'f-2'],
    ['StableForSeconds', '120'], ['HealthTimeoutSeconds', '900'], ['MaxRestarts', '5'], ['RequireCheckpoint', 'false'],
    ['LogGroupName', 'orders-prod-logs-2'], ['LogStreamName', 'orders-prod-stream-2'], ['ForceStopAfterSeconds', '300'],
  ];
  test.each(changes)('changing %s on a RUNNING application: MSF updates it, the starter neither starts nor stops it and completes once healthy', async (key, value) => {
    await created();
    await cloudFormationUpdatesApplication();
    const out = await request('Update', { ...PROPS, [key]: value }, APP);
    expect(out).toEqual({ action: 'already UPDATING', physicalId: APP, waitedMs: POLL_MS, error: undefined });
    expect(msf.calls).toEqual([`UpdateApplication ${APP}`]);
  });

  test('changing DeployTimeInputs (a new jar key): the same, and a crash-looping new job fails the update', async () => {
    await created();
    await cloudFormationUpdatesApplication();
    jobIs('crash-looping');
    const out = await request('Update', { ...PROPS, DeployTimeInputs: 'sql-runner/new.jar' } as StarterProperties, APP);
    expect(out.error).toMatch(/restarted 4 times/);
    expect(msf.calls).toEqual([`UpdateApplication ${APP}`]);
  });

  test('changing ApplicationName (a replacement): the new application is started, the old one stopped by the cleanup Delete', async () => {
    await created();
    const next = `${APP}-v2`;
    await kda.send(new CreateApplicationCommand({ ApplicationName: next, RuntimeEnvironment: 'FLINK-1_20', ServiceExecutionRole: 'arn:aws:iam::111111111111:role/msf' }));
    const out = await request('Update', { ...PROPS, ApplicationName: next }, APP);
    expect(out).toMatchObject({ action: 'started (SKIP_RESTORE_FROM_SNAPSHOT)', physicalId: next, error: undefined });
    const cleanup = await request('Delete', PROPS, APP);
    expect(cleanup).toMatchObject({ action: 'stopping with a snapshot', error: undefined });
    expect(msf.status(next)).toBe('RUNNING');
    expect(msf.status(APP)).toBe('READY');
  });

  test('an application an operator stopped stays READY: the Update says so and completes at once', async () => {
    await created();
    msf.set(APP, ApplicationStatus.READY);
    await cloudFormationUpdatesApplication();
    const out = await request('Update', { ...PROPS, ConfigurationFingerprint: 'f-2' }, APP);
    expect(out).toEqual({ action: LEFT_STOPPED, physicalId: APP, waitedMs: POLL_MS, error: undefined });
    expect(msf.calls).toEqual([`UpdateApplication ${APP}`]);
    expect(msf.status(APP)).toBe('READY');
  });
});

describe('Update rollback (CloudFormation sends the old properties after a failed update)', () => {
  test('after a crash-looping update, the rolled-back application is RUNNING again: completes, no start or stop', async () => {
    await created();
    await cloudFormationUpdatesApplication();
    jobIs('crash-looping');
    expect((await request('Update', { ...PROPS, ConfigurationFingerprint: 'f-2' }, APP)).error).toMatch(/crash-looping/);
    // CloudFormation rolls the application back first (MSF restarts it with the old configuration), then the starter.
    await cloudFormationUpdatesApplication();
    jobIs('healthy');
    const out = await request('Update', PROPS, APP);
    expect(out).toEqual({ action: 'already UPDATING', physicalId: APP, waitedMs: POLL_MS, error: undefined });
    expect(msf.calls.filter((c) => !c.startsWith('UpdateApplication'))).toEqual([]);
  });

  test('rolling back while an operator keeps the application stopped leaves it READY', async () => {
    await created();
    msf.set(APP, ApplicationStatus.READY);
    const out = await request('Update', PROPS, APP);
    expect(out.action).toBe(LEFT_STOPPED);
    expect(out.error).toBeUndefined();
    expect(msf.status(APP)).toBe('READY');
  });
});

describe('Delete', () => {
  const forceAfterMs = DEFAULT_FORCE_STOP_AFTER_SECONDS * 1000;

  test('a RUNNING application is stopped with a snapshot, then CloudFormation deletes it', async () => {
    await created();
    const out = await request('Delete', PROPS, APP);
    expect(out).toEqual({ action: 'stopping with a snapshot', physicalId: APP, waitedMs: POLL_MS, error: undefined });
    expect(msf.calls).toEqual([`StopApplication ${APP} Force=false`]);
    await kda.send(new DeleteApplicationCommand({ ApplicationName: APP, CreateTimestamp: new Date() }));
    expect(msf.status(APP)).toBeUndefined();
  });

  test.each(['STARTING', 'UPDATING'] as const)('an application stuck %s is force-stopped after ForceStopAfterSeconds, well inside the provider limit', async (status) => {
    await created();
    msf.set(APP, ApplicationStatus[status]);
    msf.stick(APP);
    const out = await request('Delete', PROPS, APP);
    expect(out.error).toBeUndefined();
    expect(out.action).toBe(`left ${status}`);
    expect(out.waitedMs).toBe(forceAfterMs + POLL_MS);
    expect(msf.calls).toEqual([`StopApplication ${APP} Force=true`]);
    expect(msf.status(APP)).toBe('READY');
  });

  test('a crash-looping job whose snapshot never completes (stuck STOPPING) is force-stopped after the bound', async () => {
    await created();
    jobIs('crash-looping');
    msf.stick(APP);
    const out = await request('Delete', { ...PROPS, ForceStopAfterSeconds: '300' }, APP);
    expect(out.error).toBeUndefined();
    expect(out.waitedMs).toBe(300_000 + POLL_MS);
    expect(msf.calls).toEqual([`StopApplication ${APP} Force=false`, `StopApplication ${APP} Force=true`]);
  });

  test('an unreadable ForceStopAfterSeconds does not fail the delete: the default bound applies', async () => {
    await created();
    msf.set(APP, ApplicationStatus.STARTING);
    msf.stick(APP);
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const out = await request('Delete', { ...PROPS, ForceStopAfterSeconds: 'soon' }, APP);
    jest.restoreAllMocks();
    expect(out.error).toBeUndefined();
    expect(out.waitedMs).toBe(forceAfterMs + POLL_MS);
  });

  test('a STARTING application that reaches RUNNING before the bound is stopped with a snapshot (no forced stop)', async () => {
    await created();
    msf.set(APP, ApplicationStatus.STARTING);
    const out = await request('Delete', PROPS, APP);
    expect(out.error).toBeUndefined();
    expect(msf.calls).toEqual([`StopApplication ${APP} Force=false`]);
    expect(out.waitedMs).toBe(2 * POLL_MS);
  });

  test('an application that is gone (ResourceNotFoundException) is deleted already: success', async () => {
    await created();
    await kda.send(new DeleteApplicationCommand({ ApplicationName: APP, CreateTimestamp: new Date() }));
    const out = await request('Delete', PROPS, APP);
    expect(out).toEqual({ action: 'already deleted', physicalId: APP, waitedMs: POLL_MS, error: undefined });
  });

  test('StopApplication answering ResourceNotFoundException (deleted between describe and stop) is success', async () => {
    await created();
    msf.beforeNextStop = () => msf.remove(APP);
    const out = await request('Delete', PROPS, APP);
    expect(out.action).toBe('already deleted');
    expect(out.error).toBeUndefined();
  });
});

describe('construct: the forced-stop bound', () => {
  function starter(forceStopAfter?: Duration): Template {
    const stack = new Stack(new App(), 'Starter', { env: { account: '111111111111', region: 'us-east-1' } });
    new MsfApplicationStarter(stack, 'Starter', { applicationName: APP, applicationArn: `arn:aws:kinesisanalytics:us-east-1:111111111111:application/${APP}`, forceStopAfter });
    return Template.fromStack(stack);
  }

  test('absent: the handler\'s default (600 s), no property; given: passed as ForceStopAfterSeconds', () => {
    const props = Object.values(starter().findResources('Custom::MsfApplicationStarter'))[0].Properties as Record<string, unknown>;
    expect(props.ForceStopAfterSeconds).toBeUndefined();
    starter(Duration.minutes(5)).hasResourceProperties('Custom::MsfApplicationStarter', { ForceStopAfterSeconds: '300' });
  });

  test('refuses a bound the provider\'s one-hour wait cannot hold', () => {
    expect(() => starter(Duration.minutes(55))).toThrow(
      'MsfApplicationStarter "orders-prod-orders-to-lake": forceStopAfter must be ≤ 50 minutes (a delete waits 1 hour at most, the forced stop included), got 55 minutes — shorten it');
  });
});
