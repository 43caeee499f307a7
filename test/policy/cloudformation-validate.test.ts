import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { addPipelineStacks } from '../../lib/app/pipeline-app';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { CDK_CONTEXT } from '../support/test-app';

/**
 * aws-cdk-lib's built-in CloudFormation validator over every platform and pipeline stack of prod, both flavors. The
 * repository's `cdk synth` skips it (`CDK_VALIDATION=false` in cdk.json: it takes 5–6 s of a 9 s synth); this test is
 * where it runs, so a template CloudFormation would refuse still fails CI.
 */
interface Report { pluginReports: Array<{ pluginName: string; conclusion: string; violations: Array<{ ruleName: string; severity: string; violatingConstructs: Array<{ constructPath: string }> }> }> }

test('the CloudFormation validator reports nothing unacknowledged on any stack of prod', () => {
  const outdir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'cfn-validate-'));
  const app = new App({ context: { ...CDK_CONTEXT, env: 'prod', flavor: 'both' }, outdir, builtinCloudFormationValidation: true });
  const { stacks } = addPipelineStacks(app, ORDERS_PIPELINE);
  app.synth();
  const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as Report;
  const validate = report.pluginReports.filter((r) => r.pluginName === 'CloudFormation Validate');
  expect(stacks).toHaveLength(4);
  expect(validate).toHaveLength(1);
  expect(validate[0].violations.flatMap((v) => v.violatingConstructs.map((c) => `${v.ruleName} (${v.severity}) at ${c.constructPath}`))).toEqual([]);
  expect(validate[0].conclusion).toBe('success');
});
