import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct, IDependable } from 'constructs';
import { PLATFORM_WORKLOADS } from '../../../lib/sizing/platform-pods';
import { NodeRole } from '../platform/node-role';
import { ContainerResources, PodPlacement, containerResources } from './common-values';
import { HelmAddOn } from './helm-add-on';
import { HelmChartVersion } from './helm-chart-version';

const RESTRICTED_CONTAINER = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };

/** The values of the Flink Kubernetes Operator chart this project sets. */
export interface FlinkOperatorValues {
  /** Namespaces with FlinkDeployments / FlinkSessionJobs (they must exist before the chart: they get Roles). */
  readonly watchNamespaces: string[];
  /** Job pods run under per-job service accounts of the pipeline charts (each bound to its own IAM role). */
  readonly jobServiceAccount: { readonly create: boolean };
  readonly rbac: {
    readonly create: boolean;
    /** The Role JobManagers need (pods, config maps, HA leases) in each watched namespace. */
    readonly jobRole: { readonly create: boolean; readonly name: string };
    /** Off: the pipeline charts bind `jobRole` to their own service accounts. */
    readonly jobRoleBinding: { readonly create: boolean };
  };
  readonly operatorPod: PodPlacement & { readonly resources: ContainerResources; readonly webhook: { readonly resources: ContainerResources } };
  /** The validating/mutating webhook (its certificate is issued by cert-manager). */
  readonly webhook: { readonly create: boolean };
  /** Security context of the operator pod (the chart's sets only the user and group). */
  readonly podSecurityContext: Record<string, unknown>;
  /** Security contexts of the operator and webhook containers (the chart's are empty). */
  readonly operatorSecurityContext: Record<string, unknown>;
  readonly webhookSecurityContext: Record<string, unknown>;
}

/** Props of FlinkKubernetesOperator. */
export interface FlinkKubernetesOperatorProps {
  readonly cluster: eks.ICluster;
  /** Namespaces with Flink deployments. */
  readonly watchNamespaces: string[];
  /**
   * What the operator needs first. Include cert-manager: the chart creates a cert-manager `Certificate` and `Issuer`
   * for its webhook and fails without cert-manager's CRDs and webhook.
   */
  readonly dependsOn: IDependable[];
  /**
   * The chart.
   * @default HelmChartVersion.FLINK_KUBERNETES_OPERATOR
   */
  readonly chart?: HelmChartVersion;
}

/**
 * The Apache Flink Kubernetes Operator with its CRDs and admission webhook, on the system nodes. One replica: the
 * operator is a reconciler — running jobs continue while it restarts.
 */
export class FlinkKubernetesOperator extends HelmAddOn<FlinkOperatorValues> {
  /** Namespace of the release. */
  public static readonly NAMESPACE = 'flink-operator';
  /** The Role the chart creates in each watched namespace for JobManagers. */
  public static readonly JOB_ROLE = 'flink';

  constructor(scope: Construct, id: string, props: FlinkKubernetesOperatorProps) {
    super(scope, id, {
      cluster: props.cluster,
      chart: props.chart ?? HelmChartVersion.FLINK_KUBERNETES_OPERATOR,
      release: 'flink-kubernetes-operator',
      namespace: FlinkKubernetesOperator.NAMESPACE,
      dependsOn: props.dependsOn,
      values: {
        watchNamespaces: [...props.watchNamespaces],
        jobServiceAccount: { create: false },
        rbac: { create: true, jobRole: { create: true, name: FlinkKubernetesOperator.JOB_ROLE }, jobRoleBinding: { create: false } },
        operatorPod: {
          nodeSelector: NodeRole.SYSTEM.nodeSelector,
          resources: containerResources(PLATFORM_WORKLOADS.flinkOperator.containers.operator),
          webhook: { resources: containerResources(PLATFORM_WORKLOADS.flinkOperator.containers.webhook) },
        },
        webhook: { create: true },
        // What Pod Security `restricted` requires, so the operator's namespace can enforce it: the chart's defaults
        // set only the user and group (no seccomp profile, privilege escalation allowed, default capabilities).
        podSecurityContext: { runAsUser: 9999, runAsGroup: 9999, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
        operatorSecurityContext: RESTRICTED_CONTAINER,
        webhookSecurityContext: RESTRICTED_CONTAINER,
      },
    });
  }
}
