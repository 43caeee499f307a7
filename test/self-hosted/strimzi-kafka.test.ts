import { EksPlatform } from '../../constructs/self-hosted/platform/eks-platform';
import { NodeRole } from '../../constructs/self-hosted/platform/node-role';
import { STRIMZI_1_2 } from '../../lib/catalog/strimzi-release';
import { Flavor } from '../../lib/flavor';
import { resolvePlan } from '../../lib/plan/resolve-plan';
import { resolvePlatformPlan } from '../../lib/plan/resolve-platform';
import { SelfHostedPlatformStack } from '../../lib/stacks/self-hosted-platform-stack';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { PipelineEnvironment } from '../../lib/environment/pipeline-environment';
import { environment, testApp } from '../support/test-app';
import { synthSelfHosted, synthSelfHostedPlatform } from './support/self-hosted-stacks';
import { K8sObject, objectIn, objectsOfKind } from './support/stack-values';
import { helmRelease, manifestOf } from './support/template-objects';

const synthesized = { dev: synthSelfHostedPlatform('dev'), prod: synthSelfHostedPlatform('prod') };
const pipelines = { dev: synthSelfHosted('dev'), prod: synthSelfHosted('prod') };
type Env = keyof typeof synthesized;
const ENVS = Object.keys(synthesized) as Env[];

function platformStack(env: PipelineEnvironment): SelfHostedPlatformStack {
  const platform = resolvePlatformPlan(env, [resolvePlan(ORDERS_PIPELINE, env, [Flavor.SELF_HOSTED])], [Flavor.SELF_HOSTED]);
  return new SelfHostedPlatformStack(testApp(), { platform });
}

interface PoolSpec { replicas: number; roles: string[]; resources: { requests: Record<string, string>; limits: Record<string, string> }; storage: { volumes: Array<Record<string, unknown>> }; template: { pod: Record<string, unknown> } }
const kafkaOf = (env: Env) => objectIn(synthesized[env].template, 'Kafka', `data-platform-${env}`, 'kafka') as K8sObject & { spec: { kafka: { version: string; config: Record<string, string>; listeners: Array<{ networkPolicyPeers: unknown }> } } };
const poolsOf = (env: Env) => objectsOfKind(synthesized[env].template, 'KafkaNodePool', 'kafka').map((o) => [o.metadata?.name, o.spec as unknown as PoolSpec] as const);
const sizingOf = (env: Env) => synthesized[env].stack.platform.sizing.kafka.selfHosted;

describe.each(ENVS)('Strimzi Kafka in %s', (env) => {
  const { template } = synthesized[env];
  const plan = synthesized[env].stack.platform;
  const pipeline = pipelines[env];

  test('the cluster is named after the platform and environment, in the Kafka namespace, on the catalog\'s default Kafka version', () => {
    expect(kafkaOf(env).metadata).toMatchObject({ name: `data-platform-${env}`, namespace: 'kafka' });
    expect(kafkaOf(env).spec.kafka.version).toBe(STRIMZI_1_2.defaultKafkaVersion);
  });

  test('every Strimzi object is on the API of the Strimzi release', () => {
    const kinds = [...['Kafka', 'KafkaNodePool'].flatMap((kind) => objectsOfKind(template, kind)), ...['KafkaTopic', 'KafkaUser'].flatMap((kind) => objectsOfKind(pipeline.template, kind))];
    expect(kinds.length).toBeGreaterThanOrEqual(6);
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

  test('the pipeline stack applies one KafkaTopic per plan topic, in the Kafka namespace, with its partitions, replicas (never more than the brokers) and configs', () => {
    const topics = objectsOfKind(pipeline.template, 'KafkaTopic', 'kafka');
    expect(topics.map((t) => [t.metadata?.name, (t.metadata?.labels as Record<string, string>)['strimzi.io/cluster'], t.spec])).toEqual(
      pipeline.stack.plan.topics.map((t) => [t.name, `data-platform-${env}`, { topicName: t.name, partitions: t.partitions, replicas: t.replicationFactor, config: { ...t.configs } }]),
    );
    for (const topic of pipeline.stack.plan.topics) expect(topic.replicationFactor).toBeLessThanOrEqual(sizingOf(env).brokers);
  });

  test('the Kafka cluster is applied after the Strimzi release that installs its CRDs', () => {
    expect(manifestOf(template, 'Kafka', `data-platform-${env}`).dependsOn).toContain(helmRelease(template, 'strimzi-kafka-operator').logicalId);
  });

  test('jobs connect to the TLS bootstrap service with SCRAM credentials read from a file, and trust the cluster CA', () => {
    const kafka = synthesized[env].stack.selfHosted.kafka;
    expect(kafka.connection.bootstrapServers).toBe(`data-platform-${env}-kafka-bootstrap.kafka.svc:9093`);
    expect(kafka.connection.properties).toEqual({
      'security.protocol': 'SASL_SSL',
      'sasl.mechanism': 'SCRAM-SHA-512',
      'sasl.jaas.config': '${file:/opt/flink/kafka-credentials/client.properties:sasl.jaas.config}',
      'config.providers': 'file',
      'config.providers.file.class': 'org.apache.kafka.common.config.provider.FileConfigProvider',
      'config.providers.file.param.allowed.paths': '/opt/flink/kafka-credentials',
      'ssl.truststore.type': 'PEM',
      'ssl.truststore.location': '/opt/flink/kafka-cluster-ca/ca.crt',
    });
    expect(kafka.clusterCaSecretName).toBe(`data-platform-${env}-cluster-ca-cert`);
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

  test('the listeners admit the declared pipelines\' namespaces only (no session tenants configured)', () => {
    expect(kafkaOf('prod').spec.kafka.listeners[0].networkPolicyPeers).toEqual([{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['orders'] }] } }]);
  });

  test('an environment\'s kafkaVersion replaces the catalog default', () => {
    const stack = platformStack({ ...environment('prod'), selfHosted: { kafkaVersion: '4.2.1' } });
    expect((stack.selfHosted.kafka.clusterChart.kafka.toJson() as { spec: { kafka: { version: string } } }).spec.kafka.version).toBe('4.2.1');
  });

  test('a non-production environment with 3 brokers still separates the controllers (staging)', () => {
    const staging = platformStack(environment('staging'));
    expect(staging.selfHosted.kafka.clusterChart.controllerPool).toBeDefined();
    expect((staging.selfHosted.kafka.clusterChart.brokerPool.toJson() as { spec: { roles: string[] } }).spec.roles).toEqual(['broker']);
  });
});
