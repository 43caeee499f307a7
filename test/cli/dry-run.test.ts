import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { KafkaClient } from '@aws-sdk/client-kafka';
import { KinesisAnalyticsV2Client } from '@aws-sdk/client-kinesis-analytics-v2';
import { KubeApi } from '../../lib/cli/kube-api';
import { readmeSession } from '../support/readme-session';
import { runCli } from './run-cli';

/**
 * Every changing verb's --dry-run on both flavors, as a newcomer runs it: no AWS credentials (AWS_* unset, no shared
 * files), no kubeconfig (KUBECONFIG names a missing file, HOME is empty). Each prints the plan's call and exits 0;
 * any AWS or Kubernetes call fails the test (the clients' send and KubeApi's requests throw).
 */
let home: string;
const saved = { ...process.env };

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'dry-run-home-'));
});

beforeEach(() => {
  for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
  process.env.HOME = home;
  process.env.KUBECONFIG = path.join(home, 'missing-kubeconfig');
  process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(home, 'missing-credentials');
  process.env.AWS_CONFIG_FILE = path.join(home, 'missing-config');
  jest.useFakeTimers({ now: new Date('2026-11-30T05:00:00Z') });
  const contacted = (what: string) => () => { throw new Error(`a dry run contacted ${what}`); };
  for (const client of [KinesisAnalyticsV2Client, KafkaClient, CloudWatchClient]) jest.spyOn(client.prototype, 'send').mockImplementation(contacted(client.name));
  for (const method of ['get', 'find', 'change', 'context', 'proxied', 'text'] as const) jest.spyOn(KubeApi.prototype, method).mockImplementation(contacted(`the Kubernetes API (${method})`));
});

