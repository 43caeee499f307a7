import * as fs from 'fs';
import * as path from 'path';
import { KubernetesManifests } from '../../constructs/self-hosted/manifests/kubernetes-manifests';
import { appliedManifests, helmRelease, manifestOf } from './support/template-objects';
import { synthSelfHosted, synthSelfHostedPlatform } from './support/self-hosted-stacks';

const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
const platforms = Object.fromEntries(ENVIRONMENTS.map((env) => [env, synthSelfHostedPlatform(env)]));
const pipelines = Object.fromEntries(ENVIRONMENTS.map((env) => [env, synthSelfHosted(env)]));

describe.each(ENVIRONMENTS)('the self-hosted platform and pipeline stacks of %s', (env) => {
  const platform = platforms[env];
  const pipeline = pipelines[env];

  test('the platform has the EKS cluster and the four operator releases, pinned; the pipeline none', () => {
    platform.template.resourceCountIs('AWS::EKS::Cluster', 1);
    expect(['cert-manager', 'trust-manager', 'flink-kubernetes-operator', 'strimzi-kafka-operator'].map((r) => helmRelease(platform.template, r).version))
      .toEqual(['v1.20.3', expect.any(String), '1.15.0', '1.2.0']);
    pipeline.template.resourceCountIs('AWS::EKS::Cluster', 0);
    pipeline.template.resourceCountIs('Custom::AWSCDK-EKS-HelmChart', 0);
  });

  test.each([
    ['Kafka', `data-platform-${env}`, 'strimzi-kafka-operator'],
    ['KafkaNodePool', 'brokers', 'strimzi-kafka-operator'],
  ])('the platform applies %s "%s" after the Helm release that installs its CRD (%s)', (kind, name, release) => {
    expect(manifestOf(platform.template, kind, name).dependsOn).toContain(helmRelease(platform.template, release).logicalId);
  });

  test('every applied manifest of both stacks stays well under the kubectl handler\'s 262,144-byte limit', () => {
    for (const manifest of [...appliedManifests(platform.template), ...appliedManifests(pipeline.template)]) expect(manifest.bytes).toBeLessThan(262_144 / 2);
  });

  test('each stack writes its applied charts as plain YAML under cdk.out/k8s/<stack>/', () => {
    const files = (s: { outdir: string; stack: { stackName: string } }) => fs.readdirSync(path.join(s.outdir, KubernetesManifests.OUTPUT_DIRECTORY, s.stack.stackName)).sort();
    // prod monitors with Amazon Managed Prometheus by default (its scraper's read-only ClusterRole); dev and staging do not.
    const scraperAccess = env === 'prod' ? ['prometheus-scraper-access.yaml'] : [];
    expect(files(platform)).toEqual(['flink-network-policies.yaml', 'kafka-ca-bundle.yaml', 'kafka-ca-copy.yaml', 'kafka-cluster.yaml', 'namespaces.yaml', ...scraperAccess, 'storage-class.yaml', 'workload-isolation.yaml']);
    expect(files(pipeline)).toEqual(['flink-job-customers-nightly.yaml', 'flink-job-orders-to-lake.yaml', 'kafka-topics.yaml']);
    expect(appliedManifests(pipeline.template)).toHaveLength(3);
    const yaml = fs.readFileSync(path.join(pipeline.outdir, KubernetesManifests.OUTPUT_DIRECTORY, pipeline.stack.stackName, 'flink-job-orders-to-lake.yaml'), 'utf8');
    expect(yaml).toContain('kind: FlinkDeployment');
    expect(yaml).not.toContain('${Token[');
    // Checkpoints of a pipeline live under its own prefix of the platform's checkpoint bucket.
    expect(yaml).toMatch(/execution\.checkpointing\.dir: s3:\/\/\$\{SsmParameterValue[^}]*checkpointbucket[^}]*\}\/orders\/checkpoints\/orders-to-lake/);
  });
});

describe('environment differences', () => {
  test('dev runs one dual-role Kafka pool; staging and prod a dedicated controller quorum on the system nodes', () => {
    const pools = (env: string) => appliedManifests(platforms[env].template).flatMap((m) => m.objects).filter((o) => o.kind === 'KafkaNodePool')
      .map((o) => ({ name: o.metadata?.name, roles: (o.spec as { roles: string[] }).roles, replicas: (o.spec as { replicas: number }).replicas }));
    expect(pools('dev')).toEqual([{ name: 'brokers', roles: ['controller', 'broker'], replicas: 1 }]);
    expect(pools('prod')).toEqual([{ name: 'brokers', roles: ['broker'], replicas: 3 }, { name: 'controllers', roles: ['controller'], replicas: 3 }]);
  });

  test('dev adds the plain listener it asked for; prod has the TLS listener only, with SCRAM authentication', () => {
    const listeners = (env: string) => ((manifestOf(platforms[env].template, 'Kafka', `data-platform-${env}`).objects[0].spec as { kafka: { listeners: Array<{ name: string; port: number; tls: boolean; authentication?: { type: string } }> } }).kafka.listeners)
      .map((l) => [l.name, l.port, l.tls, l.authentication?.type]);
    expect(listeners('dev')).toEqual([['tls', 9093, true, 'scram-sha-512'], ['plain', 9092, false, undefined]]);
    expect(listeners('prod')).toEqual([['tls', 9093, true, 'scram-sha-512']]);
  });

  test('where data is retained, the Kafka cluster and the topics are never pruned or deleted by the deployment', () => {
    const resources = (t: { template: { toJSON(): Record<string, unknown> } }) => t.template.toJSON().Resources as Record<string, { Properties: { PruneLabel?: string }; DeletionPolicy?: string }>;
    for (const [stacks, kind, name] of [[platforms, 'Kafka', (env: string) => `data-platform-${env}`], [pipelines, 'KafkaTopic', () => 'orders']] as const) {
      const prod = resources(stacks.prod)[manifestOf(stacks.prod.template, kind, name('prod')).logicalId];
      expect([prod.Properties.PruneLabel, prod.DeletionPolicy]).toEqual([undefined, 'Retain']);
      const dev = resources(stacks.dev)[manifestOf(stacks.dev.template, kind, name('dev')).logicalId];
      expect(dev.Properties.PruneLabel).toMatch(/^aws\.cdk\.eks\/prune-/);
      expect(dev.DeletionPolicy).toBe('Delete');
    }
  });
});
