import { SampleRecord } from './verify-records';

/** The records of one topic a verify run produces. */
export interface TopicBatch {
  readonly topic: string;
  readonly records: readonly SampleRecord[];
}

/**
 * Writes records to Kafka (acks from all in-sync replicas) and returns once every record is acknowledged. The
 * managed flavor's is a kafkajs client with MSK IAM; tests put a fake in its place (`setVerifyHooks`).
 */
export interface RecordProducer {
  produce(batches: readonly TopicBatch[]): Promise<void>;
}

/** Makes the producer for MSK bootstrap brokers (IAM, port 9098) in a region. */
export type ManagedProducerFactory = (bootstrapBrokers: string, region: string) => RecordProducer;

/** Seconds between two reads of the tables' metadata while waiting. */
export const VERIFY_POLL_SECONDS = 10;
