import {
  DescribeApplicationCommand, InvalidApplicationConfigurationException, ResourceNotFoundException, StartApplicationCommand, StopApplicationCommand,
} from '@aws-sdk/client-kinesis-analytics-v2';
import { STAGING_MANAGED, runCli } from './run-cli';
import { STREAMING, application, flink, operation, snapshots } from './msf-fixtures';

describe('start', () => {
  test('--from latest (the default): restores the newest READY snapshot and waits until RUNNING', async () => {
    application('READY', 'RUNNING');
    snapshots({ name: 'old', status: 'READY', at: '2026-11-29T00:00:00Z' }, { name: 'newest', status: 'READY', at: '2026-11-30T04:00:00Z' }, { name: 'broken', status: 'FAILED', at: '2026-11-30T04:30:00Z' });
    flink.on(StartApplicationCommand).resolves({ OperationId: 'op-6' });
    operation('IN_PROGRESS', 'SUCCESSFUL');
    const result = await runCli(['start', 'orders-to-lake', ...STAGING_MANAGED]);
    expect(result.code).toBe(0);
    expect(flink.commandCalls(StartApplicationCommand)[0].args[0].input).toEqual({
      ApplicationName: STREAMING,
      RunConfiguration: { ApplicationRestoreConfiguration: { ApplicationRestoreType: 'RESTORE_FROM_LATEST_SNAPSHOT' }, FlinkRunConfiguration: { AllowNonRestoredState: false } },
    });
    expect(result.err).toBe('orders-to-lake: start in progress (0 s)\n');
    expect(result.out).toBe('start orders-to-lake: orders-staging-orders-to-lake is READY; restoring the newest READY snapshot newest (2026-11-30T04:00:00.000Z)\norders-to-lake is RUNNING at parallelism 3 (4 KPUs incl. orchestration)\n');
  });

  test('--from none --dry-run: SKIP_RESTORE_FROM_SNAPSHOT, nothing sent', async () => {
    application('READY');
    const result = await runCli(['start', 'orders-to-lake', '--from', 'none', '--dry-run', ...STAGING_MANAGED]);
    expect(result.code).toBe(0);
    expect(result.out).toContain('starting without state: its sources begin at their start position (group-offsets)');
    expect(result.out).toContain('"ApplicationRestoreType": "SKIP_RESTORE_FROM_SNAPSHOT"');
    expect(flink.commandCalls(StartApplicationCommand)).toHaveLength(0);
  });

  test('an application already RUNNING: refused in one line', async () => {
    application('RUNNING');
    const result = await runCli(['start', 'orders-to-lake', ...STAGING_MANAGED]);
    expect(result.code).toBe(1);
    expect(result.err).toBe('start orders-to-lake: application orders-staging-orders-to-lake is RUNNING, it is not stopped — it is already running; stop it first to restart it\n');
  });

  test('--from latest without a READY snapshot: says so and names --from none', async () => {
    application('READY');
    snapshots({ name: 'creating', status: 'CREATING', at: '2026-11-30T04:00:00Z' });
    const result = await runCli(['start', 'orders-to-lake', ...STAGING_MANAGED]);
    expect(result.code).toBe(1);
    expect(result.err).toBe('start orders-to-lake: application orders-staging-orders-to-lake is READY, and it has no READY snapshot to restore — start it without state: `pipelines start orders-to-lake --from none` (its sources begin at group-offsets)\n');
  });

  test('InvalidApplicationConfigurationException: one line naming the state and the fix', async () => {
    application('READY');
    flink.on(StartApplicationCommand).rejects(new InvalidApplicationConfigurationException({ message: 'Snapshot is incompatible', $metadata: {} }));
    const result = await runCli(['start', 'orders-to-lake', '--from', 'none', ...STAGING_MANAGED]);
    expect(result.code).toBe(1);
    expect(result.err).toBe('start orders-to-lake: MSF refused it (InvalidApplicationConfigurationException) while the application is READY: Snapshot is incompatible — fix the application\'s configuration (deploy the pipeline stack again) or its state first (`pipelines status`)\n');
  });

  test('missing credentials: one line naming the fix', async () => {
    flink.on(DescribeApplicationCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    const result = await runCli(['start', 'orders-to-lake', ...STAGING_MANAGED]);
    expect(result.code).toBe(1);
    expect(result.err).toBe('no AWS credentials: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (or log in with `aws sso login`)\n');
  });
});

describe('stop', () => {
  test('--from latest (the default): StopApplication Force=false (MSF snapshots), waits until READY, names the snapshot', async () => {
    application('RUNNING', 'READY');
    snapshots({ name: 'on-stop', status: 'READY', at: '2026-11-30T05:00:30Z' });
    flink.on(StopApplicationCommand).resolves({ OperationId: 'op-7' });
    operation('SUCCESSFUL');
    const result = await runCli(['stop', 'orders-to-lake', ...STAGING_MANAGED]);
    expect(result.code).toBe(0);
    expect(flink.commandCalls(StopApplicationCommand)[0].args[0].input).toEqual({ ApplicationName: STREAMING, Force: false });
    expect(result.out).toBe('stop orders-to-lake: orders-staging-orders-to-lake is RUNNING; MSF takes a snapshot while stopping (start resumes from it)\norders-to-lake is READY; newest snapshot on-stop\n');
  });

  test('--from none: Force=true (no snapshot), said before it is sent', async () => {
    application('RUNNING');
    const result = await runCli(['stop', 'orders-to-lake', '--from', 'none', '--dry-run', ...STAGING_MANAGED]);
    expect(result.out).toBe('stop orders-to-lake: orders-staging-orders-to-lake; stopping without a snapshot (Force): state since the last snapshot is lost; records after it may be read again\n'
      + 'Dry run from the plan, nothing contacted. Would send StopApplicationCommand (sent while the application is STARTING, UPDATING, AUTOSCALING, RUNNING or STOPPING):\n{\n  "ApplicationName": "orders-staging-orders-to-lake",\n  "Force": true\n}\n');
    expect(flink.calls()).toHaveLength(0);
  });

  test('snapshots disabled (a batch job): said, and stopped gracefully', async () => {
    application('RUNNING');
    const result = await runCli(['stop', 'customers-nightly', '--dry-run', ...STAGING_MANAGED]);
    expect(result.out).toContain('snapshots are disabled for orders-staging-customers-nightly (ApplicationSnapshotConfiguration): MSF stops it gracefully but takes no snapshot');
    expect(result.out).toContain('"Force": false');
  });

  test('already stopped or stopping: refused', async () => {
    application('READY');
    expect((await runCli(['stop', 'orders-to-lake', ...STAGING_MANAGED])).err).toBe('stop orders-to-lake: application orders-staging-orders-to-lake is READY, it is already stopped — nothing to do\n');
    application('STOPPING');
    expect((await runCli(['stop', 'orders-to-lake', ...STAGING_MANAGED])).err).toBe('stop orders-to-lake: application orders-staging-orders-to-lake is STOPPING, it is already stopping — wait for it (`pipelines status`), or abandon its snapshot: `pipelines stop orders-to-lake --from none`\n');
    expect(flink.commandCalls(StopApplicationCommand)).toHaveLength(0);
  });

  test('not deployed (ResourceNotFoundException): one line', async () => {
    flink.on(DescribeApplicationCommand).rejects(new ResourceNotFoundException({ message: `Application ${STREAMING} not found`, $metadata: {} }));
    const result = await runCli(['stop', 'orders-to-lake', ...STAGING_MANAGED]);
    expect(result.code).toBe(1);
    expect(result.err).toBe(`pipeline orders is not deployed in environment staging (us-east-1): Application ${STREAMING} not found\n`);
  });

  test('an unknown job: one line listing the known jobs', async () => {
    const result = await runCli(['stop', 'orders-to-lak', ...STAGING_MANAGED]);
    expect(result.code).toBe(1);
    expect(result.err).toBe('unknown job "orders-to-lak" in pipeline orders: known jobs are orders-to-lake, customers-nightly\n');
  });
});
