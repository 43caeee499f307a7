import { ValidationProblem } from '../../../lib/validation/validation-problem';
import { MskBrokerType } from '../kafka/msk-broker-type';
import { MskKafkaVersion } from '../kafka/msk-kafka-version';
import { EXPRESS_FIXED_SERVER_PROPERTIES } from '../kafka/msk-server-properties';

/** Most brokers an MSK KRaft cluster may have (service quota). */
export const MSK_MAX_BROKERS_PER_KRAFT_CLUSTER = 60;

/** What the rules need to know about a provisioned (Standard or Express) MSK cluster. */
export interface ProvisionedMskSpec {
  /** Where the values came from, prefixing every problem path, e.g. `environments.prod.managed`. */
  readonly path: string;
  readonly kafkaVersion: MskKafkaVersion;
  readonly brokerType: MskBrokerType;
  readonly brokersPerAz: number;
  readonly availabilityZones: number;
  /** Whether the cluster was asked for Express brokers (`mskMode: "express"`). */
  readonly expressMode: boolean;
  readonly production: boolean;
  /** GiB per Standard broker (undefined for Express). */
  readonly storagePerBrokerGiB?: number;
  /** GiB ceiling of storage autoscaling, if set. */
  readonly maxStoragePerBrokerGiB?: number;
  /** Broker properties the cluster is configured with. */
  readonly serverProperties: Readonly<Record<string, string>>;
  /**
   * Whether the cluster runs with tiered storage (`StorageMode: TIERED`), because a topic keeps raw records there.
   * @default false
   */
  readonly tieredStorage?: boolean;
}

type Rule = (spec: ProvisionedMskSpec) => ValidationProblem[];

const kraftVersion: Rule = (s) => (s.kafkaVersion.isKraft ? [] : [{
  path: `${s.path}.kafkaVersion`,
  message: `must be a KRaft version like "3.9.x.kraft", got "${s.kafkaVersion.version}"`,
  fix: `use one of: ${MskKafkaVersion.ALL.map((v) => v.version).join(', ')} (ZooKeeper mode cannot be migrated away from later)`,
}]);

const knownBrokerType: Rule = (s) => (MskBrokerType.isKnown(s.brokerType.instanceType) ? [] : [{
  path: `${s.path}.brokerInstanceType`,
  message: `is not an MSK broker size, got "${s.brokerType.instanceType}"`,
  fix: 'use kafka.m7g.<large|xlarge|2xlarge…>, kafka.m5.<…>, kafka.t3.small (dev) or express.m7g.<large|xlarge…>',
}]);

const brokerTypeMatchesMode: Rule = (s) => {
  if (s.expressMode && !s.brokerType.isExpress) {
    return [{ path: `${s.path}.brokerInstanceType`, message: `is the Standard broker "${s.brokerType.instanceType}" but mskMode is "express"`, fix: 'use an express.m7g.* size, or mskMode "provisioned"' }];
  }
  if (!s.expressMode && s.brokerType.isExpress) {
    return [{ path: `${s.path}.brokerInstanceType`, message: `is the Express broker "${s.brokerType.instanceType}" but mskMode is "provisioned"`, fix: 'set mskMode to "express", or use a kafka.m7g.* size' }];
  }
  return [];
};

const zoneCount: Rule = (s) => {
  if (s.brokerType.isExpress && s.availabilityZones !== 3) {
    return [{ path: `${s.path}.availabilityZones`, message: `has ${s.availabilityZones} zone(s) but Express brokers run in exactly 3`, fix: 'use 3 availability zones, or Standard brokers (mskMode "provisioned")' }];
  }
  if (s.availabilityZones < 2 || s.availabilityZones > 3) {
    return [{ path: `${s.path}.availabilityZones`, message: `has ${s.availabilityZones} zone(s) but MSK brokers spread over 2 or 3`, fix: 'use 3 availability zones (2 at least)' }];
  }
  return [];
};

const brokerCount: Rule = (s) => {
  const total = s.brokersPerAz * s.availabilityZones;
  if (!Number.isInteger(s.brokersPerAz) || s.brokersPerAz < 1) {
    return [{ path: `${s.path}.brokersPerAz`, message: `must be a whole number ≥ 1, got ${s.brokersPerAz}`, fix: 'use 1 or more brokers per zone' }];
  }
  if (total > MSK_MAX_BROKERS_PER_KRAFT_CLUSTER) {
    return [{ path: `${s.path}.brokersPerAz`, message: `gives ${total} brokers, more than the ${MSK_MAX_BROKERS_PER_KRAFT_CLUSTER} an MSK KRaft cluster may have`, fix: 'use a larger broker size, or split the pipeline over clusters' }];
  }
  return [];
};

