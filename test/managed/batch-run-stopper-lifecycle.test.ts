/**
 * The batch-run stopper through the lifecycle of the application it watches: its own resources (function, log group,
 * subscription filter) are plain CloudFormation resources, so what a Create, Update, Update rollback or Delete of the
 * pipeline stack changes for it is the application's state when Flink's job-state lines arrive — including lines still
 * in flight when the application is deleted. The Lambda entry point runs on subscription events (gzipped, base64) against
 * {@link FakeMsf} (moto's server mode has no Start/Stop/Update/DeleteApplication: SDK mock with the SDK's
 * model-generated shapes, mocked).
 */
import {
  ApplicationStatus, CreateApplicationCommand, DeleteApplicationCommand, KinesisAnalyticsV2Client, StartApplicationCommand,
  UpdateApplicationCommand,
} from '@aws-sdk/client-kinesis-analytics-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { gzipSync } from 'node:zlib';
import { APPLICATION_GONE, StopResult, handler } from '../../constructs/managed/flink/batch-run-stopper/handler';
import { FakeMsf } from '../support/fake-msf';

const kdaMock = mockClient(KinesisAnalyticsV2Client);
const kda = new KinesisAnalyticsV2Client({ region: 'us-east-1' });
const APP = 'orders-prod-customers-nightly';
const JOB_ID = '3f6b1a2c4d5e6f708192a3b4c5d6e7f8';
let msf: FakeMsf;

/** Flink's job-state line as MSF writes it, delivered the way a subscription filter invokes the function. */
async function jobLine(to: 'FINISHED' | 'FAILED'): Promise<StopResult> {
  const message = JSON.stringify({ messageType: 'INFO', message: `Job insert-into_customers (${JOB_ID}) switched from state RUNNING to ${to}.` });
  const data = { messageType: 'DATA_MESSAGE', logGroup: 'g', logStream: 's', logEvents: [{ id: '1', timestamp: 1, message }] };
  return handler({ awslogs: { data: gzipSync(Buffer.from(JSON.stringify(data))).toString('base64') } });
}

async function startRun(): Promise<void> {
  await kda.send(new StartApplicationCommand({ ApplicationName: APP }));
  msf.tick();
}

beforeEach(async () => {
  kdaMock.reset();
  msf = new FakeMsf(kdaMock);
  process.env.APPLICATION_NAME = APP;
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
  await kda.send(new CreateApplicationCommand({ ApplicationName: APP, RuntimeEnvironment: 'FLINK-1_20', ServiceExecutionRole: 'arn:aws:iam::111111111111:role/msf' }));
  msf.calls.length = 0;
});
afterEach(() => jest.restoreAllMocks());

test('Create: a job line before the first run (application READY) stops nothing', async () => {
  expect((await jobLine('FINISHED')).action).toBe('left READY');
  expect(msf.calls).toEqual([]);
});

test('a run that FINISHED is stopped; a second line for the same run finds it stopping and leaves it', async () => {
  await startRun();
  expect((await jobLine('FINISHED')).action).toBe('stopping after the job FINISHED');
  expect((await jobLine('FINISHED')).action).toBe('left STOPPING');
  expect(msf.calls).toEqual([`StartApplication ${APP}`, `StopApplication ${APP} Force=false`]);
});

test('Update: a line while CloudFormation updates the application (UPDATING) leaves it to MSF', async () => {
  await startRun();
  await kda.send(new UpdateApplicationCommand({ ApplicationName: APP, CurrentApplicationVersionId: 1 }));
  expect((await jobLine('FAILED')).action).toBe('left UPDATING');
  expect(msf.calls.filter((c) => c.startsWith('StopApplication'))).toEqual([]);
});

test('Update rollback: a line while MSF rolls the application back (ROLLING_BACK) leaves it to MSF', async () => {
  await startRun();
  msf.set(APP, ApplicationStatus.ROLLING_BACK);
  expect((await jobLine('FAILED')).action).toBe('left ROLLING_BACK');
  expect(msf.calls.filter((c) => c.startsWith('StopApplication'))).toEqual([]);
});

test('the schedule\'s stop wins the race (ResourceInUseException on stop): succeeds without a retry', async () => {
  await startRun();
  msf.beforeNextStop = () => msf.set(APP, ApplicationStatus.STOPPING);
  expect((await jobLine('FINISHED')).action).toMatch(/^left RUNNING: no longer stoppable \(Cannot stop application .* in status STOPPING\)$/);
});

test('Delete: lines still in flight after the application was deleted succeed (application gone)', async () => {
  await startRun();
  await kda.send(new DeleteApplicationCommand({ ApplicationName: APP, CreateTimestamp: new Date() }));
  await expect(jobLine('FINISHED')).resolves.toMatchObject({ action: APPLICATION_GONE });
});

test('Delete: the application deleted between the look and the stop (ResourceNotFoundException on stop) succeeds', async () => {
  await startRun();
  msf.beforeNextStop = () => msf.remove(APP);
  await expect(jobLine('FINISHED')).resolves.toMatchObject({ action: APPLICATION_GONE });
});
