import { Testing } from 'cdk8s';
import { NamespacesChart } from '../../charts/namespaces-chart';

describe('namespaces', () => {
  const objects = Testing.synth(new NamespacesChart(Testing.app(), 'namespaces', {
    namespaces: [{ name: 'other' }, { name: 'orders', podSecurity: 'restricted' }, { name: 'team-a', podSecurity: 'restricted' }],
  })) as Array<{ metadata: { name: string; labels: Record<string, string> } }>;
  const labels = (name: string) => objects.find((o) => o.metadata.name === name)?.metadata.labels;

  test('pipeline and tenant namespaces enforce Pod Security restricted', () => {
    for (const name of ['orders', 'team-a']) {
      expect(labels(name)).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted' });
    }
  });

  test('a namespace without a level enforces baseline and warns and audits on restricted', () => {
    expect(labels('other')).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted' });
  });
});
