import { synthSelfHostedPlatform } from './support/self-hosted-stacks';
import { appliedObjects, helmRelease, manifestOf, objectOf } from './support/template-objects';

/**
 * Item 12 of issue 19: the Kafka namespace enforced only Pod Security `baseline` and the operators' namespaces (created
 * by Helm) had no Pod Security labels at all.
 */
const { template } = synthSelfHostedPlatform('prod');
const RESTRICTED = { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted' };
const RESTRICTED_NAMESPACES = ['kafka', 'strimzi', 'flink-operator', 'cert-manager'];

type Container = { securityContext?: { allowPrivilegeEscalation?: boolean; capabilities?: { drop?: string[] }; runAsNonRoot?: boolean; seccompProfile?: { type: string } } };
type PodSpec = { securityContext?: { runAsNonRoot?: boolean; seccompProfile?: { type: string } }; containers: Container[]; initContainers?: Container[] };

/** The pod spec of a workload object, if it is one. */
function podSpecOf(object: { kind?: string; spec?: unknown }): PodSpec | undefined {
  const spec = object.spec as { template?: { spec: PodSpec }; jobTemplate?: { spec: { template: { spec: PodSpec } } } } | undefined;
  if (object.kind === 'CronJob') return spec?.jobTemplate?.spec.template.spec;
  if (['Job', 'Deployment', 'StatefulSet', 'DaemonSet'].includes(object.kind ?? '')) return spec?.template?.spec;
  return undefined;
}

describe('Pod Security admission on the platform namespaces', () => {
  test.each(RESTRICTED_NAMESPACES)('namespace %s enforces, warns and audits restricted', (name) => {
    expect(objectOf(template, 'Namespace', name).metadata?.labels).toMatchObject(RESTRICTED);
  });

  test('the operator namespaces are ours (labelled) and exist before every operator release, trust-manager included', () => {
    const namespaces = manifestOf(template, 'Namespace', 'kafka').logicalId;
    for (const name of RESTRICTED_NAMESPACES) expect(manifestOf(template, 'Namespace', name).logicalId).toBe(namespaces);
    for (const release of ['cert-manager', 'trust-manager', 'flink-kubernetes-operator', 'strimzi-kafka-operator']) {
      expect(helmRelease(template, release).dependsOn).toContain(namespaces);
    }
  });

  test('every pod we apply into a restricted platform namespace meets restricted (the Kafka CA copy job)', () => {
    const pods = appliedObjects(template)
      .filter((o) => RESTRICTED_NAMESPACES.includes(o.metadata?.namespace ?? ''))
      .map((o) => ({ name: `${o.metadata?.namespace}/${o.kind}/${o.metadata?.name}`, pod: podSpecOf(o as { kind?: string; spec?: unknown }) }))
      .filter((p): p is { name: string; pod: PodSpec } => p.pod !== undefined);
    expect(pods.map((p) => p.name).sort()).toEqual(['kafka/CronJob/kafka-ca-copy', expect.stringMatching(/^kafka\/Job\/kafka-ca-copy-/)]);
    for (const { pod } of pods) {
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
        expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
      }
    }
  });
});
