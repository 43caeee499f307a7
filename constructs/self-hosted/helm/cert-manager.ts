import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct, IDependable } from 'constructs';
import { PLATFORM_WORKLOADS } from '../../../lib/sizing/platform-pods';
import { NodeRole } from '../platform/node-role';
import { ContainerResources, PodPlacement, containerResources } from './common-values';
import { HelmAddOn } from './helm-add-on';
import { HelmChartVersion } from './helm-chart-version';

/** The values of the cert-manager chart this project sets. */
export interface CertManagerValues extends PodPlacement {
  /** CRDs installed (and kept on uninstall, so certificates survive a release removal). */
  readonly crds: { readonly enabled: boolean; readonly keep: boolean };
  readonly replicaCount: number;
  readonly resources: ContainerResources;
  readonly podDisruptionBudget: { readonly enabled: boolean };
  readonly webhook: PodPlacement & { readonly replicaCount: number; readonly podDisruptionBudget: { readonly enabled: boolean } };
  readonly cainjector: PodPlacement & { readonly replicaCount: number };
  readonly startupapicheck: PodPlacement;
}

/** Props of CertManager. */
export interface CertManagerProps {
  readonly cluster: eks.ICluster;
  /**
   * Replicas of the controller, webhook and CA injector (2 survive a node loss; the Flink operator's webhook depends
   * on the certificates they issue).
   * @default 2
   */
  readonly replicas?: number;
  /**
   * The chart.
   * @default HelmChartVersion.CERT_MANAGER
   */
  readonly chart?: HelmChartVersion;
  /** @default - nothing */
  readonly dependsOn?: IDependable[];
}

/** cert-manager with its CRDs, on the system nodes: issues the Flink operator's webhook certificate. */
export class CertManager extends HelmAddOn<CertManagerValues> {
  /** Namespace of the release. */
  public static readonly NAMESPACE = 'cert-manager';

  constructor(scope: Construct, id: string, props: CertManagerProps) {
    const replicas = props.replicas ?? PLATFORM_WORKLOADS.certManager.replicas;
    const placement: PodPlacement = { nodeSelector: NodeRole.SYSTEM.nodeSelector };
    super(scope, id, {
      cluster: props.cluster,
      chart: props.chart ?? HelmChartVersion.CERT_MANAGER,
      release: 'cert-manager',
      namespace: CertManager.NAMESPACE,
      dependsOn: props.dependsOn,
      values: {
        crds: { enabled: true, keep: true },
        replicaCount: replicas,
        resources: containerResources(PLATFORM_WORKLOADS.certManager.containers.controller, 2),
        podDisruptionBudget: { enabled: replicas > 1 },
        ...placement,
        webhook: { replicaCount: replicas, podDisruptionBudget: { enabled: replicas > 1 }, ...placement },
        cainjector: { replicaCount: replicas, ...placement },
        startupapicheck: placement,
      },
    });
  }
}
