// The benchmark's baseline: an empty CDK app (one stack without resources: the CLI refuses an app without stacks), run
// through the same CLI and the same ts-node command as bin/pipelines.ts.
import { App, Stack } from 'aws-cdk-lib';

const app = new App();
new Stack(app, 'Empty', { env: { account: '111111111111', region: 'us-east-1' } });
app.synth();
