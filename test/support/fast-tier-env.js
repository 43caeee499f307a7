// The fast tier's environment (jest.config.js `setupFiles`): synthesis as the repository's `cdk synth` runs it
// (cdk.json): without aws-cdk-lib's built-in CloudFormation validator (its own test runs in the slow tier), and without
// the stack traces aws-cdk-lib would otherwise capture for every resource's creation and every metadata entry (cdk.json
// turns both off; `cdk synth --debug` turns them back on). No test reads those traces.
process.env.CDK_VALIDATION = 'false';
process.env.CDK_CONTEXT_JSON = JSON.stringify({
  ...JSON.parse(process.env.CDK_CONTEXT_JSON || '{}'),
  'aws:cdk:disable-stack-trace': true,
  'aws:cdk:disable-creation-stack-traces': true,
});
