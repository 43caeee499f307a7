import * as fs from 'fs';
import * as path from 'path';
import { Stack, Validations } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { LakehouseStorage } from '../../constructs/common/lakehouse-storage';
import { GUARD_PLUGIN } from '../../constructs/common/guard-findings';
import { testApp } from '../support/test-app';
import { recordedAcknowledgements } from './support/aws-solutions-report';
import { CONTROL_TOWER_RULE_FILES, ControlTowerGuardRules, GuardCheckedApp, guardCheckedApp, guardFindings } from './support/cfn-guard-report';

/** The Control Tower rules of cdk-validator-cfnguard over the prod platform and pipeline stacks of both flavors, one synth. */
const prod: GuardCheckedApp = guardCheckedApp('prod');

describe('Control Tower guard rules on the prod stacks of both flavors', () => {
  test('every finding is fixed or acknowledged with a reason, and synthesis passes', () => {
    // eslint-disable-next-line no-console
    console.log(`cfn-guard prod: ${guardFindings(prod.violations).length} unacknowledged, ${guardFindings(prod.acknowledged).length} acknowledged findings`);
    expect(guardFindings(prod.violations)).toEqual([]);
    expect(prod.synthError).toBeUndefined();
  });

  test('the platform and pipeline stacks of both flavors were checked', () => {
    expect(prod.stacks.map((s) => s.stackName).sort()).toEqual(['data-platform-prod-managed', 'data-platform-prod-self-hosted', 'orders-prod-managed', 'orders-prod-self-hosted']);
    expect(guardFindings(prod.acknowledged).length).toBeGreaterThan(30);
  });

  test('every guard acknowledgement carries a reason of its own and matches a finding where it is placed', () => {
    const ours = recordedAcknowledgements(prod.app).filter((a) => a.id.startsWith(`${GUARD_PLUGIN}::`));
    expect(ours.filter((a) => a.reason.trim().length < 40)).toEqual([]);
    const used = new Set(prod.acknowledged.map((v) => `${v.acknowledgedId} at ${v.acknowledgedAt}`));
    expect(ours.map((a) => `${a.id} at ${a.path}`).filter((a) => !used.has(a))).toEqual([]);
    expect(ours.filter((a) => a.path.split('/').length < 2)).toEqual([]);
  });

  test('platform log groups are KMS-encrypted and kept a year in prod, public subnets give no public IPs', () => {
    const fixed = ['cloudwatch_log_group_encrypted_check', 'cloudwatch_log_group_retention_period_check', 'subnet_auto_assign_public_ip_disabled_check'];
    const platform = [...prod.violations, ...prod.acknowledged].filter((v) => fixed.includes(v.ruleName))
      .flatMap((v) => v.violatingConstructs.map((c) => c.constructPath)).filter((p) => p.startsWith('data-platform-'));
    expect(platform).toEqual([]);
  });
});

describe('acknowledgements do not hide new findings', () => {
  test('a new open bucket and an unencrypted log group next to acknowledged resources are reported', () => {
    const app = testApp();
    const stack = new Stack(app, 'Probe', { env: { account: '111111111111', region: 'us-east-1' } });
    new LakehouseStorage(stack, 'Lakehouse', { ownerName: 'probe', retainData: true });
    new s3.Bucket(stack, 'OpenBucket', { blockPublicAccess: new s3.BlockPublicAccess({ blockPublicAcls: false, blockPublicPolicy: false, ignorePublicAcls: false, restrictPublicBuckets: false }) });
    new logs.LogGroup(stack, 'PlainLogs', { retention: logs.RetentionDays.ONE_YEAR });
    Validations.of(app).addPlugins(new ControlTowerGuardRules(CONTROL_TOWER_RULE_FILES));
    let failed = false;
    try {
      app.synth();
    } catch {
      failed = true;
    }
    const report: { pluginReports: Array<{ violations: Array<{ ruleName: string; violatingConstructs: Array<{ constructPath: string }> }> }> } =
      JSON.parse(fs.readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf8'));
    const found = report.pluginReports.flatMap((p) => p.violations).flatMap((v) => v.violatingConstructs.map((c) => `${v.ruleName} at ${c.constructPath}`));
    expect(failed).toBe(true);
    expect(found).toContain('cloudwatch_log_group_encrypted_check at Probe/PlainLogs/Resource');
    expect(found.filter((f) => f.includes('Probe/OpenBucket/Resource')).length).toBeGreaterThanOrEqual(3);
    expect(found.filter((f) => f.includes('Probe/Lakehouse/'))).toEqual([]);
  });
});
