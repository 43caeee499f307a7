import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { KafkaClient } from '@aws-sdk/client-kafka';
import { KinesisAnalyticsV2Client } from '@aws-sdk/client-kinesis-analytics-v2';

/**
 * Attempts per AWS call: the SDK's standard retry mode backs off exponentially (with jitter) between attempts and
 * retries throttling errors.
 */
export const MANAGED_MAX_ATTEMPTS = 5;

/** The AWS clients the managed flavor's operations use (made per region by default; tests mock them). */
export interface ManagedClients {
  /** Managed Service for Apache Flink (the jobs' applications). */
  readonly flink: KinesisAnalyticsV2Client;
  /** MSK (the platform's cluster and its topics). */
  readonly kafka: KafkaClient;
  /** CloudWatch metrics (restarts and checkpoints of the jobs, consumer lag of their groups). */
  readonly cloudWatch: CloudWatchClient;
}

/** The configuration of every AWS client the CLI makes: its region, the SDK's standard retry (backoff) over `MANAGED_MAX_ATTEMPTS` attempts. */
export function awsClientConfig(region: string): { region: string; maxAttempts: number; retryMode: string } {
  return { region, maxAttempts: MANAGED_MAX_ATTEMPTS, retryMode: 'standard' };
}

/** Clients for a region with the SDK's standard retry (backoff) over `MANAGED_MAX_ATTEMPTS` attempts. */
export function managedClients(region: string): ManagedClients {
  const config = awsClientConfig(region);
  return { flink: new KinesisAnalyticsV2Client(config), kafka: new KafkaClient(config), cloudWatch: new CloudWatchClient(config) };
}