afterEach(() => {
  jest.restoreAllMocks();
  jest.useRealTimers();
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

const MANAGED = ['-c', 'env=staging', '-c', 'flavor=managed'];
const SELF_HOSTED = ['-c', 'env=staging', '-c', 'flavor=self-hosted'];
const DEPLOYMENTS = '/apis/flink.apache.org/v1beta1/namespaces/orders/flinkdeployments';

/** The JSON body after the dry run's header line(s). */
function body(out: string): unknown {
  return JSON.parse(out.slice(out.indexOf('\n{') + 1));
}

describe('managed --dry-run: the SDK command and its input, no credentials', () => {
  test('scale', async () => {
    const result = await runCli(['scale', 'orders-to-lake', '--parallelism', '2', '--dry-run', ...MANAGED]);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toContain('Dry run from the plan, nothing contacted. Would send UpdateApplicationCommand (');
    expect(body(result.out)).toEqual({
      ApplicationName: 'orders-staging-orders-to-lake',
      CurrentApplicationVersionId: '<ApplicationVersionId read with DescribeApplication>',
      ApplicationConfigurationUpdate: { FlinkApplicationConfigurationUpdate: { ParallelismConfigurationUpdate: { ConfigurationTypeUpdate: 'CUSTOM', ParallelismUpdate: 2 } } },
      RunConfigurationUpdate: { ApplicationRestoreConfiguration: { ApplicationRestoreType: 'RESTORE_FROM_LATEST_SNAPSHOT' }, FlinkRunConfiguration: { AllowNonRestoredState: false } },
    });
  });

  test('scale of a batch job (no snapshots): no RunConfigurationUpdate', async () => {
    const result = await runCli(['scale', 'customers-nightly', '--parallelism', '2', '--dry-run', ...MANAGED]);
    expect(result.code).toBe(0);
    expect(body(result.out)).not.toHaveProperty('RunConfigurationUpdate');
  });

  test('scale above the plan\'s max is refused as the verb refuses it', async () => {
    const result = await runCli(['scale', 'orders-to-lake', '--parallelism', '4', '--dry-run', ...MANAGED]);
    expect(result.code).toBe(1);
    expect(result.err).toBe('scale orders-to-lake: parallelism 4 is above the plan\'s max 3 (what sizing, cost and alarms assume) — raise jobs.orders-to-lake.parallelism.max in the definition and deploy, or scale to 3 or less\n');
  });

  test('snapshot', async () => {
    const result = await runCli(['snapshot', 'orders-to-lake', '--dry-run', ...MANAGED]);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(body(result.out)).toEqual({ ApplicationName: 'orders-staging-orders-to-lake', SnapshotName: 'orders-to-lake-20261130T050000Z' });
  });

  test.each([
    ['latest', 'RESTORE_FROM_LATEST_SNAPSHOT'],
    ['none', 'SKIP_RESTORE_FROM_SNAPSHOT'],
  ])('start --from %s', async (from, restore) => {
    const result = await runCli(['start', 'orders-to-lake', '--from', from, '--dry-run', ...MANAGED]);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(body(result.out)).toEqual({
      ApplicationName: 'orders-staging-orders-to-lake',
      RunConfiguration: { ApplicationRestoreConfiguration: { ApplicationRestoreType: restore }, FlinkRunConfiguration: { AllowNonRestoredState: false } },
    });
  });

  test.each([['latest', false], ['none', true]])('stop --from %s', async (from, force) => {
    const result = await runCli(['stop', 'orders-to-lake', '--from', from, '--dry-run', ...MANAGED]);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(body(result.out)).toEqual({ ApplicationName: 'orders-staging-orders-to-lake', Force: force });
  });

  test('the README session is this output', async () => {
    const result = await runCli(['stop', 'orders-to-lake', '--from', 'none', '--dry-run', ...MANAGED]);
    expect(readmeSession('npx pipelines stop orders-to-lake --from none --dry-run -c env=staging -c flavor=managed')).toBe(result.out);
  });
});

describe('self-hosted --dry-run: method, path and patch, no kubeconfig', () => {
  test('scale', async () => {
    const result = await runCli(['scale', 'customers-nightly', '--parallelism', '2', '--dry-run', ...SELF_HOSTED]);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toContain(`dry run: would send\nPATCH ${DEPLOYMENTS}/customers-nightly\nContent-Type: application/merge-patch+json\n`);
    expect(body(result.out)).toEqual({ spec: { job: { parallelism: 2 } } });
  });

  test('snapshot: a FlinkStateSnapshot', async () => {
    const result = await runCli(['snapshot', 'orders-to-lake', '--dry-run', ...SELF_HOSTED]);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toContain('POST /apis/flink.apache.org/v1beta1/namespaces/orders/flinkstatesnapshots\nContent-Type: application/json\n');
    expect(body(result.out)).toMatchObject({ kind: 'FlinkStateSnapshot', spec: { jobReference: { kind: 'FlinkDeployment', name: 'orders-to-lake' }, savepoint: { disposeOnDelete: false } } });
  });

  test('start (latest): running with the plan\'s upgrade mode', async () => {
    const result = await runCli(['start', 'orders-to-lake', '--dry-run', ...SELF_HOSTED]);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toContain(`PATCH ${DEPLOYMENTS}/orders-to-lake\n`);
    expect(body(result.out)).toEqual({ spec: { job: { state: 'running', upgradeMode: 'savepoint' } } });
  });

  test('start --from none: the stateless start, then the plan\'s upgrade mode back', async () => {
    const result = await runCli(['start', 'orders-to-lake', '--from', 'none', '--dry-run', ...SELF_HOSTED]);
    expect(result).toMatchObject({ code: 0, err: '' });
    const [first, restore] = result.out.split('then, once the operator recorded the start:\n');
    expect(body(first ?? '')).toEqual({ spec: { job: { state: 'running', upgradeMode: 'stateless' } } });
    expect(body(restore ?? '')).toEqual({ spec: { job: { upgradeMode: 'savepoint' } } });
  });

  test('start of a batch job is refused as the verb refuses it (its schedule runs it)', async () => {
    const result = await runCli(['start', 'customers-nightly', '--dry-run', ...SELF_HOSTED]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('job customers-nightly is a batch job its schedule runs');
  });

  test.each([['latest', 'savepoint'], ['none', 'stateless']])('stop --from %s', async (from, upgradeMode) => {
    const result = await runCli(['stop', 'orders-to-lake', '--from', from, '--dry-run', ...SELF_HOSTED]);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(body(result.out)).toEqual({ spec: { job: { state: 'suspended', upgradeMode } } });
  });
});

test('without --dry-run the same verb does need credentials or a kubeconfig (the test\'s guards are live)', async () => {
  const managed = await runCli(['stop', 'orders-to-lake', ...MANAGED]);
  expect(managed.code).toBe(1);
  expect(managed.err).toContain('a dry run contacted KinesisAnalyticsV2Client');
  const selfHosted = await runCli(['stop', 'orders-to-lake', ...SELF_HOSTED]);
  expect(selfHosted.code).toBe(1);
  expect(selfHosted.err).toContain('a dry run contacted the Kubernetes API');
});
