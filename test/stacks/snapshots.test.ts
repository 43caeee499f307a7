import { Template } from 'aws-cdk-lib/assertions';
import { addPipelineStacks } from '../../lib/app/pipeline-app';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { ENVIRONMENT_NAMES, snapshotOf, testApp } from '../support/test-app';

// One snapshot per flavor × environment of the example pipeline; fine-grained assertions live beside each construct.
describe.each(ENVIRONMENT_NAMES)('snapshots of %s', (env) => {
  const { stacks } = addPipelineStacks(testApp({ env, flavor: 'both' }), ORDERS_PIPELINE);
  test.each(stacks.map((s) => [s.flavor.id, s] as const))('%s stack', (_flavor, stack) => {
    expect(snapshotOf(Template.fromStack(stack))).toMatchSnapshot();
  });
});
