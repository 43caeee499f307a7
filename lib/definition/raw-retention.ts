import { Duration } from 'aws-cdk-lib';

/**
 * How a topic keeps its raw records beyond the Kafka retention on the broker disks (`TopicDefinition.retention`).
 * An enum-like class: compare by `id` (definitions arrive from JSON files and from other copies of this package).
 */
export class RawRetention {
  /**
   * Kafka tiered storage (KIP-405) where the platform has it: MSK provisioned clusters with Standard brokers.
   * The brokers keep the topic's `retention` on their volumes (`local.retention.ms`); closed segments are copied to
   * the MSK tiered storage tier and kept there until `total` (`retention.ms`), readable by any Kafka consumer.
   * Refused on MSK Serverless, Express brokers and the self-hosted flavor (Strimzi ships no remote storage plugin).
   *
   * @param total how long records are kept in all, tiered storage included; longer than the topic's `retention`
   */
  public static tieredStorage(total: Duration): RawRetention {
    return new RawRetention('tiered-storage', total);
  }

  private constructor(
    /** What keeps the raw records. */
    public readonly id: 'tiered-storage',
    /** How long records are kept in all (local + tiered). */
    public readonly total: Duration,
  ) {}

  public toString(): string {
    return `${this.id}(${this.total.toHumanString()})`;
  }
}
