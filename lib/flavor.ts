/** Where a pipeline runs: self-hosted on EKS, or on AWS managed services. */
export class Flavor {
  /** EKS + Strimzi Kafka + Flink Kubernetes Operator. */
  public static readonly SELF_HOSTED = new Flavor('self-hosted', 'Self-hosted (EKS + Strimzi + Flink operator)');
  /** Amazon MSK + Amazon Managed Service for Apache Flink. */
  public static readonly MANAGED = new Flavor('managed', 'AWS managed (MSK + Managed Service for Apache Flink)');
  /** Every flavor, in report order. */
  public static readonly ALL: readonly Flavor[] = [Flavor.SELF_HOSTED, Flavor.MANAGED];

  /** The flavor with the given id, or undefined. */
  public static tryParse(id: string): Flavor | undefined {
    return Flavor.ALL.find((f) => f.id === id);
  }

  private constructor(
    /** Id used in context (`-c flavor=`), stack names and reports. */
    public readonly id: 'self-hosted' | 'managed',
    /** Human-readable title. */
    public readonly title: string,
  ) {}

  public toString(): string {
    return this.id;
  }
}
