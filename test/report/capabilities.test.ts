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

describe('the capability report says what schema and raw-retention code does', () => {
  const row = (name: string) => capabilityMatrix().find((r) => r.capability === name);

  test('both flavors use the Glue Schema Registry; neither claims a Confluent registry it does not run', () => {
    expect(row('Schema registry')?.selfHosted).toContain('AWS Glue Schema Registry through the jobs\' IRSA roles');
    expect(row('Schema registry')?.managed).toContain('AWS Glue Schema Registry through the MSF application role');
    expect(row('Schema registry')?.selfHosted).toContain('no Confluent-compatible registry is run on EKS');
  });

  test('raw retention: MSK tiered storage on managed, refused on self-hosted as the validation rules do', () => {
    expect(row('Raw data retention')?.managed).toContain('MSK tiered storage on provisioned Standard brokers (Kafka ≥ 3.6)');
    expect(row('Raw data retention')?.selfHosted).toContain('rawRetention is refused');
  });
});
