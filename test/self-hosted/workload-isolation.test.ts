import { WORKLOAD_ISOLATION_POLICY } from '../../charts/platform/workload-isolation-chart';
import { PipelineEnvironment } from '../../lib/environment/pipeline-environment';
import { AdmissionRequest, admit } from './support/admission-policies';
import { synthSelfHosted, synthSelfHostedPlatform } from './support/self-hosted-stacks';
import { K8sObject, objectsOfKind } from './support/stack-values';
import { appliedObjects } from './support/template-objects';

/**
 * Item 7 of issue 19: a job must not act as another job of its pipeline. Every JobManager is bound to the operator's
 * shared `flink` Role (pods, ConfigMaps, Deployments of the namespace); the platform's admission policy decides what
 * each account may do with it. These tests run the policy as synthesized against the requests a job could make.
 */
const TENANT = 'team-a';
const withTenant = (env: PipelineEnvironment): PipelineEnvironment => ({ ...env, selfHosted: { ...env.selfHosted, sessionClusterTenants: [TENANT] } });

const pipeline = synthSelfHosted('prod');
const platform = synthSelfHostedPlatform('prod', withTenant);
const platformObjects = appliedObjects(platform.template);
const namespace = pipeline.stack.plan.names.namespace;
const deployments = objectsOfKind(pipeline.template, 'FlinkDeployment', namespace);
const [own, other] = deployments.map((d) => ({ name: String(d.metadata?.name), account: String(d.spec.serviceAccount) }));

function namespaceLabels(name: string): Record<string, string> {
  const ns = platformObjects.find((o) => o.kind === 'Namespace' && o.metadata?.name === name);
  if (ns === undefined) throw new Error(`the platform creates no namespace ${name}`);
  return (ns.metadata as { labels?: Record<string, string> }).labels ?? {};
}

const asAccount = (account: string, ns = namespace) => `system:serviceaccount:${ns}:${account}`;

function request(partial: Partial<AdmissionRequest> & Pick<AdmissionRequest, 'resource' | 'operation'>): AdmissionRequest {
  return { username: asAccount(own.account), group: partial.resource === 'deployments' ? 'apps' : '', namespace, ...partial };
}

function decide(r: AdmissionRequest) {
  return admit(platformObjects, namespaceLabels(r.namespace), r);
}

const pod = (serviceAccountName: string | undefined, extra: Record<string, unknown> = {}) => ({
  metadata: { name: 'tm-1', labels: { app: own.name } },
  spec: { ...(serviceAccountName === undefined ? {} : { serviceAccountName }), containers: [{ name: 'flink-main-container', image: 'runner' }], ...extra },
});
const haConfigMap = (cluster: string) => ({ metadata: { name: `${cluster}-cluster-config-map`, labels: { app: cluster, type: 'flink-native-kubernetes', 'configmap-type': 'high-availability' } }, data: {} });
const jobManagerDeployment = (cluster: string, account: string) => ({ metadata: { name: cluster, labels: { app: cluster } }, spec: { template: { spec: { serviceAccountName: account, containers: [{ name: 'flink-main-container', image: 'runner' }] } } } });

describe('the pipeline\'s jobs run under accounts the policy can tell apart', () => {
  test('two application-mode jobs, each under flink-<its FlinkDeployment>, the name Flink labels its HA ConfigMaps with', () => {
    expect(deployments.map((d) => [d.metadata?.name, d.spec.serviceAccount])).toEqual([['orders-to-lake', 'flink-orders-to-lake'], ['customers-nightly', 'flink-customers-nightly']]);
  });

  test('every Flink namespace (pipeline and tenant) is under the policy', () => {
    const policy = platformObjects.find((o) => o.kind === 'ValidatingAdmissionPolicy' && o.metadata?.name === WORKLOAD_ISOLATION_POLICY) as K8sObject | undefined;
    expect(policy?.apiVersion).toBe('admissionregistration.k8s.io/v1');
    const selector = (policy?.spec.matchConstraints as { namespaceSelector: { matchLabels: Record<string, string> } }).namespaceSelector.matchLabels;
    for (const ns of [namespace, TENANT]) expect(namespaceLabels(ns)).toMatchObject(selector);
  });
});

