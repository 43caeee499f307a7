/**
 * An MSK broker size: Standard brokers (`kafka.*`, customer-managed EBS storage) or Express brokers (`express.*`,
 * storage managed by MSK, replication factor 3 and min ISR 2 fixed, three availability zones).
 */
export class MskBrokerType {
  /** 2 vCPU, 4 GiB, burstable: development only. */
  public static readonly KAFKA_T3_SMALL = new MskBrokerType('kafka.t3.small');
  /** Graviton, 2 vCPU, 8 GiB. */
  public static readonly KAFKA_M7G_LARGE = new MskBrokerType('kafka.m7g.large');
  /** Graviton, 4 vCPU, 16 GiB. */
  public static readonly KAFKA_M7G_XLARGE = new MskBrokerType('kafka.m7g.xlarge');
  /** Graviton, 8 vCPU, 32 GiB. */
  public static readonly KAFKA_M7G_2XLARGE = new MskBrokerType('kafka.m7g.2xlarge');
  /** Graviton, 16 vCPU, 64 GiB. */
  public static readonly KAFKA_M7G_4XLARGE = new MskBrokerType('kafka.m7g.4xlarge');
  /** Express, Graviton, 2 vCPU, 8 GiB. */
  public static readonly EXPRESS_M7G_LARGE = new MskBrokerType('express.m7g.large');
  /** Express, Graviton, 4 vCPU, 16 GiB. */
  public static readonly EXPRESS_M7G_XLARGE = new MskBrokerType('express.m7g.xlarge');
  /** Express, Graviton, 8 vCPU, 32 GiB. */
  public static readonly EXPRESS_M7G_2XLARGE = new MskBrokerType('express.m7g.2xlarge');
  /** Express, Graviton, 16 vCPU, 64 GiB. */
  public static readonly EXPRESS_M7G_4XLARGE = new MskBrokerType('express.m7g.4xlarge');

  /** Sizes MSK offers: Standard `kafka.{t3.small, m5.*, m7g.*}`, Express `express.m7g.*`. */
  private static readonly PATTERN = /^(kafka\.t3\.small|kafka\.m5\.(large|(2|4|8|12|16|24)?xlarge)|(kafka|express)\.m7g\.(large|(2|4|8|12|16)?xlarge))$/;

  /** Whether MSK offers a broker size with this name. */
  public static isKnown(instanceType: string): boolean {
    return MskBrokerType.PATTERN.test(instanceType);
  }

  /**
   * A broker size by name, e.g. `kafka.m7g.xlarge` or `express.m7g.2xlarge`.
   * Unknown names are rejected by the cluster's validation with the list of known families.
   */
  public static of(instanceType: string): MskBrokerType {
    return new MskBrokerType(instanceType);
  }

  private constructor(
    /** The MSK instance type name. */
    public readonly instanceType: string,
  ) {}

  /** Whether this is an Express broker. */
  public get isExpress(): boolean {
    return this.instanceType.startsWith('express.');
  }

  public toString(): string {
    return this.instanceType;
  }
}
