import { Size } from 'aws-cdk-lib';
import { Testing } from 'cdk8s';
import { KafkaClusterChart, KafkaClusterChartProps } from '../../charts/kafka/kafka-cluster-chart';
import { STRIMZI_1_2 } from '../../lib/catalog/strimzi-release';
import * as YAML from 'yaml';
import { KubernetesObject } from './support/crd-schema-validator';

const PROPS: KafkaClusterChartProps = {
  clusterName: 'orders-prod',
  namespace: 'orders',
  kafkaVersion: '4.2.1',
  brokers: { replicas: 3, resources: { cpuMillis: 1200, memoryMiB: 5120 }, storage: Size.gibibytes(500) },
  controllers: { replicas: 3, resources: { cpuMillis: 500, memoryMiB: 2048 }, storage: KafkaClusterChart.CONTROLLER_STORAGE },
  config: { 'min.insync.replicas': '2', 'unclean.leader.election.enable': 'false' },
  storageClass: 'gp3-encrypted',
  deleteClaims: false,
  plainListener: false,
  clientNamespaces: ['orders', 'team-a'],
};

type Spec = Record<string, unknown>;
interface Pool { metadata: { name: string; labels: Record<string, string> }; spec: { replicas: number; roles: string[]; resources: Spec; storage: { type: string; volumes: Spec[] }; template: { pod: Spec } } }

function synth(change: Partial<KafkaClusterChartProps> = {}): KubernetesObject[] {
  return Testing.synth(new KafkaClusterChart(Testing.app(), 'kafka-cluster', { ...PROPS, ...change })) as KubernetesObject[];
}

function kafkaOf(objects: KubernetesObject[]): KubernetesObject & { spec: { kafka: Spec & { listeners: Spec[] } } & Spec } {
  const kafka = objects.find((o) => o.kind === 'Kafka');
  if (!kafka) throw new Error('no Kafka');
  return kafka as KubernetesObject & { spec: { kafka: Spec & { listeners: Spec[] } } & Spec };
}

function poolsOf(objects: KubernetesObject[]): Pool[] {
  return objects.filter((o) => o.kind === 'KafkaNodePool') as unknown as Pool[];
}

const dedicated = synth();
const dualRole = synth({ controllers: undefined, brokers: { ...PROPS.brokers, replicas: 1 }, deleteClaims: true, plainListener: true });

describe('Kafka metrics', () => {
  const kafka = kafkaOf(dedicated);
  const configMap = dedicated.find((o) => o.kind === 'ConfigMap') as KubernetesObject & { data: Record<string, string> };

  test('brokers and controllers export JMX metrics through the JMX exporter, with the rules of a ConfigMap next to the cluster', () => {
    expect(kafka.spec.kafka.metricsConfig).toEqual({
      type: 'jmxPrometheusExporter',
      valueFrom: { configMapKeyRef: { name: 'orders-prod-kafka-metrics', key: 'kafka-metrics-config.yml' } },
    });
    expect(configMap.metadata).toEqual({ name: 'orders-prod-kafka-metrics', namespace: 'orders' });
    expect(Object.keys(configMap.data)).toEqual(['kafka-metrics-config.yml']);
  });

  test('the rules export under-replicated partitions, per-partition log size and per-topic traffic, lower-cased, nothing else', () => {
    const config = YAML.parse(configMap.data['kafka-metrics-config.yml']) as { lowercaseOutputName: boolean; rules: Array<{ pattern: string; name: string; type: string; labels?: Record<string, string> }> };
    expect(config.lowercaseOutputName).toBe(true);
    const byName = (name: string) => config.rules.find((r) => r.name === name);
    // kafka.server:type=ReplicaManager,name=UnderReplicatedPartitions → kafka_server_replicamanager_underreplicatedpartitions
    expect(byName('kafka_server_replicamanager_$1')?.pattern).toBe('kafka.server<type=ReplicaManager, name=(.+)><>Value');
    expect(byName('kafka_log_log_$1')).toEqual({ pattern: 'kafka.log<type=Log, name=(.+), topic=(.+), partition=(.+)><>Value', name: 'kafka_log_log_$1', type: 'GAUGE', labels: { topic: '$2', partition: '$3' } });
    expect(config.rules.filter((r) => r.name === 'kafka_server_brokertopicmetrics_$1_total').map((r) => r.labels)).toEqual([{ topic: '$2' }, undefined]);
    for (const rule of config.rules) expect(() => new RegExp(rule.pattern)).not.toThrow();
  });

  test('Kafka Exporter exports the lag of every consumer group on every topic but Kafka\'s own, with requests and a memory limit', () => {
    expect(kafka.spec.kafkaExporter).toEqual({
      groupRegex: '.*',
      topicRegex: '.*',
      topicExcludeRegex: '^__.*',
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    });
  });
});

