import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  DescribeApplicationCommand, KinesisAnalyticsV2Client, ListApplicationSnapshotsCommand, ResourceNotFoundException,
  StartApplicationCommand, StopApplicationCommand,
} from '@aws-sdk/client-kinesis-analytics-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { readFileSync } from 'node:fs';
import { LAMBDA_HANDLERS, compileHandler } from '../../constructs/managed/private/compile-handlers';
import {
  HealthCriteria, JobMetrics, StarterEvent, checkComplete, handleEvent, healthCriteriaOf, judgeJobHealth,
} from '../../constructs/managed/flink/application-starter/handler';
import { FakeClock } from '../support/fake-clock';

const kda = mockClient(KinesisAnalyticsV2Client);
const client = new KinesisAnalyticsV2Client({ region: 'us-east-1' });
const cw = mockClient(CloudWatchClient);
const metricsClient = new CloudWatchClient({ region: 'us-east-1' });
const APP = 'orders-dev-orders-to-lake';

function event(type: StarterEvent['RequestType'], props: Partial<StarterEvent['ResourceProperties']> = {}): StarterEvent {
  return { RequestType: type, PhysicalResourceId: type === 'Create' ? undefined : APP, ResourceProperties: { ApplicationName: APP, ...props } };
}
function status(s: string) {
  kda.on(DescribeApplicationCommand).resolves({ ApplicationDetail: { ApplicationStatus: s } as never });
}
function notFound() {
  kda.on(DescribeApplicationCommand).rejects(new ResourceNotFoundException({ message: 'no such application', $metadata: {} }));
}

beforeEach(() => { kda.reset(); cw.reset(); });

describe('onEvent', () => {
  test('Create on a READY application without snapshots starts it without restoring', async () => {
    status('READY');
    kda.on(ListApplicationSnapshotsCommand).resolves({ SnapshotSummaries: [] });
    const out = await handleEvent(client, event('Create'));
    expect(out).toEqual({ PhysicalResourceId: APP, Data: { ApplicationName: APP, Action: 'started (SKIP_RESTORE_FROM_SNAPSHOT)', StartedAt: expect.stringMatching(/^\d+$/) } });
    expect(kda.commandCalls(StartApplicationCommand)[0].args[0].input).toEqual({
      ApplicationName: APP,
      RunConfiguration: {
        ApplicationRestoreConfiguration: { ApplicationRestoreType: 'SKIP_RESTORE_FROM_SNAPSHOT' },
        FlinkRunConfiguration: { AllowNonRestoredState: false },
      },
    });
  });

  test('Create on a READY application with a snapshot restores from the latest snapshot', async () => {
    status('READY');
    kda.on(ListApplicationSnapshotsCommand).resolves({ SnapshotSummaries: [{ SnapshotName: 's1', SnapshotStatus: 'READY', ApplicationVersionId: 3 }] });
    await handleEvent(client, event('Create', { AllowNonRestoredState: 'true' }));
    expect(kda.commandCalls(StartApplicationCommand)[0].args[0].input.RunConfiguration).toEqual({
      ApplicationRestoreConfiguration: { ApplicationRestoreType: 'RESTORE_FROM_LATEST_SNAPSHOT' },
      FlinkRunConfiguration: { AllowNonRestoredState: true },
    });
  });

  test('RestoreType SKIP_RESTORE_FROM_SNAPSHOT skips the snapshot lookup', async () => {
    status('READY');
    await handleEvent(client, event('Create', { RestoreType: 'SKIP_RESTORE_FROM_SNAPSHOT' }));
    expect(kda.commandCalls(ListApplicationSnapshotsCommand)).toHaveLength(0);
    expect(kda.commandCalls(StartApplicationCommand)[0].args[0].input.RunConfiguration?.ApplicationRestoreConfiguration)
      .toEqual({ ApplicationRestoreType: 'SKIP_RESTORE_FROM_SNAPSHOT' });
  });

  test('fails on an unknown RestoreType', async () => {
    status('READY');
    await expect(handleEvent(client, event('Create', { RestoreType: 'RESTORE_FROM_CUSTOM_SNAPSHOT' })))
      .rejects.toThrow('RestoreType must be RESTORE_FROM_LATEST_SNAPSHOT or SKIP_RESTORE_FROM_SNAPSHOT, got RESTORE_FROM_CUSTOM_SNAPSHOT');
  });

  test.each(['RUNNING', 'UPDATING', 'STARTING', 'AUTOSCALING'])('Update on a %s application does not start it again', async (s) => {
    status(s);
    const out = await handleEvent(client, event('Update'));
    expect(out.Data.Action).toBe(`already ${s}`);
    expect(kda.commandCalls(StartApplicationCommand)).toHaveLength(0);
  });

  test('Update on an application an operator stopped leaves it READY and says so; isComplete completes at once', async () => {
    status('READY');
    kda.on(ListApplicationSnapshotsCommand).resolves({ SnapshotSummaries: [{ SnapshotName: 's', SnapshotStatus: 'READY', ApplicationVersionId: 1 }] });
    const out = await handleEvent(client, event('Update'));
    expect(out.Data.Action).toBe('left READY: stopped by an operator, an update does not start it');
    expect(kda.commandCalls(StartApplicationCommand)).toHaveLength(0);
    expect(await checkComplete(client, { ...event('Update'), Data: out.Data }, metricsClient)).toEqual({ IsComplete: true });
  });

  test('fails while the application is stopping', async () => {
    status('STOPPING');
    await expect(handleEvent(client, event('Update'))).rejects.toThrow(`application ${APP} is STOPPING; wait until it is READY and deploy again`);
  });

  test('fails if the application does not exist', async () => {
    notFound();
    await expect(handleEvent(client, event('Create'))).rejects.toThrow(`application ${APP} does not exist`);
  });

  test('Delete stops a running application with a snapshot (Force=false)', async () => {
    status('RUNNING');
    const out = await handleEvent(client, event('Delete'));
    expect(out.Data.Action).toBe('stopping with a snapshot');
    expect(kda.commandCalls(StopApplicationCommand)[0].args[0].input).toEqual({ ApplicationName: APP, Force: false });
  });

  test('Delete leaves a READY application alone and tolerates a deleted one', async () => {
    status('READY');
    expect((await handleEvent(client, event('Delete'))).Data.Action).toBe('left READY');
    kda.reset();
    notFound();
    expect((await handleEvent(client, event('Delete'))).Data.Action).toBe('already deleted');
    expect(kda.commandCalls(StopApplicationCommand)).toHaveLength(0);
  });
});

