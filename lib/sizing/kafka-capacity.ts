import { PipelineEnvironment } from '../environment/pipeline-environment';
import { TopicPlan } from '../plan/pipeline-plan';
import { ValidationProblem } from '../validation/validation-problem';
import { EC2_NODE_TYPES, InstanceTypeSpec, MSK_BROKER_TYPES, findInstanceType } from './instance-types';
import { ceilUnits, roundUpTo } from './private/rounding';
import { SIZING_DEFAULTS } from './sizing-defaults';
import { BrokerSizing, KafkaSizing, KafkaTraffic, PodResources } from './sizing-plan';

const GIB = 1024 ** 3;

/** The load a Kafka cluster carries, the same on both flavors, with what sizing checks against it. */
export interface KafkaLoad extends KafkaTraffic {
  readonly replicationFactor: number;
  /** The largest single partition replica, GiB (it must fit one broker volume). */
  readonly largestPartitionGiB: number;
  readonly largestPartitionTopic?: string;
  /** Index of that topic among the topics (definition order). */
  readonly largestPartitionTopicIndex?: number;
}

function kafkaTraffic(load: KafkaLoad): KafkaTraffic {
  const { ingressMBps, peakIngressMBps, egressMBps, partitions, partitionReplicas, retainedGiB, tieredGiB } = load;
  return { ingressMBps, peakIngressMBps, egressMBps, partitions, partitionReplicas, retainedGiB, tieredGiB };
}

/** Sums the load of the topics. */
export function kafkaLoad(topics: readonly TopicPlan[], replicationFactor: number): KafkaLoad {
  let ingressMBps = 0; let peakIngressMBps = 0; let egressMBps = 0; let partitions = 0; let retainedBytes = 0; let tieredBytes = 0;
  let largestPartitionGiB = 0; let largestPartitionTopic: string | undefined; let largestPartitionTopicIndex: number | undefined;
  for (const [index, topic] of topics.entries()) {
    partitions += topic.partitions;
    if (!topic.workload) continue;
    const w = topic.workload;
    ingressMBps += w.ingressMBps;
    peakIngressMBps += w.peakIngressMBps;
    egressMBps += w.ingressMBps * w.consumerGroups;
    const topicBytes = w.ingressMBps * 1e6 * topic.retention.toMilliseconds() / 1000;
    retainedBytes += topicBytes * replicationFactor;
    if (topic.rawRetention?.id === 'tiered-storage') tieredBytes += w.ingressMBps * 1e6 * topic.rawRetention.total.toMilliseconds() / 1000;
    const partitionGiB = topicBytes / topic.partitions / GIB;
    if (partitionGiB > largestPartitionGiB) { largestPartitionGiB = partitionGiB; largestPartitionTopic = topic.name; largestPartitionTopicIndex = index; }
  }
  return {
    replicationFactor,
    ingressMBps, peakIngressMBps, egressMBps, partitions,
    partitionReplicas: (partitions + SIZING_DEFAULTS.consumerOffsetsPartitions) * replicationFactor,
    retainedGiB: retainedBytes / GIB,
    tieredGiB: tieredBytes / GIB,
    largestPartitionGiB,
    largestPartitionTopic,
    largestPartitionTopicIndex,
  };
}

/** Brokers an instance type needs for the load's throughput and partitions (what a bigger type reduces). */
function brokersForTraffic(load: KafkaLoad, type: InstanceTypeSpec): number {
  const byThroughput = ceilUnits(load.peakIngressMBps * load.replicationFactor / type.brokerWriteMBps);
  const byPartitions = ceilUnits(load.partitionReplicas / type.maxPartitionReplicas);
  return Math.max(byThroughput, byPartitions);
}

/** Brokers needed on an instance type: max(RF, throughput, partitions, storage), a multiple of the zones. */
export function brokersFor(load: KafkaLoad, type: InstanceTypeSpec, replicationFactor: number, zones: number): number {
  const byStorage = ceilUnits(load.retainedGiB / SIZING_DEFAULTS.brokerDiskFillRatio / SIZING_DEFAULTS.maxBrokerStorageGiB);
  return roundUpTo(Math.max(replicationFactor, brokersForTraffic(load, type), byStorage, 1), zones);
}

/** GiB per broker volume: retained ÷ brokers ÷ fill ratio, rounded up to 10 GiB steps, at least 20 GiB. */
export function storagePerBrokerGiB(load: KafkaLoad, brokers: number): number {
  if (brokers === 0) return 0;
  const needed = load.retainedGiB / brokers / SIZING_DEFAULTS.brokerDiskFillRatio;
  return Math.max(SIZING_DEFAULTS.minBrokerStorageGiB, roundUpTo(needed, SIZING_DEFAULTS.brokerStorageStepGiB));
}

/**
 * Brokers on an explicit type, or on the smallest type of the ladder whose throughput and partition budgets need at
 * most `maxBrokersPerZoneBeforeResize` brokers per zone (else the largest type, with as many brokers as it takes).
 * More brokers for storage never step the type up: a bigger instance does not hold more disk.
 */
function chooseBrokers(load: KafkaLoad, ladder: readonly InstanceTypeSpec[], explicit: InstanceTypeSpec | undefined, replicationFactor: number, zones: number): BrokerSizing {
  const pick = (type: InstanceTypeSpec, source: 'explicit' | 'derived'): BrokerSizing => {
    const brokers = brokersFor(load, type, replicationFactor, zones);
    return { brokers, zones, brokersPerZone: brokers / zones, instanceType: type.name, instanceTypeSource: source, storagePerBrokerGiB: storagePerBrokerGiB(load, brokers) };
  };
  if (explicit) return pick(explicit, 'explicit');
  // Only throughput and partitions shrink with a bigger type; storage-bound clusters stay on the smallest one.
  const fits = ladder.find((type) => roundUpTo(brokersForTraffic(load, type), zones) <= SIZING_DEFAULTS.maxBrokersPerZoneBeforeResize * zones);
  return pick(fits ?? ladder[ladder.length - 1], 'derived');
}

