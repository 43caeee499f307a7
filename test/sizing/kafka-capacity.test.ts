import { Duration } from 'aws-cdk-lib';
import { BadRecordPolicy, CleanupPolicy, KeyFormat, RecordFormat } from '../../lib/definition/kafka-options';
import { TopicPlan } from '../../lib/plan/pipeline-plan';
import { EC2_NODE_TYPES, MSK_BROKER_TYPES, findInstanceType } from '../../lib/sizing/instance-types';
import { brokersFor, kafkaLoad, sizeKafka, storagePerBrokerGiB } from '../../lib/sizing/kafka-capacity';
import { environment } from '../support/test-app';

const GIB = 1024 ** 3;

function topic(name: string, partitions: number, ingressMBps: number, peakFactor: number, retention: Duration, consumerGroups = 1, cleanupPolicy = CleanupPolicy.DELETE): TopicPlan {
  return {
    name, partitions, partitionsSource: 'derived', replicationFactor: 3, minInSyncReplicas: 2, retention, cleanupPolicy,
    key: [], keyFormat: KeyFormat.FROM_VALUE, valueFormat: RecordFormat.JSON, badRecords: BadRecordPolicy.FAIL, columns: [], configs: {},
    workload: { ingressMBps, peakIngressMBps: ingressMBps * peakFactor, recordSizeBytes: 1000, consumerGroups },
  };
}

/** The example's topics: orders 4 MB/s ×3 peak, 7 days, 3 partitions; customers 0.05 MB/s ×2, 1 day, compacted, 6. */
const EXAMPLE = [topic('orders', 3, 4, 3, Duration.days(7)), topic('customers', 6, 0.05, 2, Duration.days(1), 1, CleanupPolicy.COMPACT)];
const large = (name: string) => findInstanceType(EC2_NODE_TYPES, name) ?? EC2_NODE_TYPES[0];

describe('instance catalog', () => {
  test('broker write budget = half the EBS baseline: m7g.large 630 Mbps → ⌊630 ÷ 8 ÷ 2⌋ = 39 MB/s', () => {
    expect(large('m7g.large').brokerWriteMBps).toBe(39);
    expect(large('m7g.xlarge').brokerWriteMBps).toBe(78);
  });

  test('EKS allocatable: m7g.large 2000m − 70m reserved − 250m daemon sets = 1680m; 8192 − (255 + 11 × 29) − 100 − 400 = 7118 MiB', () => {
    expect(large('m7g.large')).toMatchObject({ allocatableCpuMillis: 1680, allocatableMemoryMiB: 7118 });
  });

  test('m7g.xlarge: 4000 − 80 − 250 = 3670m; 16384 − (255 + 11 × 58) − 100 − 400 = 14991 MiB', () => {
    expect(large('m7g.xlarge')).toMatchObject({ allocatableCpuMillis: 3670, allocatableMemoryMiB: 14991 });
  });

  test('MSK types mirror the EC2 ones, plus kafka.t3.small', () => {
    expect(MSK_BROKER_TYPES.map((t) => t.name)).toEqual(['kafka.t3.small', 'kafka.m7g.large', 'kafka.m7g.xlarge', 'kafka.m7g.2xlarge', 'kafka.m7g.4xlarge']);
  });
});

describe('kafkaLoad', () => {
  const load = kafkaLoad(EXAMPLE, 3);

  test('sums ingress, peak and egress (ingress × consumer groups)', () => {
    expect(load.ingressMBps).toBeCloseTo(4.05, 10);
    expect(load.peakIngressMBps).toBeCloseTo(12.1, 10);
    expect(load.egressMBps).toBeCloseTo(4.05, 10);
  });

  test('partition replicas include __consumer_offsets: (9 + 50) × 3 = 177', () => {
    expect(load.partitions).toBe(9);
    expect(load.partitionReplicas).toBe(177);
  });

  test('retained = Σ ingress × retention × RF: (4 MB/s × 604800 s + 0.05 MB/s × 86400 s) × 3 = 7.27056 TB = 6771.24 GiB', () => {
    expect(load.retainedGiB).toBeCloseTo(7.27056e12 / GIB, 6);
    expect(load.retainedGiB).toBeCloseTo(6771.2367, 3);
  });

  test('the largest partition: orders 2.4192 TB ÷ 3 = 750.9 GiB', () => {
    expect(load.largestPartitionTopic).toBe('orders');
    expect(load.largestPartitionGiB).toBeCloseTo(2.4192e12 / 3 / GIB, 6);
  });
});

