/**
 * Which packaging of the Flink Kafka connector the runner bundles.
 */
export class KafkaConnectorVariant {
  /**
   * `flink-connector-kafka` with `kafka-clients` unrelocated, so `aws-msk-iam-auth` can plug into the Kafka client.
   * The default, and the only variant that works with MSK IAM authentication.
   */
  public static readonly UNSHADED = new KafkaConnectorVariant('unshaded', 'flink-connector-kafka');
  /**
   * `flink-sql-connector-kafka`: the fat jar that relocates `org.apache.kafka`. Fine for TLS / SCRAM, but MSK IAM
   * authentication fails with a ClassCastException on its callback handler.
   */
  public static readonly SHADED_SQL = new KafkaConnectorVariant('shaded-sql', 'flink-sql-connector-kafka');

  private constructor(
    public readonly id: 'unshaded' | 'shaded-sql',
    /** Maven artifact id (group `org.apache.flink`). */
    public readonly artifactId: string,
  ) {}

  public toString(): string {
    return this.artifactId;
  }
}
