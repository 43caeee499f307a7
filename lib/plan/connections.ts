/**
 * What a flavor's Kafka cluster gives the jobs that use it: the bootstrap servers and the client security properties.
 * The generated SQL is the same on both flavors except for these (see the parity test).
 */
export interface KafkaClientConnection {
  /** `host:port[,host:port…]`; may be a CDK token. */
  readonly bootstrapServers: string;
  /**
   * Kafka client properties without the Flink `properties.` prefix, e.g. `security.protocol` → `SASL_SSL`.
   * Values may be CDK tokens.
   */
  readonly properties: Readonly<Record<string, string>>;
}

/** Where a flavor's Iceberg catalog lives: the Glue databases and the S3 warehouse. */
export interface LakehouseConnection {
  /** `s3://<bucket>/<prefix>` of the Iceberg warehouse; may be a CDK token. */
  readonly warehouseUri: string;
  /** `s3://<bucket>` of checkpoints and savepoints; may be a CDK token. */
  readonly checkpointBucketUri: string;
  /** AWS region of the Glue catalog. */
  readonly region: string;
  /** Physical Glue database name of a logical database of the plan (flavors deployed side by side do not collide). */
  glueDatabaseName(logicalDatabase: string): string;
  /**
   * The `CREATE CATALOG` options, when the catalog is not the Glue Data Catalog with S3FileIO. Only the local runtime
   * sets it (`lib/local/local-catalog.ts`, the one place where a run differs from a deployment's SQL).
   * @default - Glue catalog, S3FileIO, `warehouseUri`, `region`
   */
  readonly catalogOptions?: ReadonlyArray<readonly [string, string]>;
}
