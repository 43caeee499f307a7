import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { MskBrokerType } from '../../constructs/managed/kafka/msk-broker-type';
import { MskKafkaVersion } from '../../constructs/managed/kafka/msk-kafka-version';
import { ProvisionedMskCluster, ProvisionedMskClusterProps } from '../../constructs/managed/kafka/provisioned-msk-cluster';
import { decodeTopicConfigs } from '../../constructs/managed/topics/msk-topic-configs';
import { validateManagedPlan } from '../../constructs/managed/validation/managed-plan-rules';
import { validateSelfHostedPlan } from '../../constructs/self-hosted/validation/self-hosted-plan-rules';
import { estimateCost } from '../../lib/cost/estimate-cost';
import { addPipelineStacks } from '../../lib/app/pipeline-app';
import { CleanupPolicy } from '../../lib/definition/kafka-options';
import { PipelineDefinition } from '../../lib/definition/pipeline-definition';
import { RawRetention } from '../../lib/definition/raw-retention';
import { Flavor } from '../../lib/flavor';
import { PriceTable } from '../../lib/pricing/price-table';
import { findDefinitionProblems } from '../../lib/validation/validate-definition';
import { ENVIRONMENTS_CONTEXT_KEY, resolveEnvironment } from '../../lib/environment/load-environments';
import { resolvePlan } from '../../lib/plan/resolve-plan';
import { CDK_CONTEXT, examplePlan, exampleWith, testApp } from '../support/test-app';
import { testStackWithVpc } from './support';

const NINETY_DAYS = Duration.days(90);

/** The example with its `orders` topic (7 days on the brokers) kept 90 days in all in tiered storage. */
const TIERED = exampleWith((d) => { d.topics[0].rawRetention = RawRetention.tieredStorage(NINETY_DAYS); });

function problemsOf(definition: PipelineDefinition): string[] {
  return findDefinitionProblems(definition).filter((p) => p.path.includes('rawRetention')).map((p) => `${p.path}: ${p.message} — ${p.fix}`);
}

describe('RawRetention in the definition', () => {
  test('compares by id and prints its total', () => {
    expect(RawRetention.tieredStorage(NINETY_DAYS).id).toBe(RawRetention.tieredStorage(Duration.days(1)).id);
    expect(`${RawRetention.tieredStorage(NINETY_DAYS)}`).toBe('tiered-storage(90 days)');
  });

  test('a valid tiered retention has no problems', () => {
    expect(problemsOf(TIERED)).toEqual([]);
  });

  test('fails if the total is not longer than the broker retention', () => {
    expect(problemsOf(exampleWith((d) => { d.topics[0].rawRetention = RawRetention.tieredStorage(Duration.days(7)); }))).toEqual([
      'topics[0] ("orders").rawRetention.total: is 7 days, not longer than the topic\'s retention (7 days) on the brokers — give a total longer than retention, or remove rawRetention',
    ]);
  });

  test('fails on a compacted topic (tiered storage takes cleanup policy delete only)', () => {
    expect(problemsOf(exampleWith((d) => { d.topics[1].rawRetention = RawRetention.tieredStorage(NINETY_DAYS); }))).toEqual([
      'topics[1] ("customers").rawRetention: is tiered-storage(90 days) on a compacted topic, but Kafka tiered storage takes only cleanup policy delete — remove rawRetention, or use CleanupPolicy.DELETE',
    ]);
    expect(CleanupPolicy.COMPACT.value).toBe('compact');
  });

  test('fails on a shared input (the owning pipeline configures the topic)', () => {
    expect(problemsOf(exampleWith((d) => { d.topics[0].sharedFrom = 'billing'; d.topics[0].rawRetention = RawRetention.tieredStorage(NINETY_DAYS); }))).toEqual([
      'topics[0] ("orders").rawRetention: is set on a shared input of pipeline "billing" — set it on the topic in the owning pipeline',
    ]);
  });

  test('a plain { id, total } (another copy of the package) is re-created; an unknown id is one clear problem', () => {
    const copy = exampleWith((d) => { (d.topics[0] as Record<string, unknown>).rawRetention = { id: 'tiered-storage', total: NINETY_DAYS }; });
    expect(findDefinitionProblems(copy)).toEqual([]);
    const unknown = exampleWith((d) => { (d.topics[0] as Record<string, unknown>).rawRetention = { id: 'glacier', total: NINETY_DAYS }; });
    expect(findDefinitionProblems(unknown).map((p) => `${p.path}: ${p.message} — ${p.fix}`)).toEqual([
      'topics[0] ("orders").rawRetention.id: must be "tiered-storage", got "glacier" — use RawRetention.tieredStorage(Duration.days(n))',
    ]);
  });
});