describe('brokersFor = max(RF, ⌈peak × RF ÷ write budget⌉, ⌈replicas ÷ per-broker⌉, ⌈retained ÷ 0.6 ÷ 16384⌉), multiple of zones', () => {
  const load = kafkaLoad(EXAMPLE, 3);

  test('the example: max(3, ⌈36.3 ÷ 39⌉ = 1, ⌈177 ÷ 1000⌉ = 1, ⌈6771 ÷ 0.6 ÷ 16384⌉ = 1) = 3', () => {
    expect(brokersFor(load, large('m7g.large'), 3, 3)).toBe(3);
  });

  test('throughput-bound: 100 MB/s peak × 3 ÷ 39 = 7.7 → 8 → 9 (multiple of 3 zones)', () => {
    const heavy = kafkaLoad([topic('t', 20, 50, 2, Duration.hours(1))], 3);
    expect(brokersFor(heavy, large('m7g.large'), 3, 3)).toBe(9);
  });

  test('partition-bound: 1200 partitions × 3 + 150 = 3750 replicas ÷ 1000 → 4 → 6', () => {
    const many = kafkaLoad([topic('t', 1200, 0.1, 2, Duration.hours(1))], 3);
    expect(brokersFor(many, large('m7g.large'), 3, 3)).toBe(6);
  });

  test('one zone, RF 1 (dev): 1 broker', () => {
    expect(brokersFor(kafkaLoad(EXAMPLE, 1), large('m7g.large'), 1, 1)).toBe(1);
  });
});

describe('storagePerBrokerGiB = ⌈retained ÷ brokers ÷ 0.6⌉ in 10 GiB steps, ≥ 20', () => {
  test('the example: 6771.24 ÷ 3 ÷ 0.6 = 3761.8 → 3770 GiB', () => {
    expect(storagePerBrokerGiB(kafkaLoad(EXAMPLE, 3), 3)).toBe(3770);
  });

  test('a tiny topic gets the 20 GiB minimum', () => {
    expect(storagePerBrokerGiB(kafkaLoad([topic('t', 3, 0.001, 2, Duration.hours(1))], 3), 3)).toBe(20);
  });
});

