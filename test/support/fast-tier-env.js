// The fast tier's environment (jest.config.js `setupFiles`): synthesis as the repository's `cdk synth` runs it
// (cdk.json): without aws-cdk-lib's built-in CloudFormation validator (its own test runs in the slow tier), and without
// the stack traces aws-cdk-lib would otherwise capture for every resource's creation and every metadata entry (a
// pipeline app's own context, PIPELINE_APP_CONTEXT, turns both off; here also for the apps tests build themselves).
// No test reads those traces but test/environment/load-environments.test.ts, which sets its own context.
process.env.CDK_VALIDATION = 'false';
process.env.CDK_CONTEXT_JSON = JSON.stringify({
  ...JSON.parse(process.env.CDK_CONTEXT_JSON || '{}'),
  'aws:cdk:disable-stack-trace': true,
  'aws:cdk:disable-creation-stack-traces': true,
});
