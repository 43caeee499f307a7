// The fast tier's environment (jest.config.js `setupFiles`): synthesis as the repository's `cdk synth` runs it
// (cdk.json): without aws-cdk-lib's built-in CloudFormation validator (its own test runs in the slow tier), and without
// the stack traces aws-cdk-lib would otherwise capture for every resource's creation and every metadata entry (a
// pipeline app's own context, PIPELINE_APP_CONTEXT, turns both off; here also for the apps tests build themselves).
// No test reads those traces but test/environment/load-environments.test.ts, which sets its own context.
// Asset staging is off too: assets stay where they are instead of being copied into each test app's output directory.
// With it on, the tier's two workers copied 3.5 GB (aws-eks-v2's 37 MB kubectl and 22 MB AWS CLI layers into every
// self-hosted platform's assembly): 8 s of copying, 10 s of the tier's 58 s. A test that reads staged files turns it
// back on for its app (test/artifacts/job-artifact.test.ts); the slow tier, cfn-lint and the newcomer run synthesize
// with staging on.
process.env.CDK_VALIDATION = 'false';
process.env.CDK_CONTEXT_JSON = JSON.stringify({
  ...JSON.parse(process.env.CDK_CONTEXT_JSON || '{}'),
  'aws:cdk:disable-stack-trace': true,
  'aws:cdk:disable-creation-stack-traces': true,
  'aws:cdk:disable-asset-staging': true,
});