describe('MSK tiered storage on the managed flavor (staging: MSK provisioned, Standard brokers)', () => {
  const { pipelineStacks, platformStacks } = addPipelineStacks(testApp({ env: 'staging', flavor: 'managed' }), TIERED);
  const platform = Template.fromStack(platformStacks[0]);
  const pipeline = Template.fromStack(pipelineStacks[0]);
  const topicConfigs = (name: string) => {
    const topic = Object.values(pipeline.findResources('AWS::MSK::Topic')).find((t) => t.Properties.TopicName === name);
    return decodeTopicConfigs(topic?.Properties.Configs);
  };

  test('the platform cluster runs with StorageMode TIERED', () => {
    platform.hasResourceProperties('AWS::MSK::Cluster', { StorageMode: 'TIERED' });
  });

  test('the topic keeps 7 days on the brokers and 90 days in all', () => {
    expect(topicConfigs('orders')).toEqual({
      'cleanup.policy': 'delete',
      'min.insync.replicas': '2',
      'remote.storage.enable': 'true',
      'local.retention.ms': String(Duration.days(7).toMilliseconds()),
      'retention.ms': String(NINETY_DAYS.toMilliseconds()),
    });
  });

  test('other topics and platforms without raw retention are unchanged', () => {
    expect(topicConfigs('customers')).not.toHaveProperty('remote.storage.enable');
    const plain = addPipelineStacks(testApp({ env: 'staging', flavor: 'managed' }), exampleWith(() => undefined)).platformStacks[0];
    const cluster = Object.values(Template.fromStack(plain).findResources('AWS::MSK::Cluster'))[0];
    expect(cluster.Properties).not.toHaveProperty('StorageMode');
  });
});

