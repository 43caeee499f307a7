import { Flavor } from '../../lib/flavor';
import { checkedApp, findingsAt } from '../policy/support/aws-solutions-report';
import { ORDERS_WITH_LOAD } from './load-fixtures';

/** cdk-nag's AwsSolutions pack over both flavors' stacks of a pipeline with a load generator. */
describe('AwsSolutions checks with a load generator', () => {
  const app = checkedApp('staging', () => undefined, ORDERS_WITH_LOAD);

  test('synthesis passes the checks', () => {
    expect(app.synthError?.message).toBeUndefined();
  });

  test.each(Flavor.ALL.map((f) => `orders-staging-${f.id}`))('%s: no unacknowledged error', (stackName) => {
    expect(app.stacks.map((s) => s.stackName)).toContain(stackName);
    expect(findingsAt(app.violations, stackName)).toEqual([]);
  });
});
