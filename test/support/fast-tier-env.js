// The fast tier's environment (jest.config.js `setupFiles`): synthesis without aws-cdk-lib's built-in CloudFormation
// validator, as the repository's `cdk synth` runs (cdk.json). The validator's own test runs in the slow tier.
process.env.CDK_VALIDATION = 'false';