describe('sizeKafka', () => {
  test('prod: 3 m7g.large broker nodes and 3 kafka.m7g.large brokers (1 per zone), 3 KRaft controllers', () => {
    const { kafka, problems } = sizeKafka(EXAMPLE, environment('prod'));
    expect(problems).toEqual([]);
    expect(kafka.selfHosted).toMatchObject({ brokers: 3, zones: 3, brokersPerZone: 1, instanceType: 'm7g.large', instanceTypeSource: 'derived', storagePerBrokerGiB: 3770, controllers: 3 });
    // broker pod: 75 % of allocatable, floored: 1680 × 0.75 = 1260 → 1200m; 7118 × 0.75 = 5338 → 5120 MiB
    expect(kafka.selfHosted.broker).toEqual({ cpuMillis: 1200, memoryMiB: 5120 });
    expect(kafka.managed).toMatchObject({ mode: 'provisioned', brokers: 3, brokersPerZone: 1, instanceType: 'kafka.m7g.large', storagePerBrokerGiB: 3770 });
  });

  test('dev (RF 1, MSK Serverless): 1 self-hosted broker in 1 zone, 1 controller, no MSK brokers', () => {
    const { kafka } = sizeKafka(EXAMPLE, environment('dev'));
    expect(kafka.selfHosted).toMatchObject({ brokers: 1, zones: 1, controllers: 1 });
    expect(kafka.managed).toMatchObject({ mode: 'serverless', brokers: 0, instanceType: '', storagePerBrokerGiB: 0 });
  });

  test('steps up the instance size instead of exceeding 3 brokers per zone: 400 MB/s peak × 3 → m7g.2xlarge', () => {
    const { kafka } = sizeKafka([topic('t', 80, 200, 2, Duration.hours(1))], environment('prod'));
    // large: ⌈1200 ÷ 39⌉ = 31 → 33 brokers; xlarge: ⌈1200 ÷ 78⌉ = 16 → 18; 2xlarge: ⌈1200 ÷ 156⌉ = 8 → 9 = 3 per zone
    expect(kafka.selfHosted).toMatchObject({ instanceType: 'm7g.2xlarge', brokers: 9 });
    expect(kafka.managed).toMatchObject({ instanceType: 'kafka.m7g.2xlarge', brokers: 9 });
  });

  test('storage adds brokers without stepping the type up: traffic picks m7g.xlarge, storage needs 45 brokers', () => {
    // traffic: large ⌈120 × 3 ÷ 39⌉ = 10 → 12 > 9; xlarge ⌈360 ÷ 78⌉ = 5 → 6 ≤ 9.
    // storage: 60 MB/s × 2592000 s × 3 = 466.56 TB = 434512 GiB; ÷ 0.6 ÷ 16384 = 44.2 → 45 (a multiple of 3)
    const { kafka } = sizeKafka([topic('t', 120, 60, 2, Duration.days(30))], environment('prod'));
    expect(kafka.selfHosted).toMatchObject({ instanceType: 'm7g.xlarge', brokers: 45 });
  });

  test('environment overrides win: sizing.kafkaNodeInstanceType and managed.brokerInstanceType', () => {
    const prod = environment('prod');
    const env = { ...prod, sizing: { ...prod.sizing, kafkaNodeInstanceType: 'm7g.xlarge' }, managed: { ...prod.managed, brokerInstanceType: 'kafka.t3.small' } };
    const { kafka } = sizeKafka(EXAMPLE, env);
    expect(kafka.selfHosted).toMatchObject({ instanceType: 'm7g.xlarge', instanceTypeSource: 'explicit', brokers: 3 });
    // t3.small: 5 MB/s budget → ⌈36.3 ÷ 5⌉ = 8 → 9 brokers
    expect(kafka.managed).toMatchObject({ instanceType: 'kafka.t3.small', instanceTypeSource: 'explicit', brokers: 9 });
  });

  test('fails if an override names an unknown type', () => {
    const prod = environment('prod');
    const env = { ...prod, sizing: { ...prod.sizing, kafkaNodeInstanceType: 'm5.huge' }, managed: { ...prod.managed, brokerInstanceType: 'kafka.m9.large' } };
    expect(sizeKafka(EXAMPLE, env).problems).toEqual([
      { path: 'environments.prod.sizing.kafkaNodeInstanceType', message: 'unknown instance type "m5.huge"', fix: 'use one of: m7g.large, m7g.xlarge, m7g.2xlarge, m7g.4xlarge' },
      { path: 'environments.prod.managed.brokerInstanceType', message: 'unknown instance type "kafka.m9.large"', fix: 'use one of: kafka.t3.small, kafka.m7g.large, kafka.m7g.xlarge, kafka.m7g.2xlarge, kafka.m7g.4xlarge' },
    ]);
  });

  test('fails if one partition holds more than a broker volume can keep', () => {
    // 10 MB/s × 30 days = 25.92 TB in 1 partition = 24139.7 GiB; ÷ 0.6 > 16384
    const { problems } = sizeKafka([topic('huge', 1, 10, 1, Duration.days(30))], environment('prod'));
    expect(problems).toEqual([{ path: 'topics[0] ("huge").partitions', message: 'one partition would hold 24140 GiB, more than one broker volume can keep (16384 GiB at 60 % fill)', fix: 'add partitions to the topic or shorten its retention' }]);
  });

  test('fails if MSK Serverless quotas are exceeded (ingress, partitions)', () => {
    const { problems } = sizeKafka([topic('t', 2500, 150, 2, Duration.hours(1))], environment('dev'));
    expect(problems.map((p) => p.message)).toEqual([
      'is "serverless" but the topics\' peak ingress is 300 MB/s, above the MSK Serverless quota of 200 MB/s per cluster',
      'is "serverless" but the topics have 2500 partitions, above the MSK Serverless quota of 2400',
    ]);
  });
});

test('express mode accepts an express.m7g.* override, sized with the matching Standard figures', () => {
  const prod = environment('prod');
  const env = { ...prod, managed: { ...prod.managed, mskMode: 'express' as const, brokerInstanceType: 'express.m7g.xlarge' } };
  const { kafka, problems } = sizeKafka(EXAMPLE, env);
  expect(problems).toEqual([]);
  expect(kafka.managed).toMatchObject({ mode: 'express', instanceType: 'express.m7g.xlarge', instanceTypeSource: 'explicit', brokers: 3 });
});
