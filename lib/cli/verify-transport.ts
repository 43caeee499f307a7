import { TopicPlan } from '../plan/pipeline-plan';
import { TopicBatch } from './verify-producer';

/** How a flavor gets a verify run's records into its Kafka cluster. */
export interface VerifyTransport {
  /** Whether only text records can be produced (the self-hosted console producer). */
  readonly textOnly: boolean;
  /** What `--dry-run` says about the cluster, the bootstrap servers and what the run needs (no call made). */
  describe(topics: readonly TopicPlan[], run: string): string[];
  /** Glue Schema Registry version ids (UUIDs) of the Avro-Glue topics' schemas, by topic. */
  schemaVersionIds(topics: readonly TopicPlan[]): Promise<ReadonlyMap<string, string>>;
  /** Produces the records; returns when they were produced (epoch milliseconds), the start of the latency. */
  produce(batches: readonly TopicBatch[], run: string, progress: (line: string) => void): Promise<number>;
}
