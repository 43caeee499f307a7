import * as cdk8s from 'cdk8s';
import { Construct } from 'constructs';

/** Props of KafkaCaBundleChart. */
export interface KafkaCaBundleChartProps {
  /** Name of the Bundle and of the ConfigMap it writes into each target namespace. */
  readonly bundleName: string;
  /** The ConfigMap with the cluster CA certificate (`ca.crt`) in trust-manager's trust namespace (a copy: KafkaCaCopyChart). */
  readonly sourceConfigMapName: string;
  /** Labels that select the namespaces receiving the copy. */
  readonly targetNamespaceLabels: Record<string, string>;
}

/** Key of the CA certificate in the source secret and in the copies. */
export const CA_CERTIFICATE_KEY = 'ca.crt';

/**
 * A trust-manager `Bundle` (`trust.cert-manager.io/v1alpha1`, cluster-scoped) that copies the Kafka cluster CA
 * certificate into a ConfigMap of every namespace with the given labels. No typed import: the Bundle CRD is not among
 * the vendored CRDs, so this object is written out field by field.
 */
export class KafkaCaBundleChart extends cdk8s.Chart {
  constructor(scope: Construct, id: string, props: KafkaCaBundleChartProps) {
    super(scope, id);
    new cdk8s.ApiObject(this, 'Bundle', {
      apiVersion: 'trust.cert-manager.io/v1alpha1',
      kind: 'Bundle',
      metadata: { name: props.bundleName },
      spec: {
        sources: [{ configMap: { name: props.sourceConfigMapName, key: CA_CERTIFICATE_KEY } }],
        target: { configMap: { key: CA_CERTIFICATE_KEY }, namespaceSelector: { matchLabels: { ...props.targetNamespaceLabels } } },
      },
    });
  }
}