describe('Kafka', () => {
  const kafka = kafkaOf(dedicated);

  test('is a kafka.strimzi.io/v1 Kafka in the namespace, on the given Kafka version', () => {
    expect(kafka.apiVersion).toBe(STRIMZI_1_2.apiVersion);
    expect(kafka.apiVersion).toBe('kafka.strimzi.io/v1');
    expect(kafka.metadata).toEqual({ name: 'orders-prod', namespace: 'orders' });
    expect(kafka.spec.kafka.version).toBe('4.2.1');
  });

  test('KRaft with node pools only: no ZooKeeper, no replicas/storage/resources in spec.kafka, no ignored mode annotations', () => {
    expect(Object.keys(kafka.spec).sort()).toEqual(['cruiseControl', 'entityOperator', 'kafka', 'kafkaExporter']);
    expect(Object.keys(kafka.spec.kafka).sort()).toEqual(['authorization', 'config', 'listeners', 'metricsConfig', 'rack', 'version']);
    // Strimzi ≥ 0.48 ignores strimzi.io/kraft and strimzi.io/node-pools: KRaft and node pools are the only mode.
    expect(kafka.metadata?.annotations).toBeUndefined();
  });

  test('broker configuration is exactly the given one', () => {
    expect(kafka.spec.kafka.config).toEqual({ 'min.insync.replicas': '2', 'unclean.leader.election.enable': 'false' });
  });

  test('simple ACL authorization: a principal reaches only what its KafkaUser grants', () => {
    expect(kafka.spec.kafka.authorization).toEqual({ type: 'simple' });
  });

  test('rack awareness uses the zone label of the nodes', () => {
    expect(kafka.spec.kafka.rack).toEqual({ topologyKey: 'topology.kubernetes.io/zone' });
  });

  test('one internal TLS listener on 9093 with SCRAM-SHA-512 clients, reachable only from the client namespaces', () => {
    expect(kafka.spec.kafka.listeners).toEqual([{
      name: 'tls',
      port: 9093,
      type: 'internal',
      tls: true,
      authentication: { type: 'scram-sha-512' },
      networkPolicyPeers: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['orders', 'team-a'] }] } }],
    }]);
  });

  test('the plain listener on 9092 is added only when asked, with the same network policy', () => {
    const listeners = kafkaOf(dualRole).spec.kafka.listeners;
    expect(listeners.map((l) => [l.name, l.port, l.type, l.tls])).toEqual([['tls', 9093, 'internal', true], ['plain', 9092, 'internal', false]]);
    expect(listeners[1].networkPolicyPeers).toEqual(listeners[0].networkPolicyPeers);
  });

  test('runs the topic operator (KafkaTopics) and the user operator (KafkaUsers with their ACLs)', () => {
    expect(kafka.spec.entityOperator).toEqual({ topicOperator: {}, userOperator: {} });
  });

  test('Cruise Control (rebalancing) only with more than one broker', () => {
    expect(kafka.spec.cruiseControl).toEqual({});
    expect(kafkaOf(dualRole).spec.cruiseControl).toBeUndefined();
  });
});

