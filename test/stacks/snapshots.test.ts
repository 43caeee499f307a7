import { Template } from 'aws-cdk-lib/assertions';
import { addPipelineStacks } from '../../lib/app/pipeline-app';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { ENVIRONMENT_NAMES, snapshotOf, testApp } from '../support/test-app';

// One snapshot per stack (platform and pipeline) × flavor × environment of the example; fine-grained assertions live
// beside each construct.
describe.each(ENVIRONMENT_NAMES)('snapshots of %s', (env) => {
  const { stacks } = addPipelineStacks(testApp({ env, flavor: 'both' }), ORDERS_PIPELINE);
  test.each(stacks.map((s) => [s.stackName, s] as const))('%s', (_name, stack) => {
    expect(snapshotOf(Template.fromStack(stack))).toMatchSnapshot();
  });
});
