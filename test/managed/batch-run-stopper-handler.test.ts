import {
  DescribeApplicationCommand, KinesisAnalyticsV2Client, StopApplicationCommand,
} from '@aws-sdk/client-kinesis-analytics-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { gzipSync } from 'node:zlib';
import { LogsData, decodeLogs, jobEndOf, stopEndedRun } from '../../constructs/managed/flink/batch-run-stopper/handler';

const kda = mockClient(KinesisAnalyticsV2Client);
const client = new KinesisAnalyticsV2Client({ region: 'us-east-1' });
const APP = 'orders-prod-customers-nightly';
const JOB_ID = '3f6b1a2c4d5e6f708192a3b4c5d6e7f8';

/** An MSF log event: JSON whose message is the JobManager's log line. */
function msfEvent(message: string, timestamp = 1_769_860_800_000) {
  return {
    id: String(timestamp),
    timestamp,
    message: JSON.stringify({ locationInformation: 'org.apache.flink.runtime.executiongraph.DefaultExecutionGraph.transitionState', logger: 'org.apache.flink.runtime.executiongraph.DefaultExecutionGraph', message, messageType: 'INFO' }),
  };
}
function data(...messages: string[]): LogsData {
  return { messageType: 'DATA_MESSAGE', logGroup: 'g', logStream: 's', logEvents: messages.map((m) => msfEvent(m)) };
}
function status(s: string) {
  kda.on(DescribeApplicationCommand).resolves({ ApplicationDetail: { ApplicationStatus: s } as never });
}

beforeEach(() => kda.reset());

describe('jobEndOf', () => {
  test('reads FINISHED and FAILED job state lines, in MSF JSON events or plain text', () => {
    expect(jobEndOf(msfEvent(`Job insert-into_glue.orders_managed.customers (${JOB_ID}) switched from state RUNNING to FINISHED.`).message, 5))
      .toEqual({ jobName: 'insert-into_glue.orders_managed.customers', jobId: JOB_ID, state: 'FINISHED', timestamp: 5 });
    expect(jobEndOf(`Job j (${JOB_ID}) switched from state FAILING to FAILED.`, 6)?.state).toBe('FAILED');
  });

  test('ignores other state changes, task lines and our own stop (CANCELED)', () => {
    expect(jobEndOf(`Job j (${JOB_ID}) switched from state CREATED to RUNNING.`, 1)).toBeUndefined();
    expect(jobEndOf(`Job j (${JOB_ID}) switched from state CANCELLING to CANCELED.`, 1)).toBeUndefined();
    expect(jobEndOf('Source: customers[1] (1/2) switched from RUNNING to FINISHED.', 1)).toBeUndefined();
  });
});

describe('stopEndedRun', () => {
  test('stops the RUNNING application once its job FINISHED, without force', async () => {
    status('RUNNING');
    const out = await stopEndedRun(client, APP, data('some other line', `Job j (${JOB_ID}) switched from state RUNNING to FINISHED.`));
    expect(out.action).toBe('stopping after the job FINISHED');
    expect(kda.commandCalls(StopApplicationCommand)[0].args[0].input).toEqual({ ApplicationName: APP, Force: false });
  });

  test('leaves an application that is already stopping or stopped alone', async () => {
    status('STOPPING');
    expect((await stopEndedRun(client, APP, data(`Job j (${JOB_ID}) switched from state RUNNING to FINISHED.`))).action).toBe('left STOPPING');
    expect(kda.commandCalls(StopApplicationCommand)).toHaveLength(0);
  });

  test('does nothing without a job end, and for control messages', async () => {
    expect((await stopEndedRun(client, APP, data(`Job j (${JOB_ID}) switched from state CREATED to RUNNING.`))).action).toBe('no job end in these events');
    expect((await stopEndedRun(client, APP, { ...data(), messageType: 'CONTROL_MESSAGE' })).action).toBe('ignored CONTROL_MESSAGE');
    expect(kda.commandCalls(DescribeApplicationCommand)).toHaveLength(0);
  });

  test('decodes the gzipped, base64 subscription payload', () => {
    const payload = data(`Job j (${JOB_ID}) switched from state RUNNING to FINISHED.`);
    expect(decodeLogs({ awslogs: { data: gzipSync(Buffer.from(JSON.stringify(payload))).toString('base64') } })).toEqual(payload);
  });
});