describe('KafkaNodePools', () => {
  test('dedicated controllers: a broker pool and a controller pool, both labelled with the cluster', () => {
    expect(poolsOf(dedicated).map((p) => [p.metadata.name, p.spec.roles, p.spec.replicas, p.metadata.labels])).toEqual([
      ['brokers', ['broker'], 3, { 'strimzi.io/cluster': 'orders-prod' }],
      ['controllers', ['controller'], 3, { 'strimzi.io/cluster': 'orders-prod' }],
    ]);
    for (const pool of poolsOf(dedicated)) expect((pool as unknown as KubernetesObject).apiVersion).toBe('kafka.strimzi.io/v1');
  });

  test('without controllers: one dual-role pool', () => {
    expect(poolsOf(dualRole).map((p) => [p.metadata.name, p.spec.roles, p.spec.replicas])).toEqual([['brokers', ['controller', 'broker'], 1]]);
  });

  test('requests equal limits, from the pool sizes', () => {
    const [brokers, controllers] = poolsOf(dedicated);
    expect(brokers.spec.resources).toEqual({ requests: { cpu: '1200m', memory: '5120Mi' }, limits: { cpu: '1200m', memory: '5120Mi' } });
    expect(controllers.spec.resources).toEqual({ requests: { cpu: '500m', memory: '2048Mi' }, limits: { cpu: '500m', memory: '2048Mi' } });
  });

  test('one persistent claim per pod of the sized volume, storage class and claim retention; KRaft metadata on it', () => {
    const [brokers, controllers] = poolsOf(dedicated);
    expect(brokers.spec.storage).toEqual({
      type: 'jbod',
      volumes: [{ id: 0, type: 'persistent-claim', size: '500Gi', class: 'gp3-encrypted', deleteClaim: false, kraftMetadata: 'shared' }],
    });
    expect(controllers.spec.storage.volumes).toEqual([expect.objectContaining({ size: '20Gi', class: 'gp3-encrypted', deleteClaim: false })]);
    expect(poolsOf(dualRole)[0].spec.storage.volumes).toEqual([expect.objectContaining({ deleteClaim: true })]);
  });

  test('brokers: on the tainted Kafka nodes, at most one per node, evenly over zones', () => {
    const pod = poolsOf(dedicated)[0].spec.template.pod;
    const selector = { matchLabels: { 'strimzi.io/cluster': 'orders-prod', 'strimzi.io/pool-name': 'brokers' } };
    expect(pod).toEqual({
      affinity: {
        nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'pipelines.aws/node-role', operator: 'In', values: ['kafka'] }] }] } },
        podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: selector, topologyKey: 'kubernetes.io/hostname' }] },
      },
      tolerations: [{ key: 'pipelines.aws/dedicated', operator: 'Equal', value: 'kafka', effect: 'NoSchedule' }],
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: selector }],
    });
  });

  test('controllers: on the untainted system nodes, one per node, spread over zones, selecting their own pool', () => {
    const pod = poolsOf(dedicated)[1].spec.template.pod as { affinity: { nodeAffinity: Spec; podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: Spec[] } }; tolerations: unknown[]; topologySpreadConstraints: Spec[] };
    expect(JSON.stringify(pod.affinity.nodeAffinity)).toContain('"values":["system"]');
    expect(pod.tolerations).toEqual([]);
    expect(pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]).toEqual({
      labelSelector: { matchLabels: { 'strimzi.io/cluster': 'orders-prod', 'strimzi.io/pool-name': 'controllers' } },
      topologyKey: 'kubernetes.io/hostname',
    });
    expect(pod.topologySpreadConstraints[0]).toMatchObject({ topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1 });
  });

  test('dual-role pool: placed like brokers (Kafka nodes)', () => {
    expect(JSON.stringify(poolsOf(dualRole)[0].spec.template.pod)).toContain('"values":["kafka"]');
  });
});
