/**
 * An Apache Kafka version of Amazon MSK provisioned clusters, in the form CreateCluster expects.
 * Only KRaft versions are offered: ZooKeeper mode ends with Kafka 3.9 and a cluster cannot switch modes once created.
 */
export class MskKafkaVersion {
  /** Kafka 3.7.x in KRaft mode (the first MSK version with KRaft). */
  public static readonly V3_7_X_KRAFT = new MskKafkaVersion('3.7.x.kraft');
  /** Kafka 3.8.x in KRaft mode. */
  public static readonly V3_8_X_KRAFT = new MskKafkaVersion('3.8.x.kraft');
  /** Kafka 3.9.x in KRaft mode: the last 3.x line, the default. */
  public static readonly V3_9_X_KRAFT = new MskKafkaVersion('3.9.x.kraft');
  /** Kafka 4.0.x (KRaft only). */
  public static readonly V4_0_X_KRAFT = new MskKafkaVersion('4.0.x.kraft');
  /** Kafka 4.1.x (KRaft only). */
  public static readonly V4_1_X_KRAFT = new MskKafkaVersion('4.1.x.kraft');

  /** Every known KRaft version, oldest first. */
  public static readonly ALL: readonly MskKafkaVersion[] = [
    MskKafkaVersion.V3_7_X_KRAFT,
    MskKafkaVersion.V3_8_X_KRAFT,
    MskKafkaVersion.V3_9_X_KRAFT,
    MskKafkaVersion.V4_0_X_KRAFT,
    MskKafkaVersion.V4_1_X_KRAFT,
  ];

  /** The default version of new clusters. */
  public static readonly DEFAULT = MskKafkaVersion.V3_9_X_KRAFT;

  /** The known version with this id, or undefined (ZooKeeper-mode ids like `3.9.x` are not accepted). */
  public static tryParse(id: string): MskKafkaVersion | undefined {
    return MskKafkaVersion.ALL.find((v) => v.version === id);
  }

  /**
   * A version this library does not list yet (e.g. a newer MSK release). It must be a KRaft version id.
   * @param version e.g. `4.2.x.kraft`
   */
  public static of(version: string): MskKafkaVersion {
    return MskKafkaVersion.tryParse(version) ?? new MskKafkaVersion(version);
  }

  private constructor(
    /** The MSK version id, e.g. `3.9.x.kraft`. */
    public readonly version: string,
  ) {}

  /** Whether the id names a KRaft-mode version (`<major>.<minor>.x.kraft`). */
  public get isKraft(): boolean {
    return /^\d+\.\d+\.x\.kraft$/.test(this.version);
  }

  public toString(): string {
    return this.version;
  }
}
