import * as cdk8s from 'cdk8s';
import { k8s } from 'cdk8s-plus-34';
import { Construct } from 'constructs';

/** The Kubernetes user the managed scraper's role is mapped to (its EKS access entry). */
export const MANAGED_SCRAPER_USER = 'aps-collector-user';

/**
 * What the Amazon Managed Prometheus scraper may read in the cluster, bound to the user its access entry maps its role
 * to: discovery of pods and nodes, and the kubelets' metrics through the API server's node proxy. Read-only.
 */
export class PrometheusScraperAccessChart extends cdk8s.Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const role = new k8s.KubeClusterRole(this, 'Role', {
      metadata: { name: 'aps-collector-role' },
      rules: [
        { apiGroups: [''], resources: ['nodes', 'nodes/proxy', 'nodes/metrics', 'services', 'endpoints', 'pods', 'configmaps'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
        { nonResourceUrLs: ['/metrics'], verbs: ['get'] },
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'Binding', {
      metadata: { name: 'aps-collector-user-role-binding' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.name },
      subjects: [{ kind: 'User', name: MANAGED_SCRAPER_USER, apiGroup: 'rbac.authorization.k8s.io' }],
    });
  }
}
