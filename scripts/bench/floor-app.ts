// The benchmark's floor: the empty app (one queue) after loading everything bin/pipelines.ts loads (the library and
// the example pipeline), creating none of it: what a synth of the default environment costs before any construct work.
import { App, Stack, aws_sqs as sqs } from 'aws-cdk-lib';
import '../../lib';
import '../../lib/app/run-pipeline-app';
import '../../lib/examples/orders-pipeline';

// The context a pipeline app's App starts from (no stack trace per resource), as the other cases have it.
const app = new App({ context: require('./app-context.js') });
const stack = new Stack(app, 'Empty', { env: { account: '111111111111', region: 'us-east-1' } });
new sqs.Queue(stack, 'Queue');
app.synth();
