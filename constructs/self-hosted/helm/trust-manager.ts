import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct, IDependable } from 'constructs';
import { NodeRole } from '../platform/node-role';
import { PodPlacement } from './common-values';
import { HelmAddOn } from './helm-add-on';
import { HelmChartVersion } from './helm-chart-version';

/** The values of the trust-manager chart this project sets. */
export interface TrustManagerValues extends PodPlacement {
  readonly crds: { readonly enabled: boolean };
  /** The namespace Bundle sources (secrets, config maps) are read from. */
  readonly app: { readonly trust: { readonly namespace: string } };
}

/** Props of TrustManager. */
export interface TrustManagerProps {
  readonly cluster: eks.ICluster;
  /**
   * Where the certificates to distribute live. trust-manager may read every Secret and ConfigMap there: give it a
   * namespace that holds only the certificates (a copy of the Kafka CA), never the Kafka namespace.
   */
  readonly trustNamespace: string;
  /** Must include cert-manager (it issues trust-manager's webhook certificate) and the trust namespace. */
  readonly dependsOn: IDependable[];
  /**
   * The chart.
   * @default HelmChartVersion.TRUST_MANAGER
   */
  readonly chart?: HelmChartVersion;
}

/**
 * cert-manager's trust-manager with its `Bundle` CRD: keeps a copy of a CA certificate in a ConfigMap of every selected
 * namespace, and updates the copies when the source changes (Strimzi renews its cluster CA). Secrets cannot be mounted
 * across namespaces, so this is how session clusters in tenant namespaces trust the pipeline's Kafka.
 */
export class TrustManager extends HelmAddOn<TrustManagerValues> {
  constructor(scope: Construct, id: string, props: TrustManagerProps) {
    super(scope, id, {
      cluster: props.cluster,
      chart: props.chart ?? HelmChartVersion.TRUST_MANAGER,
      release: 'trust-manager',
      namespace: 'cert-manager',
      dependsOn: props.dependsOn,
      values: {
        crds: { enabled: true },
        app: { trust: { namespace: props.trustNamespace } },
        nodeSelector: NodeRole.SYSTEM.nodeSelector,
      },
    });
  }
}
