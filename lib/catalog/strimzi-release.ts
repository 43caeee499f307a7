/**
 * The Strimzi release the self-hosted flavor installs and the Kafka versions it runs (facts from
 * `reference/versions.md`): Strimzi 1.2.0 serves only API `kafka.strimzi.io/v1`, runs KRaft with KafkaNodePools only
 * (no ZooKeeper) and supports these Kafka versions. Update here, with the Helm chart pin, when upstream releases.
 */
export interface StrimziRelease {
  /** Strimzi (operator and Helm chart) version. */
  readonly version: string;
  /** `apiVersion` of Kafka, KafkaNodePool and KafkaTopic. */
  readonly apiVersion: string;
  /** Kafka versions the release can run, oldest first. */
  readonly kafkaVersions: readonly string[];
  /** The version a Kafka cluster gets unless pinned. */
  readonly defaultKafkaVersion: string;
  /** Lowest Kubernetes minor the release supports, e.g. `1.30`. */
  readonly minimumKubernetes: string;
}

/** Strimzi 1.2.0 (2026-08). */
export const STRIMZI_1_2: StrimziRelease = {
  version: '1.2.0',
  apiVersion: 'kafka.strimzi.io/v1',
  kafkaVersions: ['4.2.0', '4.2.1', '4.3.0', '4.3.1'],
  defaultKafkaVersion: '4.3.1',
  minimumKubernetes: '1.30',
};

