import { EksPlatform } from '../../constructs/self-hosted/platform/eks-platform';
import { NodeRole } from '../../constructs/self-hosted/platform/node-role';
import { STRIMZI_1_2 } from '../../lib/catalog/strimzi-release';
import { Flavor } from '../../lib/flavor';
import { resolvePlan } from '../../lib/plan/resolve-plan';
import { SelfHostedPipelineStack } from '../../lib/stacks/self-hosted-pipeline-stack';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { environment, testApp } from '../support/test-app';
import { synthSelfHosted } from './support/self-hosted-stacks';
import { K8sObject, objectIn, objectsOfKind } from './support/stack-values';
import { helmRelease, manifestOf } from './support/template-objects';

const synthesized = { dev: synthSelfHosted('dev'), prod: synthSelfHosted('prod') };
type Env = keyof typeof synthesized;
const ENVS = Object.keys(synthesized) as Env[];

interface PoolSpec { replicas: number; roles: string[]; resources: { requests: Record<string, string>; limits: Record<string, string> }; storage: { volumes: Array<Record<string, unknown>> }; template: { pod: Record<string, unknown> } }
const kafkaOf = (env: Env) => objectIn(synthesized[env].template, 'Kafka', `orders-${env}`, 'orders') as K8sObject & { spec: { kafka: { version: string; config: Record<string, string>; listeners: Array<{ networkPolicyPeers: unknown }> } } };
const poolsOf = (env: Env) => objectsOfKind(synthesized[env].template, 'KafkaNodePool', 'orders').map((o) => [o.metadata?.name, o.spec as unknown as PoolSpec] as const);
const sizingOf = (env: Env) => synthesized[env].stack.plan.sizing.kafka.selfHosted;

describe.each(ENVS)('Strimzi Kafka in %s', (env) => {
  const { stack, template } = synthesized[env];
  const { plan } = stack;

  test('the cluster is named after the pipeline and environment, in the pipeline namespace, on the catalog\'s default Kafka version', () => {
    expect(kafkaOf(env).metadata).toMatchObject({ name: `orders-${env}`, namespace: 'orders' });
    expect(kafkaOf(env).spec.kafka.version).toBe(STRIMZI_1_2.defaultKafkaVersion);
  });

  test('every Strimzi object is on the API of the Strimzi release', () => {
    const kinds = ['Kafka', 'KafkaNodePool', 'KafkaTopic'].flatMap((kind) => objectsOfKind(template, kind));
    expect(kinds.length).toBeGreaterThanOrEqual(4);
    expect([...new Set(kinds.map((o) => o.apiVersion))]).toEqual([STRIMZI_1_2.apiVersion]);
  });

  test('broker configuration is the plan\'s: replication, min ISR, no unclean election, no auto-created topics', () => {
    const { replicationFactor, minInSyncReplicas } = plan.environment.kafka;
    expect(kafkaOf(env).spec.kafka.config).toEqual(plan.kafka.serverProperties);
    expect(kafkaOf(env).spec.kafka.config).toMatchObject({
      'default.replication.factor': String(replicationFactor),
      'min.insync.replicas': String(minInSyncReplicas),
      'offsets.topic.replication.factor': String(replicationFactor),
      'unclean.leader.election.enable': 'false',
      'auto.create.topics.enable': 'false',
    });
  });

  test('brokers: as many as the plan sizes, with its requests and volume, on the encrypted gp3 storage class', () => {
    const sizing = sizingOf(env);
    const [, brokers] = poolsOf(env)[0];
    expect(brokers.replicas).toBe(sizing.brokers);
    const resources = { cpu: `${sizing.broker.cpuMillis}m`, memory: `${sizing.broker.memoryMiB}Mi` };
    expect(brokers.resources).toEqual({ requests: resources, limits: resources });
    expect(brokers.storage.volumes).toEqual([expect.objectContaining({ type: 'persistent-claim', size: `${sizing.storagePerBrokerGiB}Gi`, class: EksPlatform.STORAGE_CLASS })]);
  });

  test('volume claims are kept exactly where the environment retains data', () => {
    for (const [, pool] of poolsOf(env)) expect(pool.storage.volumes[0].deleteClaim).toBe(!plan.environment.retainData);
  });

  test('one broker per Kafka node: the Kafka node groups hold a node for every broker', () => {
    const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: { Labels?: Record<string, string>; ScalingConfig?: { MinSize: number } } }>;
    const kafkaNodes = Object.values(resources)
      .filter((r) => r.Type === 'AWS::EKS::Nodegroup' && r.Properties.Labels?.[NodeRole.LABEL_KEY] === 'kafka')
      .reduce((sum, r) => sum + (r.Properties.ScalingConfig?.MinSize ?? 0), 0);
    expect(kafkaNodes).toBeGreaterThanOrEqual(sizingOf(env).brokers);
    expect(JSON.stringify(poolsOf(env)[0][1].template.pod)).toContain('"topologyKey":"kubernetes.io/hostname"');
  });

  test('one KafkaTopic per plan topic with its partitions, replicas (never more than the brokers) and configs', () => {
    const topics = objectsOfKind(template, 'KafkaTopic', 'orders');
    expect(topics.map((t) => [t.metadata?.name, (t.metadata?.labels as Record<string, string>)['strimzi.io/cluster'], t.spec])).toEqual(
      plan.topics.map((t) => [t.name, `orders-${env}`, { topicName: t.name, partitions: t.partitions, replicas: t.replicationFactor, config: { ...t.configs } }]),
    );
    for (const topic of plan.topics) expect(topic.replicationFactor).toBeLessThanOrEqual(sizingOf(env).brokers);
  });

  test('topics are applied after the cluster (whose entity operator manages them) and the Strimzi release', () => {
    expect(manifestOf(template, 'KafkaTopic', 'orders').dependsOn).toEqual(expect.arrayContaining([
      manifestOf(template, 'Kafka', `orders-${env}`).logicalId,
      helmRelease(template, 'strimzi-kafka-operator').logicalId,
    ]));
  });

  test('jobs connect to the TLS bootstrap service and trust the cluster CA secret Strimzi creates', () => {
    expect(stack.pipeline.kafka.connection.bootstrapServers).toBe(`orders-${env}-kafka-bootstrap.orders.svc:9093`);
    expect(stack.pipeline.kafka.connection.properties).toEqual({ 'security.protocol': 'SSL', 'ssl.truststore.type': 'PEM', 'ssl.truststore.location': '/opt/flink/kafka-cluster-ca/ca.crt' });
    expect(stack.pipeline.kafka.clusterCaSecretName).toBe(`orders-${env}-cluster-ca-cert`);
  });
});

