import { capabilityMatrix } from '../../lib/report/capabilities';
import { Flavor } from '../../lib/flavor';
import { examplePlan, exampleWith } from '../support/test-app';

const batchRow = capabilityMatrix().find((row) => row.capability === 'Scheduled (batch) runs');

describe('the capability report says what the batch code does', () => {
  test('self-hosted: resume of the suspended FlinkDeployment, a failure signal, no claim of a suspend between runs or of nodes at zero regardless', () => {
    expect(batchRow?.selfHosted).toContain('resumes the suspended, stateless FlinkDeployment');
    expect(batchRow?.selfHosted).toContain('FINISHED and fails the Kubernetes Job otherwise');
    expect(batchRow?.selfHosted).not.toMatch(/suspend\/resume|nodes scale to zero in between/);
  });

  test('managed: stopped when the job finished, the window end only as the latest stop', () => {
    expect(batchRow?.managed).toContain('stopped when the job logs FINISHED');
  });

  test('"zero nodes when there are none" holds: a pipeline of batch jobs only has a Flink node group with minimum 0', () => {
    const batchOnly = exampleWith((d) => { d.jobs = d.jobs.filter((j) => j.name === 'customers-nightly'); });
    expect(examplePlan('prod', [Flavor.SELF_HOSTED], batchOnly).sizing.nodeGroups.flink.min).toBe(0);
    expect(examplePlan('prod', [Flavor.SELF_HOSTED]).sizing.nodeGroups.flink.min).toBeGreaterThan(0);
  });
});