describe('isComplete', () => {
  test('deploy without a health check completes when RUNNING and waits while starting or updating', async () => {
    status('RUNNING');
    expect(await checkComplete(client, event('Create'), metricsClient)).toEqual({ IsComplete: true });
    expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(0);
    for (const s of ['STARTING', 'UPDATING', 'AUTOSCALING', 'ROLLING_BACK']) {
      kda.reset(); status(s);
      expect(await checkComplete(client, event('Update'))).toEqual({ IsComplete: false });
    }
  });

  test('fails if the job fell back to READY after the start', async () => {
    status('READY');
    await expect(checkComplete(client, event('Create'))).rejects.toThrow(`application ${APP} is READY instead of RUNNING: the job failed to start; see the application's CloudWatch logs`);
  });

  test('fails if MSF rolled the update back', async () => {
    status('ROLLED_BACK');
    await expect(checkComplete(client, event('Update'))).rejects.toThrow(`application ${APP} was ROLLED_BACK by MSF after a failed update`);
  });

  test('delete completes when READY or gone and waits while stopping', async () => {
    status('STOPPING');
    expect(await checkComplete(client, event('Delete'))).toEqual({ IsComplete: false });
    kda.reset(); status('READY');
    expect(await checkComplete(client, event('Delete'))).toEqual({ IsComplete: true });
    kda.reset(); notFound();
    expect(await checkComplete(client, event('Delete'))).toEqual({ IsComplete: true });
  });
});

