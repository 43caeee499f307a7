import * as cdk8s from 'cdk8s';
import { k8s } from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { NodeRole } from '../../constructs/self-hosted/platform/node-role';
import { fingerprintText } from '../../lib/plan/content-fingerprint';
import { CA_CERTIFICATE_KEY } from './kafka-ca-bundle-chart';

/** Props of KafkaCaCopyChart. */
export interface KafkaCaCopyChartProps {
  /** The Kafka namespace: where Strimzi keeps the cluster CA secrets, and where the copy runs. */
  readonly kafkaNamespace: string;
  /** The Strimzi Secret with the cluster CA certificate (`ca.crt`). */
  readonly caSecretName: string;
  /** trust-manager's trust namespace, which receives the copy and holds nothing else. */
  readonly trustNamespace: string;
  /** Name of the ConfigMap written there (the Bundle's source). */
  readonly configMapName: string;
  /** Image with `kubectl` as its entry point (kustomize built in), minor = the cluster's. */
  readonly kubectlImage: string;
  /**
   * When the copy is refreshed (Strimzi renews its CA well before expiry, 30 days by default).
   * @default '17 * * * *' (hourly)
   */
  readonly schedule?: string;
}

const NAME = 'kafka-ca-copy';
const BUNDLE_DIR = '/bundle';
const HOME = '/home/kubectl';

/**
 * Copies the Kafka cluster CA certificate — the `ca.crt` key only, never the CA key or a client credential — into a
 * ConfigMap of trust-manager's own trust namespace, so trust-manager needs no read access to the Kafka namespace,
 * where every SCRAM password and the CA key live. The copy runs once on deploy and then on a schedule, in the Kafka
 * namespace (a pod may mount a Secret of its own namespace only), under an account that may write that one ConfigMap
 * and nothing else. It is `kubectl apply -k` over a projected volume: a kustomization generating the ConfigMap from
 * the mounted certificate, so the image needs no shell.
 */
export class KafkaCaCopyChart extends cdk8s.Chart {
  constructor(scope: Construct, id: string, props: KafkaCaCopyChartProps) {
    super(scope, id);
    const kafka = props.kafkaNamespace;
    new k8s.KubeServiceAccount(this, 'Account', { metadata: { name: NAME, namespace: kafka }, automountServiceAccountToken: true });
    new k8s.KubeRole(this, 'Writer', {
      metadata: { name: NAME, namespace: props.trustNamespace },
      rules: [
        { apiGroups: [''], resources: ['configmaps'], resourceNames: [props.configMapName], verbs: ['get', 'patch', 'update'] },
        // `create` takes no resource names; the trust namespace holds nothing else to create next to.
        { apiGroups: [''], resources: ['configmaps'], verbs: ['create'] },
      ],
    });
    new k8s.KubeRoleBinding(this, 'WriterBinding', {
      metadata: { name: NAME, namespace: props.trustNamespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: NAME },
      subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: kafka }],
    });
    const kustomization = [
      `namespace: ${props.trustNamespace}`,
      'generatorOptions:',
      '  disableNameSuffixHash: true',
      'configMapGenerator:',
      `- name: ${props.configMapName}`,
      '  files:',
      `  - ${CA_CERTIFICATE_KEY}`,
      '',
    ].join('\n');
    new k8s.KubeConfigMap(this, 'Kustomization', { metadata: { name: NAME, namespace: kafka }, data: { 'kustomization.yaml': kustomization } });

    const pod: k8s.PodSpec = {
      serviceAccountName: NAME,
      restartPolicy: 'OnFailure',
      nodeSelector: NodeRole.SYSTEM.nodeSelector,
      securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{
        name: 'copy',
        image: props.kubectlImage,
        args: ['apply', '-k', BUNDLE_DIR, '--server-side', `--field-manager=${NAME}`, '--force-conflicts'],
        env: [{ name: 'HOME', value: HOME }],
        resources: { requests: { cpu: k8s.Quantity.fromString('50m'), memory: k8s.Quantity.fromString('64Mi') }, limits: { memory: k8s.Quantity.fromString('128Mi') } },
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
        volumeMounts: [{ name: 'bundle', mountPath: BUNDLE_DIR, readOnly: true }, { name: 'home', mountPath: HOME }],
      }],
      volumes: [
        {
          name: 'bundle',
          projected: {
            sources: [
              { configMap: { name: NAME, items: [{ key: 'kustomization.yaml', path: 'kustomization.yaml' }] } },
              { secret: { name: props.caSecretName, items: [{ key: CA_CERTIFICATE_KEY, path: CA_CERTIFICATE_KEY }] } },
            ],
          },
        },
        { name: 'home', emptyDir: { sizeLimit: k8s.Quantity.fromString('16Mi') } },
      ],
    };
    // The first copy on deploy: a Job's template is immutable, so its name carries the template's fingerprint.
    const fingerprint = fingerprintText(JSON.stringify({ pod, kustomization }), 'the Kafka CA copy job', 8);
    new k8s.KubeJob(this, 'FirstCopy', {
      metadata: { name: `${NAME}-${fingerprint}`, namespace: kafka },
      spec: { backoffLimit: 6, ttlSecondsAfterFinished: 3600, template: { spec: pod } },
    });
    new k8s.KubeCronJob(this, 'Refresh', {
      metadata: { name: NAME, namespace: kafka },
      spec: {
        schedule: props.schedule ?? '17 * * * *',
        timeZone: 'Etc/UTC',
        concurrencyPolicy: 'Forbid',
        successfulJobsHistoryLimit: 1,
        failedJobsHistoryLimit: 3,
        jobTemplate: { spec: { backoffLimit: 2, template: { spec: pod } } },
      },
    });
  }
}
