import * as cdk8s from 'cdk8s';
import { k8s } from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { FLINK_SERVICE_ACCOUNT_PREFIX } from '../../lib/plan/kubernetes-names';

/** Label of the namespaces whose workloads the isolation policy confines (value {@link WORKLOAD_ISOLATION_ENFORCED}). */
export const WORKLOAD_ISOLATION_LABEL = 'pipelines.aws/workload-isolation';
/** Value of {@link WORKLOAD_ISOLATION_LABEL} that turns the policy on. */
export const WORKLOAD_ISOLATION_ENFORCED = 'enforced';
/** Name of the policy and of its binding. */
export const WORKLOAD_ISOLATION_POLICY = 'pipeline-workload-isolation';

/** One rule of the policy: a CEL expression that must hold, and what the API server answers when it does not. */
export interface IsolationRule {
  readonly expression: string;
  readonly message: string;
}

/**
 * The policy's variables, in evaluation order. `states` is every version of the object the request touches (the new
 * one on create, the old and the new on update, the old one on delete), so a workload cannot take over another's
 * object by relabelling it, nor delete it. `podSpecs` are the pod specs among them (a Pod's, a Deployment's template).
 */
export const ISOLATION_VARIABLES: ReadonlyArray<{ readonly name: string; readonly expression: string }> = [
  { name: 'account', expression: "request.userInfo.username.substring(size('system:serviceaccount:' + request.namespace + ':'))" },
  {
    name: 'states',
    expression: "request.operation == 'DELETE' ? [oldObject] : request.operation == 'UPDATE' ? [oldObject, object] : [object]",
  },
  {
    name: 'podSpecs',
    expression: "request.resource.resource == 'pods' ? variables.states.map(o, o.spec) : request.resource.resource == 'deployments' ? variables.states.map(o, o.spec.template.spec) : []",
  },
];

/** A container of a pod spec reads no Secret through its environment. */
const NO_SECRET_ENV = "(!has(c.env) || c.env.all(e, !has(e.valueFrom) || !has(e.valueFrom.secretKeyRef))) && (!has(c.envFrom) || c.envFrom.all(e, !has(e.secretRef)))";

/** The rules, each evaluated on every request the policy matches. */
export const ISOLATION_RULES: readonly IsolationRule[] = [
  {
    expression: 'variables.podSpecs.all(s, has(s.serviceAccountName) && s.serviceAccountName == variables.account)',
    message: 'a workload may create, change or delete only pods and deployments that run under its own service account',
  },
  {
    expression: 'variables.podSpecs.all(s, (!has(s.volumes) || s.volumes.all(v, !has(v.secret) && (!has(v.projected) || v.projected.sources.all(p, !has(p.secret))))) '
      + `&& s.containers.all(c, ${NO_SECRET_ENV}) && (!has(s.initContainers) || s.initContainers.all(c, ${NO_SECRET_ENV})))`,
    message: 'a pod or deployment created by a workload may not mount or read Secrets: its credentials come from its own service account',
  },
  {
    expression: `request.resource.resource != 'configmaps' || variables.states.all(o, has(o.metadata.labels) && 'app' in o.metadata.labels && '${FLINK_SERVICE_ACCOUNT_PREFIX}' + o.metadata.labels['app'] == variables.account)`,
    message: `a workload may write only the ConfigMaps of its own Flink cluster (labelled app: <cluster>, written by the account ${FLINK_SERVICE_ACCOUNT_PREFIX}<cluster>)`,
  },
];

/** Only requests of a service account of the namespace being written: the operator, controllers and people pass through. */
export const ISOLATION_MATCH_CONDITION = "request.userInfo.username.startsWith('system:serviceaccount:' + request.namespace + ':')";

/**
 * Confines every service account of a labelled namespace (pipeline and tenant namespaces) to its own workload. The
 * Flink operator chart binds all JobManagers of a namespace to one Role that may create and change pods, ConfigMaps and
 * Deployments there — what native Kubernetes mode needs to start TaskManagers and keep its high-availability ConfigMaps,
 * and what RBAC cannot narrow (`create` takes no resource names; TaskManager pods and HA ConfigMaps have generated names).
 * This `ValidatingAdmissionPolicy` (admissionregistration.k8s.io/v1, Kubernetes ≥ 1.30) closes what that Role leaves
 * open between jobs: a workload may write only pods and deployments running under its own account and mounting no
 * Secret, and only the ConfigMaps Flink labels with its own cluster (so no job's SQL ConfigMap, which carries no such
 * label). Requests from the operator, controllers and kubectl are not service accounts of that namespace and pass.
 */
export class WorkloadIsolationChart extends cdk8s.Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const operations = ['CREATE', 'UPDATE', 'DELETE'];
    new k8s.KubeValidatingAdmissionPolicy(this, 'Policy', {
      metadata: { name: WORKLOAD_ISOLATION_POLICY },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          namespaceSelector: { matchLabels: { [WORKLOAD_ISOLATION_LABEL]: WORKLOAD_ISOLATION_ENFORCED } },
          resourceRules: [
            { apiGroups: [''], apiVersions: ['v1'], operations, resources: ['pods', 'configmaps'] },
            { apiGroups: ['apps'], apiVersions: ['v1'], operations, resources: ['deployments'] },
          ],
        },
        matchConditions: [{ name: 'workload-of-the-namespace', expression: ISOLATION_MATCH_CONDITION }],
        variables: ISOLATION_VARIABLES.map((v) => ({ ...v })),
        validations: ISOLATION_RULES.map((r) => ({ expression: r.expression, message: r.message, reason: 'Forbidden' })),
      },
    });
    new k8s.KubeValidatingAdmissionPolicyBinding(this, 'Binding', {
      metadata: { name: WORKLOAD_ISOLATION_POLICY },
      spec: { policyName: WORKLOAD_ISOLATION_POLICY, validationActions: ['Deny'] },
    });
  }
}
