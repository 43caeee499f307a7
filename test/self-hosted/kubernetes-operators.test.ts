import { Stack } from 'aws-cdk-lib';
import { HelmChartVersion } from '../../constructs/self-hosted/helm/helm-chart-version';
import { KubernetesOperators } from '../../constructs/self-hosted/helm/kubernetes-operators';
import { helmRelease, manifestOf } from './support/template-objects';
import { platformStack } from './support/platform-stack';

const { template, platform } = platformStack();
const certManager = helmRelease(template, 'cert-manager');
const flinkOperator = helmRelease(template, 'flink-kubernetes-operator');
const strimzi = helmRelease(template, 'strimzi-kafka-operator');

describe('operators via Helm', () => {
  test('cert-manager: pinned, CRDs installed and kept, highly available on system nodes', () => {
    expect(certManager).toMatchObject({ chart: 'cert-manager', version: 'v1.20.3', repository: 'https://charts.jetstack.io', namespace: 'cert-manager', wait: true });
    expect(certManager.values).toMatchObject({ crds: { enabled: true, keep: true }, replicaCount: 2, nodeSelector: { 'pipelines.aws/node-role': 'system' }, webhook: { replicaCount: 2 } });
  });

  test('Flink Kubernetes Operator 1.15.0 from the Apache archive, webhook on, watching the pipeline namespaces', () => {
    expect(flinkOperator).toMatchObject({
      chart: 'flink-kubernetes-operator',
      version: '1.15.0',
      // downloads.apache.org drops 1.15.0 once 1.16 is released; the archive keeps every release.
      repository: 'https://archive.apache.org/dist/flink/flink-kubernetes-operator-1.15.0/',
      namespace: 'flink-operator',
      wait: true,
    });
    expect(flinkOperator.values).toMatchObject({
      watchNamespaces: ['orders', 'team-a'],
      webhook: { create: true },
      jobServiceAccount: { create: false },
      rbac: { jobRole: { create: true, name: 'flink' }, jobRoleBinding: { create: false } },
    });
  });

  test('every Flink operator chart, pinned or overridden, comes from the archive (never the current-releases mirror)', () => {
    expect(HelmChartVersion.flinkKubernetesOperator('1.14.0')).toMatchObject({
      repository: 'https://archive.apache.org/dist/flink/flink-kubernetes-operator-1.14.0/', chart: 'flink-kubernetes-operator', version: '1.14.0',
    });
    expect(JSON.stringify(template.toJSON())).not.toContain('downloads.apache.org');
  });

  test('Strimzi 1.2.0 from its OCI registry, operator memory raised above the 384Mi that OOMs', () => {
    expect(strimzi).toMatchObject({ version: '1.2.0', repository: 'oci://quay.io/strimzi-helm/strimzi-kafka-operator', namespace: 'strimzi', wait: true });
    expect(strimzi.values).toMatchObject({
      watchNamespaces: ['kafka'],
      watchAnyNamespace: false,
      resources: { requests: { memory: '768Mi' }, limits: { memory: '768Mi' } },
    });
  });

  test('the Flink operator is installed after cert-manager', () => {
    expect(flinkOperator.dependsOn).toContain(certManager.logicalId);
  });

  test('every operator waits for the system nodes and the namespaces it watches', () => {
    const namespaces = manifestOf(template, 'Namespace', 'orders').logicalId;
    const [systemNodes] = Object.entries(template.toJSON().Resources as Record<string, { Type: string; Properties: { Labels?: Record<string, string> } }>)
      .find(([, r]) => r.Type === 'AWS::EKS::Nodegroup' && r.Properties.Labels?.['pipelines.aws/node-role'] === 'system') ?? [];
    for (const release of [certManager, flinkOperator, strimzi]) {
      expect(release.dependsOn).toEqual(expect.arrayContaining([String(systemNodes)]));
    }
    for (const release of [flinkOperator, strimzi]) expect(release.dependsOn).toContain(namespaces);
  });

  test('Strimzi gives the pods it creates (Kafka, entity operator, exporter, Cruise Control) its restricted security contexts', () => {
    expect(strimzi.values).toMatchObject({ extraEnvs: [{ name: 'STRIMZI_POD_SECURITY_PROVIDER_CLASS', value: 'restricted' }] });
  });

  test('the Flink operator and its webhook run with the security contexts Pod Security restricted requires', () => {
    const restrictedContainer = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
    expect(flinkOperator.values).toMatchObject({
      podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      operatorSecurityContext: restrictedContainer,
      webhookSecurityContext: restrictedContainer,
    });
  });

  test('fails if a watched namespace is one the operators or the cluster own', () => {
    const stack = new Stack();
    expect(() => new KubernetesOperators(stack, 'Operators', { cluster: platform.cluster, flinkNamespaces: ['orders', 'strimzi'], kafkaNamespaces: ['kube-system'], dependsOn: [] }))
      .toThrow('KubernetesOperators: watched namespace(s) strimzi, kube-system are reserved for the operators and the cluster — use the pipeline\'s own namespace');
  });
});