describe('environment differences', () => {
  test('dev: one dual-role pool of the sized brokers; prod: brokers plus the sized controller quorum on 20 GiB volumes', () => {
    expect(poolsOf('dev').map(([name, p]) => [name, p.roles, p.replicas])).toEqual([['brokers', ['controller', 'broker'], sizingOf('dev').brokers]]);
    const prod = sizingOf('prod');
    const [, controllers] = poolsOf('prod')[1];
    expect(poolsOf('prod').map(([name, p]) => [name, p.roles, p.replicas])).toEqual([['brokers', ['broker'], prod.brokers], ['controllers', ['controller'], prod.controllers]]);
    const resources = { cpu: `${prod.controller.cpuMillis}m`, memory: `${prod.controller.memoryMiB}Mi` };
    expect(controllers.resources).toEqual({ requests: resources, limits: resources });
    expect(controllers.storage.volumes).toEqual([expect.objectContaining({ size: '20Gi', deleteClaim: false })]);
  });

  test('replication: 1 in dev, 3 with min ISR 2 in prod', () => {
    expect(ENVS.map((env) => [kafkaOf(env).spec.kafka.config['default.replication.factor'], kafkaOf(env).spec.kafka.config['min.insync.replicas']]))
      .toEqual([['1', '1'], ['3', '2']]);
  });

  test('the listeners admit the pipeline namespace only (no session tenants configured)', () => {
    expect(kafkaOf('prod').spec.kafka.listeners[0].networkPolicyPeers).toEqual([{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['orders'] }] } }]);
  });

  test('an environment\'s kafkaVersion replaces the catalog default', () => {
    const env = { ...environment('prod'), selfHosted: { kafkaVersion: '4.2.1' } };
    const stack = new SelfHostedPipelineStack(testApp(), { plan: resolvePlan(ORDERS_PIPELINE, env, [Flavor.SELF_HOSTED]) });
    expect((stack.pipeline.kafka.clusterChart.kafka.toJson() as { spec: { kafka: { version: string } } }).spec.kafka.version).toBe('4.2.1');
  });

  test('a non-production environment with 3 brokers still separates the controllers (staging)', () => {
    const staging = new SelfHostedPipelineStack(testApp(), { plan: resolvePlan(ORDERS_PIPELINE, environment('staging'), [Flavor.SELF_HOSTED]) });
    expect(staging.pipeline.kafka.clusterChart.controllerPool).toBeDefined();
    expect((staging.pipeline.kafka.clusterChart.brokerPool.toJson() as { spec: { roles: string[] } }).spec.roles).toEqual(['broker']);
  });
});
