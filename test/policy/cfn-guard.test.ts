import * as fs from 'fs';
import * as path from 'path';
import { Stack, Validations } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { LakehouseStorage } from '../../constructs/common/lakehouse-storage';
import { GUARD_PLUGIN } from '../../constructs/common/guard-findings';
import { Flavor } from '../../lib/flavor';
import { ENVIRONMENT_NAMES, testApp } from '../support/test-app';
import { LAYOUTS, nestedStackPaths, recordedAcknowledgements } from './support/aws-solutions-report';
import { CONTROL_TOWER_RULE_FILES, ControlTowerGuardRules, GuardCheckedApp, guardCheckedApp, guardFindings } from './support/cfn-guard-report';

/**
 * The Control Tower rules of cdk-validator-cfnguard over the platform and pipeline stacks of both flavors, top-level
 * and nested templates, for every environment of cdk.json in both stack layouts: one synth each.
 */
const LAYOUT_NAMES = Object.keys(LAYOUTS) as Array<keyof typeof LAYOUTS>;
const checked: ReadonlyMap<string, GuardCheckedApp> = new Map(ENVIRONMENT_NAMES.flatMap((env) => LAYOUT_NAMES.map((layout) => [`${env} ${layout}`, guardCheckedApp(env, undefined, LAYOUTS[layout])] as const)));
const prod = checkedApp('prod', 'top-level');

function checkedApp(env: string, layout: keyof typeof LAYOUTS): GuardCheckedApp {
  const app = checked.get(`${env} ${layout}`);
  if (app === undefined) throw new Error(`${env} ${layout} was not synthesized`);
  return app;
}

/** Findings of the stacks (and their nested stacks) of one flavor. */
const ofFlavor = (findings: readonly string[], flavor: Flavor) => findings.filter((f) => f.split(' at ')[1].split('/')[0].endsWith(`-${flavor.id}`));

describe.each(ENVIRONMENT_NAMES.flatMap((env) => LAYOUT_NAMES.flatMap((layout) => Flavor.ALL.map((flavor) => [env, layout, flavor] as const))))('Control Tower guard rules, %s, %s stacks, %s', (env, layout, flavor) => {
  test('no unacknowledged finding in the platform and pipeline stacks, nested stacks included', () => {
    const app = checkedApp(env, layout);
    const unacknowledged = ofFlavor(guardFindings(app.violations), flavor);
    const acknowledged = ofFlavor(guardFindings(app.acknowledged), flavor);
    const nested = nestedStackPaths(app.app).filter((p) => p.split('/')[0].endsWith(`-${flavor.id}`));
    const inNested = acknowledged.filter((f) => nested.some((n) => f.includes(` at ${n}/`)));
    // eslint-disable-next-line no-console
    console.log(`cfn-guard ${env} ${flavor.id} (${layout}): ${unacknowledged.length + acknowledged.length} findings, ${acknowledged.length} acknowledged (${inNested.length} in ${nested.length} nested stacks), ${unacknowledged.length} unacknowledged`);
    expect(unacknowledged).toEqual([]);
    expect(app.synthError).toBeUndefined();
    // The nested stacks' templates were checked: their findings are reported (here all acknowledged).
    if (layout === 'nested') expect(inNested.length).toBeGreaterThan(0);
  });
});

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

  test.each([...checked.keys()])('%s: every guard acknowledgement carries a reason of its own and matches a finding where it is placed', (key) => {
    const app = checked.get(key) as GuardCheckedApp;
    const ours = recordedAcknowledgements(app.app).filter((a) => a.id.startsWith(`${GUARD_PLUGIN}::`));
    expect(ours.filter((a) => a.reason.trim().length < 40)).toEqual([]);
    const used = new Set(app.acknowledged.map((v) => `${v.acknowledgedId} at ${v.acknowledgedAt}`));
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
