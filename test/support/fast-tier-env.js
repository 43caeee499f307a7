// The fast tier's environment (jest.config.js `setupFiles`): synthesis as the repository's `cdk synth` runs it
// (cdk.json): without aws-cdk-lib's built-in CloudFormation validator (its own test runs in the slow tier), and without
// a creation stack trace recorded for every construct's metadata (the CDK CLI sets `aws:cdk:disable-stack-trace` unless
// --debug; an App made in a test would otherwise capture one per resource). No test reads those traces.
process.env.CDK_VALIDATION = 'false';
process.env.CDK_CONTEXT_JSON = JSON.stringify({ ...JSON.parse(process.env.CDK_CONTEXT_JSON || '{}'), 'aws:cdk:disable-stack-trace': true });