describe('health check of a RUNNING application (a crash-looping job must not deploy green)', () => {
  const T0 = Date.parse('2026-01-31T12:00:00Z');
  const HEALTH = {
    StableForSeconds: '300', HealthTimeoutSeconds: '1800', MaxRestarts: '3', RequireCheckpoint: 'true',
    LogGroupName: 'orders-prod-logs', LogStreamName: 'orders-prod-stream',
  };
  function healthEvent(): StarterEvent {
    return { ...event('Create', HEALTH), Data: { ApplicationName: APP, Action: 'started', StartedAt: String(T0) } };
  }
  function metrics(values: Record<string, number[]>) {
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: Object.entries(values).map(([id, v]) => ({ Id: id.toLowerCase(), Values: v })) });
  }

  test('RUNNING but restarting in a loop fails the deployment with the log location', async () => {
    status('RUNNING');
    metrics({ uptime: [0, 4000, 0, 3000], downtime: [0, 0, 9000, 0], fullRestarts: [0, 1, 2, 3], lastCheckpointDuration: [] });
    await expect(checkComplete(client, healthEvent(), metricsClient, new FakeClock(T0 + 5 * 60_000))).rejects.toThrow(
      `application ${APP} is RUNNING but its job is not healthy: the job restarted 3 times since the start (limit 3): it is crash-looping; `
      + 'logs: CloudWatch log group orders-prod-logs, stream orders-prod-stream (aws logs tail orders-prod-logs --log-stream-names orders-prod-stream --since 1h)');
  });

  test('RUNNING and not yet stable or checkpointed: waits', async () => {
    status('RUNNING');
    metrics({ uptime: [60_000, 120_000], downtime: [0, 0], fullRestarts: [0, 0], lastCheckpointDuration: [] });
    expect(await checkComplete(client, healthEvent(), metricsClient, new FakeClock(T0 + 3 * 60_000))).toEqual({ IsComplete: false });
  });

  test('RUNNING, up 5 minutes without a restart and checkpointed: healthy', async () => {
    status('RUNNING');
    metrics({ uptime: [120_000, 240_000, 310_000], downtime: [0, 0, 0], fullRestarts: [0, 0, 0], lastCheckpointDuration: [-1, 850] });
    expect(await checkComplete(client, healthEvent(), metricsClient, new FakeClock(T0 + 7 * 60_000))).toEqual({ IsComplete: true });
    const input = cw.commandCalls(GetMetricDataCommand)[0].args[0].input;
    expect(input.StartTime).toEqual(new Date(T0 - 60_000));
    expect(input.MetricDataQueries?.map((q) => q.MetricStat?.Metric?.MetricName)).toEqual(['uptime', 'downtime', 'fullRestarts', 'numRestarts', 'lastCheckpointDuration']);
    expect(input.MetricDataQueries?.[0].MetricStat?.Metric?.Dimensions).toEqual([{ Name: 'Application', Value: APP }]);
  });

  test('Flink 2.2 publishes numRestarts instead of fullRestarts: counted the same', async () => {
    status('RUNNING');
    metrics({ uptime: [1000], numRestarts: [4], lastCheckpointDuration: [] });
    await expect(checkComplete(client, healthEvent(), metricsClient, new FakeClock(T0 + 60_000))).rejects.toThrow('restarted 4 times');
  });

  test('never checkpoints within the timeout: fails with what is missing', async () => {
    status('RUNNING');
    metrics({ uptime: [1_700_000], downtime: [0], fullRestarts: [0], lastCheckpointDuration: [] });
    await expect(checkComplete(client, healthEvent(), metricsClient, new FakeClock(T0 + 31 * 60_000))).rejects.toThrow(
      'is RUNNING but its job is not healthy: the job is not healthy 31 min after the start: no completed checkpoint; logs: CloudWatch log group orders-prod-logs');
  });
});

describe('judgeJobHealth', () => {
  const criteria: HealthCriteria = { stableForMs: 300_000, timeoutMs: 1_800_000, maxRestarts: 3, requireCheckpoint: true };
  const none: JobMetrics = { uptime: [], downtime: [], restarts: [], lastCheckpointDuration: [] };
  test.each<[string, JobMetrics, number, string]>([
    ['no metrics yet', none, 60_000, 'waiting'],
    ['in an outage right now', { ...none, uptime: [400_000, 0], downtime: [0, 20_000], lastCheckpointDuration: [900] }, 600_000, 'waiting'],
    ['stable but no checkpoint', { ...none, uptime: [400_000], lastCheckpointDuration: [-1] }, 600_000, 'waiting'],
    ['stable and checkpointed', { ...none, uptime: [400_000], lastCheckpointDuration: [900] }, 600_000, 'healthy'],
    ['two restarts, then stable', { ...none, uptime: [400_000], restarts: [2], lastCheckpointDuration: [900] }, 600_000, 'healthy'],
    ['three restarts', { ...none, uptime: [400_000], restarts: [3], lastCheckpointDuration: [900] }, 600_000, 'failed'],
    ['timeout', { ...none, uptime: [100_000] }, 1_800_000, 'failed'],
  ])('%s', (_name, m, elapsed, state) => {
    expect(judgeJobHealth(m, criteria, elapsed).state).toBe(state);
  });

  test('without RequireCheckpoint a stable job is healthy before its first checkpoint', () => {
    expect(judgeJobHealth({ ...none, uptime: [400_000] }, { ...criteria, requireCheckpoint: false }, 600_000).state).toBe('healthy');
  });

  test('criteria from the resource properties; none without StableForSeconds', () => {
    expect(healthCriteriaOf({ ApplicationName: APP })).toBeUndefined();
    expect(healthCriteriaOf({ ApplicationName: APP, StableForSeconds: '300', HealthTimeoutSeconds: '1800', MaxRestarts: '3', RequireCheckpoint: 'true' }))
      .toEqual(criteria);
    expect(() => healthCriteriaOf({ ApplicationName: APP, StableForSeconds: 'soon' })).toThrow('StableForSeconds must be a number of seconds ≥ 0, got soon');
  });
});

test.each(LAMBDA_HANDLERS.map((h) => [h.source.split('/constructs/')[1], h] as const))('the committed Lambda asset of %s is its compiled handler (run private/compile-handlers.ts after editing)', (_name, handler) => {
  expect(readFileSync(handler.output, 'utf8')).toBe(compileHandler(handler));
});
