/** Environment options read only by the self-hosted flavor (`selfHosted` in an environment's context). */
export interface SelfHostedEnvironmentOptions {
  /**
   * CIDRs allowed to reach the EKS API endpoint publicly. Empty or absent: the endpoint is private only.
   * @default [] (private endpoint)
   */
  readonly eksPublicAccessCidrs?: string[];
  /**
   * Adds a plain (unencrypted) Kafka listener on port 9092, inside the cluster network only. Refused outside dev.
   * @default false
   */
  readonly kafkaPlainListener?: boolean;
  /**
   * Tenant namespaces that get a shared Flink session cluster (`FlinkSessionJob`s run there).
   * @default [] (every job gets its own application-mode FlinkDeployment)
   */
  readonly sessionClusterTenants?: string[];
}