const noBurstableInProduction: Rule = (s) => (s.production && s.brokerType.instanceType === 'kafka.t3.small' ? [{
  path: `${s.path}.brokerInstanceType`,
  message: 'is the burstable kafka.t3.small in a production environment',
  fix: 'use kafka.m7g.large or larger: t3 brokers run out of CPU credits under sustained load',
}] : []);

const storageOnlyOnStandard: Rule = (s) => {
  if (!s.brokerType.isExpress) return [];
  return s.maxStoragePerBrokerGiB === undefined && s.storagePerBrokerGiB === undefined ? [] : [{
    path: `${s.path}.maxStoragePerBrokerGiB`,
    message: 'sets broker storage, but Express brokers have storage managed by MSK (no EBS, no storage autoscaling)',
    fix: 'remove the storage settings, or use Standard brokers (mskMode "provisioned")',
  }];
};

const storageBounds: Rule = (s) => {
  if (s.brokerType.isExpress || s.storagePerBrokerGiB === undefined) return [];
  const problems: ValidationProblem[] = [];
  if (!Number.isInteger(s.storagePerBrokerGiB) || s.storagePerBrokerGiB < 1 || s.storagePerBrokerGiB > 16384) {
    problems.push({ path: `${s.path}.storagePerBrokerGiB`, message: `must be a whole number of GiB from 1 to 16384, got ${s.storagePerBrokerGiB}`, fix: 'size it from retention × ingress × replication ÷ brokers' });
  }
  const max = s.maxStoragePerBrokerGiB;
  if (max !== undefined && (!Number.isInteger(max) || max < s.storagePerBrokerGiB || max > 16384)) {
    problems.push({ path: `${s.path}.maxStoragePerBrokerGiB`, message: `must be a whole number of GiB from storagePerBrokerGiB (${s.storagePerBrokerGiB}) to 16384, got ${max}`, fix: 'raise it above the provisioned size, or remove it (4 × the provisioned size)' });
  }
  return problems;
};

const expressFixedProperties: Rule = (s) => {
  if (!s.brokerType.isExpress) return [];
  return Object.entries(EXPRESS_FIXED_SERVER_PROPERTIES)
    .filter(([key, fixed]) => s.serverProperties[key] !== undefined && s.serverProperties[key] !== fixed)
    .map(([key, fixed]) => ({
      path: `${s.path}.serverProperties["${key}"]`,
      message: `is ${s.serverProperties[key]} but Express brokers fix it at ${fixed}`,
      fix: ['default.replication.factor', 'min.insync.replicas', 'transaction.state.log.min.isr'].includes(key)
        ? 'use kafka.replicationFactor 3 and kafka.minInSyncReplicas 2 in the environment, or Standard brokers'
        : 'remove the override, or use Standard brokers',
    }));
};

/** The first Kafka version of MSK provisioned clusters with tiered storage (besides the old `2.8.2.tiered`). */
const FIRST_TIERED_STORAGE_VERSION: readonly [number, number] = [3, 6];

const tieredStorageSupported: Rule = (s) => {
  if (s.tieredStorage !== true) return [];
  const why = 'a topic keeps its raw records in MSK tiered storage (rawRetention)';
  if (s.brokerType.isExpress) {
    return [{ path: `${s.path}.mskMode`, message: `is "express" but ${why}, which only Standard brokers have`, fix: 'use mskMode "provisioned" with kafka.m5/m7g brokers, or remove rawRetention from the topics' }];
  }
  const problems: ValidationProblem[] = [];
  if (s.brokerType.instanceType.startsWith('kafka.t3.')) {
    problems.push({ path: `${s.path}.brokerInstanceType`, message: `is "${s.brokerType.instanceType}" but ${why}, which t3 brokers do not have`, fix: 'use kafka.m7g.large or larger, or remove rawRetention from the topics' });
  }
  const [major, minor] = s.kafkaVersion.version.split('.').map((part) => Number(part));
  const [firstMajor, firstMinor] = FIRST_TIERED_STORAGE_VERSION;
  if (!(major > firstMajor || (major === firstMajor && minor >= firstMinor))) {
    problems.push({ path: `${s.path}.kafkaVersion`, message: `is "${s.kafkaVersion.version}" but ${why}, which needs Kafka 3.6 or later`, fix: `use ${MskKafkaVersion.DEFAULT.version} or later` });
  }
  return problems;
};

const RULES: readonly Rule[] = [
  kraftVersion, knownBrokerType, brokerTypeMatchesMode, zoneCount, brokerCount, noBurstableInProduction,
  storageOnlyOnStandard, storageBounds, expressFixedProperties, tieredStorageSupported,
];

/** Every problem of a provisioned (Standard or Express) MSK cluster specification. */
export function validateProvisionedMsk(spec: ProvisionedMskSpec): ValidationProblem[] {
  return RULES.flatMap((rule) => rule(spec));
}
