import { CA_CERTIFICATE_KEY } from '../../charts/kafka/kafka-ca-bundle-chart';
import { kafkaTrustNamespace } from '../../constructs/self-hosted/self-hosted-platform';
import { synthSelfHostedPlatform } from './support/self-hosted-stacks';
import { K8sObject } from './support/stack-values';
import { appliedObjects, helmRelease, manifestOf, objectOf } from './support/template-objects';

/**
 * Item 9 of issue 19: trust-manager's chart lets it read every Secret of its trust namespace. That namespace must hold
 * the Kafka CA certificate and nothing else — not the Kafka namespace with every SCRAM password and the CA key.
 */
const { template } = synthSelfHostedPlatform('prod');
const objects = appliedObjects(template);
const trustNamespace = (helmRelease(template, 'trust-manager').values as { app: { trust: { namespace: string } } }).app.trust.namespace;
type PodSpec = { serviceAccountName: string; volumes: Array<{ name: string; projected?: { sources: Array<Record<string, { name: string; items: Array<{ key: string }> }>> } }>; containers: Array<{ args: string[] }> };

describe('trust-manager\'s trust namespace', () => {
  test('is a namespace of its own, not the Kafka namespace', () => {
    expect(trustNamespace).toBe(kafkaTrustNamespace('kafka'));
    expect(trustNamespace).not.toBe('kafka');
    expect(objectOf(template, 'Namespace', trustNamespace).metadata?.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted' });
  });

  test('holds no Secret and runs nothing: only the copier\'s write access lands there', () => {
    const inTrust = objects.filter((o) => o.metadata?.namespace === trustNamespace);
    expect(inTrust.map((o) => `${o.kind}/${o.metadata?.name}`).sort()).toEqual(['Role/kafka-ca-copy', 'RoleBinding/kafka-ca-copy']);
  });

  test('the Bundle\'s only source is the certificate copy there (a ConfigMap, never a Secret)', () => {
    const bundle = objectOf(template, 'Bundle', 'data-platform-prod-kafka-ca') as K8sObject;
    expect(bundle.spec.sources).toEqual([{ configMap: { name: 'data-platform-prod-kafka-ca-source', key: CA_CERTIFICATE_KEY } }]);
  });
});

describe('the copy of the CA certificate', () => {
  const cronJob = objectOf(template, 'CronJob', 'kafka-ca-copy') as K8sObject;
  const firstCopy = objects.find((o) => o.kind === 'Job' && String(o.metadata?.name).startsWith('kafka-ca-copy-')) as K8sObject | undefined;
  const pod = (cronJob.spec as { jobTemplate: { spec: { template: { spec: PodSpec } } } }).jobTemplate.spec.template.spec;

  test('runs once on deploy and hourly, with the same pod', () => {
    expect((firstCopy?.spec as { template: { spec: PodSpec } }).template.spec).toEqual(pod);
    expect(cronJob.spec.schedule).toBe('17 * * * *');
  });

  test('mounts the ca.crt key of the Strimzi CA certificate secret only (not the CA key secret, not a client credential)', () => {
    const secrets = pod.volumes.flatMap((v) => v.projected?.sources ?? []).filter((s) => s.secret !== undefined).map((s) => s.secret);
    expect(secrets).toEqual([{ name: 'data-platform-prod-cluster-ca-cert', items: [{ key: CA_CERTIFICATE_KEY, path: CA_CERTIFICATE_KEY }] }]);
  });

  test('writes the one ConfigMap through kustomize, with no shell in the image', () => {
    expect(pod.containers[0].args.slice(0, 3)).toEqual(['apply', '-k', '/bundle']);
    const kustomization = (objectOf(template, 'ConfigMap', 'kafka-ca-copy') as K8sObject).data?.['kustomization.yaml'];
    expect(kustomization).toContain(`namespace: ${trustNamespace}`);
    expect(kustomization).toContain('- name: data-platform-prod-kafka-ca-source');
  });

  test('its account may write that ConfigMap in the trust namespace and nothing else', () => {
    const role = objectOf(template, 'Role', 'kafka-ca-copy') as unknown as { metadata: { namespace: string }; rules: unknown[] };
    expect(role.metadata.namespace).toBe(trustNamespace);
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['data-platform-prod-kafka-ca-source'], verbs: ['get', 'patch', 'update'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['create'] },
    ]);
    expect(objects.filter((o) => (o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding') && JSON.stringify(o).includes('"name":"kafka-ca-copy","namespace":"kafka"')).map((o) => `${o.kind}/${o.metadata?.namespace}`)).toEqual([`RoleBinding/${trustNamespace}`]);
  });

  test('runs after the Kafka cluster exists, and the Bundle after the copy', () => {
    expect(manifestOf(template, 'CronJob', 'kafka-ca-copy').dependsOn).toContain(manifestOf(template, 'Kafka', 'data-platform-prod').logicalId);
  });
});