/** Result of {@link sizeKafka}. */
export interface KafkaSizingResult {
  readonly kafka: KafkaSizing;
  readonly problems: ValidationProblem[];
}

function unknownType(path: string, value: string, catalog: readonly InstanceTypeSpec[]): ValidationProblem {
  return { path, message: `unknown instance type ${JSON.stringify(value)}`, fix: `use one of: ${catalog.map((t) => t.name).join(', ')}` };
}

/**
 * Sizes the Kafka cluster of both flavors from the topics' load.
 *
 * Zones: self-hosted spreads brokers over every availability zone when replication factor > 1 (else one zone);
 * MSK provisioned always uses every zone (its broker count is per zone). Self-hosted runs one broker per node
 * (EC2 `m7g.*`), MSK the matching `kafka.m7g.*` type, so both flavors carry the load on the same hardware.
 */
export function sizeKafka(topics: readonly TopicPlan[], environment: PipelineEnvironment): KafkaSizingResult {
  const rf = environment.kafka.replicationFactor;
  const load = kafkaLoad(topics, rf);
  const problems: ValidationProblem[] = [];
  const env = `environments.${environment.name}`;

  const nodeOverride = environment.sizing.kafkaNodeInstanceType;
  const explicitNode = nodeOverride === undefined ? undefined : findInstanceType(EC2_NODE_TYPES, nodeOverride);
  if (nodeOverride !== undefined && !explicitNode) problems.push(unknownType(`${env}.sizing.kafkaNodeInstanceType`, nodeOverride, EC2_NODE_TYPES));
  const selfZones = rf > 1 ? environment.availabilityZones.length : 1;
  const selfBrokers = chooseBrokers(load, EC2_NODE_TYPES, explicitNode, rf, selfZones);
  const nodeType = findInstanceType(EC2_NODE_TYPES, selfBrokers.instanceType) ?? EC2_NODE_TYPES[0];
  const broker: PodResources = {
    cpuMillis: Math.floor(nodeType.allocatableCpuMillis * SIZING_DEFAULTS.brokerPodShareOfNode / 100) * 100,
    memoryMiB: Math.floor(nodeType.allocatableMemoryMiB * SIZING_DEFAULTS.brokerPodShareOfNode / 256) * 256,
  };

  const mode = environment.managed.mskMode ?? 'provisioned';
  const mskOverride = environment.managed.brokerInstanceType;
  // Express brokers (`express.m7g.*`) are sized with the capacity figures of the matching Standard type: conservative,
  // Express brokers take more throughput per broker.
  const mskLookup = mode === 'express' ? mskOverride?.replace(/^express\./, 'kafka.') : mskOverride;
  const explicitMskSpec = mskLookup === undefined ? undefined : findInstanceType(MSK_BROKER_TYPES, mskLookup);
  const explicitMsk = explicitMskSpec && mskOverride !== undefined ? { ...explicitMskSpec, name: mskOverride } : undefined;
  if (mskOverride !== undefined && !explicitMsk && mode !== 'serverless') problems.push(unknownType(`${env}.managed.brokerInstanceType`, mskOverride, MSK_BROKER_TYPES));
  const mskLadder = MSK_BROKER_TYPES.filter((t) => !t.name.startsWith('kafka.t3.'));
  const managedBrokers: BrokerSizing = mode === 'serverless'
    ? { brokers: 0, zones: environment.availabilityZones.length, brokersPerZone: 0, instanceType: '', instanceTypeSource: 'derived', storagePerBrokerGiB: 0 }
    : chooseBrokers(load, mskLadder, explicitMsk, rf, environment.availabilityZones.length);

  if (load.largestPartitionGiB / SIZING_DEFAULTS.brokerDiskFillRatio > SIZING_DEFAULTS.maxBrokerStorageGiB) {
    problems.push({
      path: `topics[${load.largestPartitionTopicIndex}] (${JSON.stringify(load.largestPartitionTopic)}).partitions`,
      message: `one partition would hold ${Math.round(load.largestPartitionGiB)} GiB, more than one broker volume can keep (${SIZING_DEFAULTS.maxBrokerStorageGiB} GiB at ${SIZING_DEFAULTS.brokerDiskFillRatio * 100} % fill)`,
      fix: 'add partitions to the topic or shorten its retention',
    });
  }
  if (mode === 'serverless' && load.peakIngressMBps > SIZING_DEFAULTS.serverlessMaxIngressMBps) {
    problems.push({ path: `${env}.managed.mskMode`, message: `is "serverless" but the topics' peak ingress is ${load.peakIngressMBps} MB/s, above the MSK Serverless quota of ${SIZING_DEFAULTS.serverlessMaxIngressMBps} MB/s per cluster`, fix: 'use "provisioned", or lower the workload' });
  }
  if (mode === 'serverless' && load.partitions > SIZING_DEFAULTS.serverlessMaxPartitions) {
    problems.push({ path: `${env}.managed.mskMode`, message: `is "serverless" but the topics have ${load.partitions} partitions, above the MSK Serverless quota of ${SIZING_DEFAULTS.serverlessMaxPartitions}`, fix: 'use "provisioned", or reduce partitions' });
  }
  return {
    kafka: {
      ...kafkaTraffic(load),
      selfHosted: { ...selfBrokers, broker, controllers: rf > 1 ? 3 : 1, controller: { ...SIZING_DEFAULTS.controller } },
      managed: { ...managedBrokers, mode },
    },
    problems,
  };
}
