// The benchmark's baseline: an empty CDK app with one queue, run through the same CLI, the same ts-node command and the
// same CDK_VALIDATION setting as bin/pipelines.ts (what is measured is the library, not the toolchain).
import { App, Stack, aws_sqs as sqs } from 'aws-cdk-lib';

// The context a pipeline app's App starts from (no stack trace per resource), as the other cases have it.
const app = new App({ context: require('./app-context.js') });
const stack = new Stack(app, 'Empty', { env: { account: '111111111111', region: 'us-east-1' } });
new sqs.Queue(stack, 'Queue');
app.synth();
