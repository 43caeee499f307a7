import {
  DescribeApplicationCommand, KinesisAnalyticsV2Client, ListApplicationSnapshotsCommand, ResourceNotFoundException,
  StartApplicationCommand, StopApplicationCommand,
} from '@aws-sdk/client-kinesis-analytics-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { readFileSync } from 'node:fs';
import { LAMBDA_HANDLERS, compileHandler } from '../../constructs/managed/private/compile-handlers';
import { StarterEvent, checkComplete, handleEvent } from '../../constructs/managed/flink/application-starter/handler';

const kda = mockClient(KinesisAnalyticsV2Client);
const client = new KinesisAnalyticsV2Client({ region: 'us-east-1' });
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

beforeEach(() => kda.reset());

describe('onEvent', () => {
  test('Create on a READY application without snapshots starts it without restoring', async () => {
    status('READY');
    kda.on(ListApplicationSnapshotsCommand).resolves({ SnapshotSummaries: [] });
    const out = await handleEvent(client, event('Create'));
    expect(out).toEqual({ PhysicalResourceId: APP, Data: { ApplicationName: APP, Action: 'started (SKIP_RESTORE_FROM_SNAPSHOT)' } });
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

  test('Update on an application someone stopped starts it again', async () => {
    status('READY');
    kda.on(ListApplicationSnapshotsCommand).resolves({ SnapshotSummaries: [{ SnapshotName: 's', SnapshotStatus: 'READY', ApplicationVersionId: 1 }] });
    await handleEvent(client, event('Update'));
    expect(kda.commandCalls(StartApplicationCommand)).toHaveLength(1);
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
  test('deploy completes when RUNNING and waits while starting or updating', async () => {
    status('RUNNING');
    expect(await checkComplete(client, event('Create'))).toEqual({ IsComplete: true });
    for (const s of ['STARTING', 'UPDATING', 'AUTOSCALING', 'ROLLING_BACK']) {
      kda.reset(); status(s);
      expect(await checkComplete(client, event('Update'))).toEqual({ IsComplete: false });
    }
  });

  test('fails if the job fell back to READY after the start', async () => {
    status('READY');
    await expect(checkComplete(client, event('Create'))).rejects.toThrow(`application ${APP} is READY instead of RUNNING: the job failed to start, see its CloudWatch logs`);
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

test.each(LAMBDA_HANDLERS.map((h) => [h.source.split('/managed/')[1], h] as const))('the committed Lambda asset of %s is its compiled handler (run private/compile-handlers.ts after editing)', (_name, handler) => {
  expect(readFileSync(handler.output, 'utf8')).toBe(compileHandler(handler));
});
