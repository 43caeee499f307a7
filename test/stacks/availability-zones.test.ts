import { addPipelineStacks } from '../../lib/app/pipeline-app';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { environment, testApp } from '../support/test-app';

describe('availability zones', () => {
  // One synth of both flavors' platform and pipeline stacks, without the cdk.context.json the CLI would pass.
  const app = testApp();
  const { stacks } = addPipelineStacks(app, ORDERS_PIPELINE);
  const assembly = app.synth();

  test('every stack uses the environment\'s zones, so synthesis looks nothing up (no context file needed)', () => {
    expect(assembly.manifest.missing ?? []).toEqual([]);
    for (const stack of stacks) expect(stack.availabilityZones).toEqual(environment('dev').availabilityZones);
  });
});
