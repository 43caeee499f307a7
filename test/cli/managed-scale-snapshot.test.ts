import {
  CreateApplicationSnapshotCommand, DescribeApplicationCommand, DescribeApplicationOperationCommand, DescribeApplicationSnapshotCommand,
  ResourceInUseException, ResourceNotFoundException, UpdateApplicationCommand,
} from '@aws-sdk/client-kinesis-analytics-v2';
import { STAGING_MANAGED, runCli } from './run-cli';
import { STREAMING, application, flink, operation } from './msf-fixtures';

describe('scale', () => {
  test('a running job: UpdateApplication with the version read, restoring the latest snapshot, then waits until it runs at the new size', async () => {
    application('RUNNING', 'RUNNING');
    flink.on(UpdateApplicationCommand).resolves({ OperationId: 'op-1' });
    operation('IN_PROGRESS', 'IN_PROGRESS', 'SUCCESSFUL');
    const result = await runCli(['scale', 'orders-to-lake', '--parallelism', '3', ...STAGING_MANAGED]);
    expect(result.code).toBe(0);
    expect(flink.commandCalls(UpdateApplicationCommand).map((c) => c.args[0].input)).toEqual([{
      ApplicationName: STREAMING,
      CurrentApplicationVersionId: 7,
      ApplicationConfigurationUpdate: { FlinkApplicationConfigurationUpdate: { ParallelismConfigurationUpdate: { ConfigurationTypeUpdate: 'CUSTOM', ParallelismUpdate: 3 } } },
      RunConfigurationUpdate: { ApplicationRestoreConfiguration: { ApplicationRestoreType: 'RESTORE_FROM_LATEST_SNAPSHOT' }, FlinkRunConfiguration: { AllowNonRestoredState: false } },
    }]);
    expect(flink.commandCalls(DescribeApplicationOperationCommand)[0].args[0].input).toEqual({ ApplicationName: STREAMING, OperationId: 'op-1' });
    expect(result.err).toBe([
      'orders-to-lake: waiting for the update to parallelism 3 (MSF snapshots, restarts and restores the job)',
      'orders-to-lake: scale in progress (0 s)',
      'orders-to-lake: scale in progress (15 s)',
      '',
    ].join('\n'));
    expect(result.out).toBe([
      'scale orders-to-lake: orders-staging-orders-to-lake is RUNNING at parallelism 2 (3 KPUs incl. orchestration); parallelism 1 → 3',
      'note: orders-to-lake is autoscaled (costControl autoscaled): MSF keeps parallelism 3 as its floor and raises it again under load, up to 64 (its KPU quota, not the plan\'s max 3); to pin it, set costControl CONTINUOUS in the definition and deploy',
      'note: the stack deploys parallelism 1: a later deployment that updates this application sets it back; to keep 3, set jobs.orders-to-lake.parallelism.initial in the definition',
      'orders-to-lake is RUNNING at parallelism 3 (4 KPUs incl. orchestration)',
      '',
    ].join('\n'));
  });

  test('--dry-run prints the UpdateApplicationCommand input from the plan and contacts nothing (the version is read when it runs)', async () => {
    application('RUNNING');
    const result = await runCli(['scale', 'orders-to-lake', '--parallelism', '2', '--dry-run', ...STAGING_MANAGED]);
    expect(result.code).toBe(0);
    expect(flink.calls()).toHaveLength(0);
    expect(result.out).toContain(`Would send UpdateApplicationCommand (sent while the application is RUNNING or READY; RunConfigurationUpdate only while RUNNING: MSF snapshots it, restarts it at the new parallelism and restores the snapshot):
{
  "ApplicationName": "orders-staging-orders-to-lake",
  "CurrentApplicationVersionId": "<ApplicationVersionId read with DescribeApplication>",
  "ApplicationConfigurationUpdate": {
    "FlinkApplicationConfigurationUpdate": {
      "ParallelismConfigurationUpdate": {
        "ConfigurationTypeUpdate": "CUSTOM",
        "ParallelismUpdate": 2
      }
    }
  },
  "RunConfigurationUpdate": {`);
  });

  test('above the plan\'s max parallelism: one line with the fix, nothing sent', async () => {
    application('RUNNING');
    const result = await runCli(['scale', 'orders-to-lake', '--parallelism', '4', ...STAGING_MANAGED]);
    expect(result.code).toBe(1);
    expect(result.err).toBe('scale orders-to-lake: parallelism 4 is above the plan\'s max 3 (what sizing, cost and alarms assume) — raise jobs.orders-to-lake.parallelism.max in the definition and deploy, or scale to 3 or less\n');
    expect(flink.commandCalls(UpdateApplicationCommand)).toHaveLength(0);
  });

  test('while MSF is updating the application: refused, naming the state and the fix', async () => {
    application('UPDATING');
    const result = await runCli(['scale', 'orders-to-lake', '--parallelism', '2', ...STAGING_MANAGED]);
    expect(result.code).toBe(1);
    expect(result.err).toBe('scale orders-to-lake: application orders-staging-orders-to-lake is UPDATING, and MSF changes an application only while it is RUNNING or READY — wait until `pipelines status` shows it RUNNING or READY, then scale again\n');
  });

  test('a stopped job (READY): the new parallelism is set for its next start, no wait', async () => {
    application('READY');
    flink.on(UpdateApplicationCommand).resolves({ OperationId: 'op-2' });
    const result = await runCli(['scale', 'customers-nightly', '--parallelism', '4', ...STAGING_MANAGED]);
    expect(result.code).toBe(0);
    expect(flink.commandCalls(UpdateApplicationCommand)[0].args[0].input.RunConfigurationUpdate).toBeUndefined();
    expect(flink.commandCalls(DescribeApplicationOperationCommand)).toHaveLength(0);
    expect(result.out).toContain('customers-nightly is stopped (READY): parallelism 4 applies at its next start');
  });

  test('--no-wait returns once MSF accepted the update', async () => {
    application('RUNNING');
    flink.on(UpdateApplicationCommand).resolves({ OperationId: 'op-3' });
    const result = await runCli(['scale', 'orders-to-lake', '--parallelism', '2', '--no-wait', ...STAGING_MANAGED]);
    expect(result.out).toContain('update accepted (operation op-3); not waiting (--no-wait)');
    expect(flink.commandCalls(DescribeApplicationOperationCommand)).toHaveLength(0);
  });

  test('ResourceInUseException: one line naming the state and the fix', async () => {
    application('RUNNING');
    flink.on(UpdateApplicationCommand).rejects(new ResourceInUseException({ message: 'Application is being updated', $metadata: {} }));
    const result = await runCli(['scale', 'orders-to-lake', '--parallelism', '2', ...STAGING_MANAGED]);
    expect(result.code).toBe(1);
    expect(result.err).toBe('scale orders-to-lake: MSF refused it (ResourceInUseException) while the application is RUNNING: Application is being updated — another operation is under way; wait until `pipelines status` shows the job RUNNING or READY, then run it again\n');
  });

  test('LimitExceededException is a quota (KPUs or snapshots), not throttling: one line with the fix', async () => {
    application('RUNNING');
    flink.on(UpdateApplicationCommand).rejects(Object.assign(new Error('KPU limit reached'), { name: 'LimitExceededException' }));
    const result = await runCli(['scale', 'orders-to-lake', '--parallelism', '3', ...STAGING_MANAGED]);
    expect(result.code).toBe(1);
    expect(result.err).toBe('scale orders-to-lake: MSF refused it (LimitExceededException) while the application is RUNNING: KPU limit reached — a service quota is reached (KPUs per application, or snapshots per application: delete old ones with DeleteApplicationSnapshot); request a Service Quotas increase or ask for less\n');
  });

  test('a failed update (MSF rolled it back): one line with MSF\'s reason', async () => {
    application('RUNNING');
    flink.on(UpdateApplicationCommand).resolves({ OperationId: 'op-4' });
    flink.on(DescribeApplicationOperationCommand).resolves({ ApplicationOperationInfoDetails: {
      Operation: 'UpdateApplication', StartTime: new Date(), EndTime: new Date(), OperationStatus: 'FAILED',
      OperationFailureDetails: { RollbackOperationId: 'op-5', ErrorInfo: { ErrorString: 'Not enough KPUs' } },
    } });
    const result = await runCli(['scale', 'orders-to-lake', '--parallelism', '2', ...STAGING_MANAGED]);
    expect(result.code).toBe(1);
    expect(result.err.split('\n').at(-2)).toBe('scale orders-to-lake: operation op-4 FAILED after 0 s: Not enough KPUs (MSF rolled the application back to its previous version) — see the application\'s CloudWatch logs');
  });

  test('an update that does not finish in 30 minutes: one line naming where to look', async () => {
    application('RUNNING');
    flink.on(UpdateApplicationCommand).resolves({ OperationId: 'op-8' });
    operation('IN_PROGRESS');
    const result = await runCli(['scale', 'orders-to-lake', '--parallelism', '2', ...STAGING_MANAGED]);
    expect(result.code).toBe(1);
    expect(result.err.split('\n').at(-2)).toBe('scale orders-to-lake: still not done after 30 min 0 s — check `pipelines status` and the application\'s CloudWatch logs');
    expect(flink.commandCalls(DescribeApplicationOperationCommand)).toHaveLength(121);
  });

  test('without an OperationId in the answer: waits for the application status instead', async () => {
    application('RUNNING', 'UPDATING', 'RUNNING');
    flink.on(UpdateApplicationCommand).resolves({});
    const result = await runCli(['scale', 'orders-to-lake', '--parallelism', '2', ...STAGING_MANAGED]);
    expect(result.code).toBe(0);
    expect(result.err).toContain('orders-to-lake: UPDATING, waiting for RUNNING (0 s)');
    expect(result.out).toContain('orders-to-lake is RUNNING at parallelism 3');
  });

  test('throttling that outlasts the SDK\'s retries: one line', async () => {
    flink.on(DescribeApplicationCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const result = await runCli(['scale', 'orders-to-lake', '--parallelism', '2', ...STAGING_MANAGED]);
    expect(result.code).toBe(1);
    expect(result.err).toBe('AWS throttled the request after 5 attempts with backoff: try again later\n');
  });
});

describe('snapshot', () => {
  test('creates <job>-<UTC timestamp> and waits until it is READY, with progress', async () => {
    application('RUNNING');
    flink.on(CreateApplicationSnapshotCommand).resolves({});
    let call = 0;
    flink.on(DescribeApplicationSnapshotCommand).callsFake((input: { SnapshotName?: string }) => ({ SnapshotDetails: {
      SnapshotName: input.SnapshotName, SnapshotStatus: call++ < 2 ? 'CREATING' : 'READY', ApplicationVersionId: 7, SnapshotCreationTimestamp: new Date('2026-11-30T05:00:01Z'),
    } }));
    const result = await runCli(['snapshot', 'orders-to-lake', ...STAGING_MANAGED]);
    expect(result.code).toBe(0);
    expect(flink.commandCalls(CreateApplicationSnapshotCommand)[0].args[0].input).toEqual({ ApplicationName: STREAMING, SnapshotName: 'orders-to-lake-20261130T050000Z' });
    expect(result.err).toBe('orders-to-lake: snapshot orders-to-lake-20261130T050000Z creating (0 s)\norders-to-lake: snapshot orders-to-lake-20261130T050000Z creating (15 s)\n');
    expect(result.out).toBe('snapshot orders-to-lake-20261130T050000Z of orders-to-lake is READY (2026-11-30T05:00:01.000Z, application version 7)\n');
  });

  test('a snapshot not yet visible right after the request is waited for, not reported as "not deployed"', async () => {
    application('RUNNING');
    flink.on(CreateApplicationSnapshotCommand).resolves({});
    flink.on(DescribeApplicationSnapshotCommand)
      .rejectsOnce(new ResourceNotFoundException({ message: 'Snapshot not found', $metadata: {} }))
      .resolves({ SnapshotDetails: { SnapshotName: 'x', SnapshotStatus: 'READY', ApplicationVersionId: 7 } });
    const result = await runCli(['snapshot', 'orders-to-lake', ...STAGING_MANAGED]);
    expect(result.code).toBe(0);
    expect(result.out).toContain('is READY');
  });

  test('--dry-run prints the CreateApplicationSnapshotCommand input and contacts nothing', async () => {
    application('RUNNING');
    const result = await runCli(['snapshot', 'orders-to-lake', '--dry-run', ...STAGING_MANAGED]);
    expect(result.out).toBe('Dry run from the plan, nothing contacted. Would send CreateApplicationSnapshotCommand (sent while the application is RUNNING; the name is the time it is sent):\n{\n  "ApplicationName": "orders-staging-orders-to-lake",\n  "SnapshotName": "orders-to-lake-20261130T050000Z"\n}\n');
    expect(flink.calls()).toHaveLength(0);
  });

  test('a batch job (snapshots disabled): refused, nothing sent', async () => {
    application('RUNNING');
    const result = await runCli(['snapshot', 'customers-nightly', ...STAGING_MANAGED]);
    expect(result.code).toBe(1);
    expect(result.err).toBe('snapshot customers-nightly: application orders-staging-customers-nightly is RUNNING, and a batch job runs without snapshots — there is no state to snapshot; deploy with snapshots enabled to keep one\n');
  });

  test('a stopped job: refused', async () => {
    application('READY');
    const result = await runCli(['snapshot', 'orders-to-lake', ...STAGING_MANAGED]);
    expect(result.err).toBe('snapshot orders-to-lake: application orders-staging-orders-to-lake is READY, and MSF snapshots only a RUNNING application — start it first (`pipelines start orders-to-lake`)\n');
  });
});