describe('where tiered storage is refused', () => {
  test('MSK Serverless (dev): per topic, with the fix', () => {
    expect(validateManagedPlan(examplePlan('dev', [Flavor.MANAGED], TIERED)).filter((p) => p.path.includes('rawRetention'))).toEqual([{
      path: 'topics[0] ("orders").rawRetention',
      message: 'is tiered-storage(90 days) but environment "dev" runs MSK Serverless, which has no tiered storage',
      fix: 'use managed.mskMode "provisioned" (Standard brokers), or remove rawRetention',
    }]);
  });

  test('self-hosted Strimzi: no RemoteStorageManager plugin in the broker image', () => {
    expect(validateSelfHostedPlan(examplePlan('staging', [Flavor.SELF_HOSTED], TIERED)).filter((p) => p.path.includes('rawRetention'))).toEqual([{
      path: 'topics[0] ("orders").rawRetention',
      message: 'is tiered-storage(90 days) but the self-hosted Kafka (Strimzi) has no tiered storage: KIP-405 needs a RemoteStorageManager plugin in the broker image, which this project does not ship',
      fix: 'raise retention (brokers are sized for it), or deploy the managed flavor (MSK provisioned tiered storage)',
    }]);
  });

  test('MSK Express environment: the pipeline plan is refused at the environment\'s mskMode', () => {
    const raw = structuredClone((CDK_CONTEXT[ENVIRONMENTS_CONTEXT_KEY] as Record<string, Record<string, unknown>>).prod);
    raw.managed = { mskMode: 'express' };
    const plan = resolvePlan(TIERED, resolveEnvironment('prod', raw), [Flavor.MANAGED]);
    expect(validateManagedPlan(plan)).toContainEqual({
      path: 'environments.prod.managed.mskMode',
      message: 'is "express" but a topic keeps its raw records in MSK tiered storage (rawRetention), which only Standard brokers have',
      fix: 'use mskMode "provisioned" with kafka.m5/m7g brokers, or remove rawRetention from the topics',
    });
    expect(validateManagedPlan(resolvePlan(exampleWith(() => undefined), resolveEnvironment('prod', raw), [Flavor.MANAGED])).some((p) => p.message.includes('tiered'))).toBe(false);
  });

  function cluster(overrides: Partial<ProvisionedMskClusterProps>): () => void {
    return () => {
      const { stack, vpc } = testStackWithVpc();
      new ProvisionedMskCluster(stack, 'Kafka', {
        clusterName: 'orders-prod', vpc, brokerType: MskBrokerType.KAFKA_M7G_LARGE, brokersPerAz: 1, serverProperties: {}, tieredStorage: true, ...overrides,
      });
    };
  }

  test('ProvisionedMskCluster: Express brokers', () => {
    expect(cluster({ brokerType: MskBrokerType.EXPRESS_M7G_LARGE })).toThrow('Test/Kafka.mskMode: is "express" but a topic keeps its raw records in MSK tiered storage (rawRetention), which only Standard brokers have — use mskMode "provisioned" with kafka.m5/m7g brokers, or remove rawRetention from the topics');
  });

  test('ProvisionedMskCluster: t3 brokers', () => {
    expect(cluster({ brokerType: MskBrokerType.of('kafka.t3.small'), production: false })).toThrow('Test/Kafka.brokerInstanceType: is "kafka.t3.small" but a topic keeps its raw records in MSK tiered storage (rawRetention), which t3 brokers do not have — use kafka.m7g.large or larger, or remove rawRetention from the topics');
  });

  test('ProvisionedMskCluster: Kafka before 3.6', () => {
    expect(cluster({ kafkaVersion: MskKafkaVersion.of('3.5.x.kraft') })).toThrow('Test/Kafka.kafkaVersion: is "3.5.x.kraft" but a topic keeps its raw records in MSK tiered storage (rawRetention), which needs Kafka 3.6 or later — use 3.9.x.kraft or later');
  });

  test('ProvisionedMskCluster: Standard m7g brokers on 3.9 take it', () => {
    const { stack, vpc } = testStackWithVpc();
    new ProvisionedMskCluster(stack, 'Kafka', { clusterName: 'orders-prod', vpc, brokerType: MskBrokerType.KAFKA_M7G_LARGE, brokersPerAz: 1, serverProperties: {}, tieredStorage: true });
    Template.fromStack(stack).hasResourceProperties('AWS::MSK::Cluster', Match.objectLike({ StorageMode: 'TIERED', KafkaVersion: '3.9.x.kraft' }));
  });
});

describe('sizing and cost of tiered storage (prod)', () => {
  const plain = examplePlan('prod', Flavor.ALL);
  const tiered = examplePlan('prod', Flavor.ALL, TIERED);
  const ingress = tiered.topics[0].workload?.ingressMBps ?? NaN;

  test('broker storage is sized for the local retention only', () => {
    expect(tiered.sizing.kafka.retainedGiB).toBe(plain.sizing.kafka.retainedGiB);
    expect(tiered.sizing.kafka.managed.storagePerBrokerGiB).toBe(plain.sizing.kafka.managed.storagePerBrokerGiB);
    expect(tiered.sizing.kafka.managed.brokers).toBe(plain.sizing.kafka.managed.brokers);
  });

  test('tiered GiB = ingress × 90 days, one copy', () => {
    expect(plain.sizing.kafka.tieredGiB).toBe(0);
    expect(tiered.sizing.kafka.tieredGiB).toBeCloseTo(ingress * 1e6 * 90 * 86400 / 1024 ** 3, 6);
  });

  test('the managed estimate prices it with msk.tiered-storage; no line without raw retention', () => {
    const prices = PriceTable.load();
    const line = estimateCost(tiered, Flavor.MANAGED, prices).lines.find((l) => l.item === 'MSK tiered storage');
    const row = prices.get('msk.tiered-storage', 'us-east-1');
    expect(row).toMatchObject({ usd: 0.06, unit: 'GB-month', verified: false });
    expect(line?.quantity).toBeCloseTo(tiered.sizing.kafka.tieredGiB, 6);
    expect(line?.monthlyUsd).toBeCloseTo(tiered.sizing.kafka.tieredGiB * 0.06, 6);
    expect(estimateCost(plain, Flavor.MANAGED, prices).lines.some((l) => l.item === 'MSK tiered storage')).toBe(false);
  });
});
