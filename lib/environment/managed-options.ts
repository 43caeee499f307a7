/** Kinds of MSK cluster. */
export type MskMode = 'provisioned' | 'serverless' | 'express';

/** Environment options read only by the managed flavor (`managed` in an environment's context). */
export interface ManagedEnvironmentOptions {
  /**
   * MSK cluster kind: provisioned Standard brokers, Serverless (IAM only, throughput and partition quotas, no topic
   * API: for dev), or Express brokers (`express.m7g.*`, 3 zones, replication 3 / min ISR 2 fixed, storage managed by MSK).
   * @default 'provisioned'
   */
  readonly mskMode?: MskMode;
  /**
   * MSK broker instance type for provisioned / express clusters, e.g. `kafka.m7g.large` or `express.m7g.xlarge`.
   * @default - chosen by the sizing model (its Express counterpart in express mode)
   */
  readonly brokerInstanceType?: string;
  /**
   * MSK Kafka version of provisioned / express clusters; KRaft versions only (`3.7.x.kraft` … `4.1.x.kraft`).
   * @default '3.9.x.kraft'
   */
  readonly kafkaVersion?: string;
  /**
   * Ceiling of the broker storage autoscaling of Standard brokers, GiB per broker (≤ 16384).
   * @default - 4 × the sized volume, at most 16384
   */
  readonly maxStoragePerBrokerGiB?: number;
  /**
   * E-mail addresses subscribed to each pipeline's alarm topic (`<pipeline>-<env>-alarms`). Each address gets a
   * confirmation mail from SNS and receives nothing until it confirms.
   * @default - no subscription: subscribe your pager to the topic yourself
   */
  readonly alarmEmails?: string[];
}
