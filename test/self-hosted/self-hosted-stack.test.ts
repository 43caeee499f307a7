import * as fs from 'fs';
import * as path from 'path';
import { KubernetesManifests } from '../../constructs/self-hosted/manifests/kubernetes-manifests';
import { appliedManifests, helmRelease, manifestOf } from './support/template-objects';
import { synthSelfHosted } from './support/self-hosted-stacks';

const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
const synthesized = Object.fromEntries(ENVIRONMENTS.map((env) => [env, synthSelfHosted(env)]));

describe.each(ENVIRONMENTS)('the self-hosted stack of %s', (env) => {
  const { template, stack, outdir } = synthesized[env];

  test('has the EKS cluster and the three operator releases, pinned', () => {
    template.resourceCountIs('AWS::EKS::Cluster', 1);
    expect([helmRelease(template, 'cert-manager').version, helmRelease(template, 'flink-kubernetes-operator').version, helmRelease(template, 'strimzi-kafka-operator').version])
      .toEqual(['v1.20.3', '1.15.0', '1.2.0']);
  });

  test.each([
    ['Kafka', `orders-${env}`, 'strimzi-kafka-operator'],
    ['KafkaNodePool', 'brokers', 'strimzi-kafka-operator'],
    ['KafkaTopic', 'orders', 'strimzi-kafka-operator'],
    ['KafkaTopic', 'customers', 'strimzi-kafka-operator'],
    ['FlinkDeployment', 'orders-to-lake', 'flink-kubernetes-operator'],
  ])('applies %s "%s" after the Helm release that installs its CRD (%s)', (kind, name, release) => {
    expect(manifestOf(template, kind, name).dependsOn).toContain(helmRelease(template, release).logicalId);
  });

  test('the batch job is applied as a schedule after the Flink operator (its runs are FlinkDeployments)', () => {
    expect(manifestOf(template, 'CronJob', 'customers-nightly').dependsOn).toContain(helmRelease(template, 'flink-kubernetes-operator').logicalId);
  });

  test('every applied manifest stays well under the kubectl handler\'s 262,144-byte limit', () => {
    for (const manifest of appliedManifests(template)) expect(manifest.bytes).toBeLessThan(262_144 / 2);
  });

  test('writes every applied chart as plain YAML under cdk.out/k8s/<stack>/', () => {
    const directory = path.join(outdir, KubernetesManifests.OUTPUT_DIRECTORY, stack.stackName);
    expect(fs.readdirSync(directory).sort()).toEqual([
      'flink-job-customers-nightly.yaml',
      'flink-job-orders-to-lake.yaml',
      'kafka-cluster.yaml',
      'kafka-topics.yaml',
      'namespaces.yaml',
      'storage-class.yaml',
    ]);
    expect(appliedManifests(template)).toHaveLength(6);
    const yaml = fs.readFileSync(path.join(directory, 'flink-job-orders-to-lake.yaml'), 'utf8');
    expect(yaml).toContain('kind: FlinkDeployment');
    expect(yaml).not.toContain('${Token[');
    expect(yaml).toMatch(/execution\.checkpointing\.dir: s3:\/\/\$\{LakehouseCheckpoints[0-9A-F]+\}\/checkpoints\/orders-to-lake/);
  });
});

describe('environment differences', () => {
  test('dev runs one dual-role Kafka pool; staging and prod a dedicated controller quorum on the system nodes', () => {
    const pools = (env: string) => appliedManifests(synthesized[env].template).flatMap((m) => m.objects).filter((o) => o.kind === 'KafkaNodePool')
      .map((o) => ({ name: o.metadata?.name, roles: (o.spec as { roles: string[] }).roles, replicas: (o.spec as { replicas: number }).replicas }));
    expect(pools('dev')).toEqual([{ name: 'brokers', roles: ['controller', 'broker'], replicas: 1 }]);
    expect(pools('prod')).toEqual([{ name: 'brokers', roles: ['broker'], replicas: 3 }, { name: 'controllers', roles: ['controller'], replicas: 3 }]);
  });

  test('dev adds the plain listener it asked for; prod has the TLS listener only', () => {
    const listeners = (env: string) => ((manifestOf(synthesized[env].template, 'Kafka', `orders-${env}`).objects[0].spec as { kafka: { listeners: Array<{ name: string; port: number; tls: boolean }> } }).kafka.listeners)
      .map((l) => [l.name, l.port, l.tls]);
    expect(listeners('dev')).toEqual([['tls', 9093, true], ['plain', 9092, false]]);
    expect(listeners('prod')).toEqual([['tls', 9093, true]]);
  });

  test('where data is retained, Kafka manifests are never pruned or deleted by the deployment', () => {
    const resources = (env: string) => synthesized[env].template.toJSON().Resources as Record<string, { Properties: { PruneLabel?: string }; DeletionPolicy?: string }>;
    for (const kind of ['Kafka', 'KafkaTopic'] as const) {
      const name = kind === 'Kafka' ? 'orders-prod' : 'orders';
      const prod = resources('prod')[manifestOf(synthesized.prod.template, kind, name).logicalId];
      expect([prod.Properties.PruneLabel, prod.DeletionPolicy]).toEqual([undefined, 'Retain']);
      const devName = kind === 'Kafka' ? 'orders-dev' : 'orders';
      const dev = resources('dev')[manifestOf(synthesized.dev.template, kind, devName).logicalId];
      expect(dev.Properties.PruneLabel).toMatch(/^aws\.cdk\.eks\/prune-/);
      expect(dev.DeletionPolicy).toBe('Delete');
    }
  });
});