describe('what a JobManager may still do (native Kubernetes mode and its HA)', () => {
  test.each([
    ['start a TaskManager pod under its own account', request({ resource: 'pods', operation: 'CREATE', object: pod(own.account) })],
    ['delete its own TaskManager pod', request({ resource: 'pods', operation: 'DELETE', oldObject: pod(own.account) })],
    ['create its HA ConfigMap', request({ resource: 'configmaps', operation: 'CREATE', object: haConfigMap(own.name) })],
    ['update its HA ConfigMap', request({ resource: 'configmaps', operation: 'UPDATE', oldObject: haConfigMap(own.name), object: haConfigMap(own.name) })],
    ['delete its HA ConfigMap', request({ resource: 'configmaps', operation: 'DELETE', oldObject: haConfigMap(own.name) })],
    ['delete its own JobManager deployment on shutdown', request({ resource: 'deployments', operation: 'DELETE', oldObject: jobManagerDeployment(own.name, own.account) })],
  ])('%s', (_name, r) => {
    expect(decide(r)).toEqual({ allowed: true, denials: [] });
  });

  test('the session cluster of a tenant keeps its HA ConfigMaps', () => {
    const session = synthSelfHosted('prod', (env) => ({ ...withTenant(env), selfHosted: { ...withTenant(env).selfHosted, sessionJobs: { 'orders-to-lake': TENANT }, sessionJobJarUri: 'https://artifacts.example.com/r.jar' } }));
    const [cluster] = objectsOfKind(session.template, 'FlinkDeployment', TENANT);
    const account = String(cluster.spec.serviceAccount);
    expect(decide({ username: asAccount(account, TENANT), operation: 'CREATE', group: '', resource: 'configmaps', namespace: TENANT, object: haConfigMap(String(cluster.metadata?.name)) }).allowed).toBe(true);
  });

  test('the operator and controllers are not confined (they are not accounts of the namespace)', () => {
    expect(decide(request({ username: 'system:serviceaccount:flink-operator:flink-operator', resource: 'deployments', operation: 'CREATE', object: jobManagerDeployment(other.name, other.account) })).allowed).toBe(true);
    expect(decide(request({ username: 'system:serviceaccount:kube-system:replicaset-controller', resource: 'pods', operation: 'CREATE', object: pod(other.account) })).allowed).toBe(true);
  });
});

describe('what a job can no longer do to another job of its pipeline', () => {
  const sqlConfigMap = objectsOfKind(pipeline.template, 'ConfigMap', namespace).find((c) => c.metadata?.name === `${other.name}-sql`);

  test.each([
    ['start a pod under the other job\'s account (its IAM role, its Kafka secret)', request({ resource: 'pods', operation: 'CREATE', object: pod(other.account) })],
    ['start a pod under the namespace\'s default account', request({ resource: 'pods', operation: 'CREATE', object: pod(undefined) })],
    ['swap the image of the other job\'s TaskManager pod', request({ resource: 'pods', operation: 'UPDATE', oldObject: pod(other.account), object: pod(other.account) })],
    ['delete the other job\'s pod', request({ resource: 'pods', operation: 'DELETE', oldObject: pod(other.account) })],
    ['mount a Secret of the namespace', request({ resource: 'pods', operation: 'CREATE', object: pod(own.account, { volumes: [{ name: 's', secret: { secretName: 'anything' } }] }) })],
    ['mount a Secret through a projected volume', request({ resource: 'pods', operation: 'CREATE', object: pod(own.account, { volumes: [{ name: 's', projected: { sources: [{ secret: { name: 'anything' } }] } }] }) })],
    ['read a Secret into an environment variable', request({ resource: 'pods', operation: 'CREATE', object: { ...pod(own.account), spec: { serviceAccountName: own.account, containers: [{ name: 'c', env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] }] } } })],
    ['create a deployment whose pods run as the other job', request({ resource: 'deployments', operation: 'CREATE', object: jobManagerDeployment('x', other.account) })],
    ['rewrite the other job\'s JobManager deployment', request({ resource: 'deployments', operation: 'UPDATE', oldObject: jobManagerDeployment(other.name, other.account), object: jobManagerDeployment(other.name, own.account) })],
    ['rewrite the other job\'s SQL ConfigMap', request({ resource: 'configmaps', operation: 'UPDATE', oldObject: sqlConfigMap, object: { ...sqlConfigMap, data: { 'job.sql': 'INSERT INTO stolen SELECT * FROM orders;' } } })],
    ['rewrite its own SQL ConfigMap (the deployment owns it)', request({ resource: 'configmaps', operation: 'UPDATE', oldObject: { metadata: { name: `${own.name}-sql` } }, object: { metadata: { name: `${own.name}-sql` } } })],
    ['rewrite the other job\'s HA ConfigMap (its checkpoint pointers)', request({ resource: 'configmaps', operation: 'UPDATE', oldObject: haConfigMap(other.name), object: haConfigMap(other.name) })],
    ['take the other job\'s HA ConfigMap over by relabelling it', request({ resource: 'configmaps', operation: 'UPDATE', oldObject: haConfigMap(other.name), object: haConfigMap(own.name) })],
    ['delete the other job\'s HA ConfigMap', request({ resource: 'configmaps', operation: 'DELETE', oldObject: haConfigMap(other.name) })],
  ])('%s', (_name, r) => {
    expect(sqlConfigMap).toBeDefined();
    const answer = decide(r);
    expect(answer.allowed).toBe(false);
    expect(answer.denials.every((d) => d.startsWith(`${WORKLOAD_ISOLATION_POLICY}: a `))).toBe(true);
  });

  test('the denial names the rule', () => {
    expect(decide(request({ resource: 'pods', operation: 'CREATE', object: pod(other.account) })).denials).toEqual([
      `${WORKLOAD_ISOLATION_POLICY}: a workload may create, change or delete only pods and deployments that run under its own service account`,
    ]);
  });
});
