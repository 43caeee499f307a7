/** Kinds of MSK cluster. */
export type MskMode = 'provisioned' | 'serverless' | 'express';

/** Environment options read only by the managed flavor (`managed` in an environment's context). */
export interface ManagedEnvironmentOptions {
  /**
   * MSK cluster kind: provisioned brokers, Serverless (IAM only, for dev), or Express brokers (m7g.xlarge and up).
   * @default 'provisioned'
   */
  readonly mskMode?: MskMode;
  /**
   * MSK broker instance type for provisioned / express clusters.
   * @default - chosen by the sizing model
   */
  readonly brokerInstanceType?: string;
}
