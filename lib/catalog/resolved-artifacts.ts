import { FlinkVersion } from '../definition/flink-version';
import { RecordFormat } from '../definition/kafka-options';
import { Flavor } from '../flavor';
import { ShadeRelocation } from './iceberg-catalog-hadoop';
import { JavaVersion } from './java-version';
import { KafkaConnectorVariant } from './kafka-connector-variant';
import { MavenCoordinate } from './maven-coordinate';

/**
 * Versions a pipeline fixes instead of the catalog's choice. Each pin is checked like the defaults: a pin that cannot
 * run on a requested flavor fails synth with the artifact, the versions and the fix.
 */
export interface ArtifactPins {
  /**
   * Iceberg version (`iceberg-flink-runtime-<minor>` and `iceberg-aws-bundle`).
   * @default - the newest Iceberg release for the Flink minor whose class files run on the runner's Java
   */
  readonly icebergVersion?: string;
  /**
   * Kafka connector version without the Flink suffix, e.g. `3.4.0`.
   * @default - the newest connector release for the Flink minor
   */
  readonly kafkaConnectorVersion?: string;
  /**
   * Kafka connector packaging.
   * @default KafkaConnectorVariant.UNSHADED
   */
  readonly kafkaConnectorVariant?: KafkaConnectorVariant;
  /**
   * `aws-msk-iam-auth` version.
   * @default - the newest release whose class files run on the runner's Java
   */
  readonly mskIamAuthVersion?: string;
  /**
   * Version of `org.apache.flink:flink-sql-avro-glue-schema-registry` (the `avro-glue` SQL format), with its Flink
   * suffix, e.g. `5.1.0-1.20`. No release of it exists yet (FLINK-24379: apache/flink-connector-aws#122, #236 open),
   * so a pipeline with `RecordFormat.AVRO_GLUE` topics must pin a build of it in its own Maven repository.
   * @default - the catalog's release for the Flink minor; none today, so synth fails for Avro-Glue topics
   */
  readonly avroGlueFormatVersion?: string;
  /**
   * Java of the self-hosted Flink image (`flink:<patch>-scala_2.12-java<N>`).
   * @default - the catalog's default for the Flink minor (Java 17)
   */
  readonly selfHostedJava?: JavaVersion;
}

/** What the resolver needs to know about a pipeline. */
export interface ArtifactRequest {
  /** Names the pipeline in errors, e.g. `pipeline "orders"`. */
  readonly subject: string;
  readonly flinkVersion: FlinkVersion;
  /** The flavors the one runner jar must run on. */
  readonly flavors: readonly Flavor[];
  /** Whether any job writes an Iceberg table (adds the Iceberg runtime, the AWS bundle and Hadoop). */
  readonly writesIceberg: boolean;
  /**
   * Whether any flavor's Kafka uses MSK IAM authentication (adds `aws-msk-iam-auth`).
   * @default - true if the managed flavor is requested
   */
  readonly mskIamAuth?: boolean;
  /**
   * Record formats the sources use (Avro adds the Confluent registry format).
   * @default [RecordFormat.JSON]
   */
  readonly recordFormats?: readonly RecordFormat[];
  /**
   * Pinned versions.
   * @default - the catalog's choices
   */
  readonly pins?: ArtifactPins;
}

/** How the self-hosted flavor runs the job. */
export interface SelfHostedRuntime {
  /** `flink:<patch>-scala_2.12-java<N>`: the base image of the runner image. */
  readonly image: string;
  readonly java: JavaVersion;
  /** `spec.flinkVersion` of the FlinkDeployment, e.g. `v1_20`. */
  readonly operatorFlinkVersion: string;
}

/** How the managed flavor runs the job. */
export interface ManagedRuntime {
  /** `RuntimeEnvironment` of the MSF application, e.g. `FLINK-1_20`. */
  readonly runtimeEnvironment: string;
  readonly java: JavaVersion;
  /**
   * Whether the job's SQL settings may be `SET` statements in the script; if false (MSF 2.2), pass them to the runner
   * as settings (see `renderJobSql` option `settings` and `sqlRunnerPropertyGroups`).
   */
  readonly allowsSetStatements: boolean;
}

/** The full, checked artifact set of a pipeline: one runner jar that runs on every requested flavor. */
export interface ResolvedArtifacts {
  readonly flinkVersion: FlinkVersion;
  /** Flink patch release, e.g. `1.20.4`. */
  readonly flinkPatch: string;
  /** `maven.compiler.release` of the runner: the lowest runtime Java among the requested flavors. */
  readonly runnerJava: JavaVersion;
  /** Iceberg version, if the pipeline writes Iceberg. */
  readonly icebergVersion?: string;
  readonly kafkaConnectorVariant: KafkaConnectorVariant;
  /** Bundled into the runner jar (shaded, nothing relocated). */
  readonly dependencies: readonly MavenCoordinate[];
  /**
   * Packages the shaded jar relocates: only Hadoop's `conf` and Flink's `HadoopUtils`, for the Iceberg catalog
   * (`iceberg-catalog-hadoop.ts`); the Kafka client, connector and MSK IAM auth are never relocated.
   */
  readonly relocations: readonly ShadeRelocation[];
  /** Compiled against, supplied by the runtime. */
  readonly providedDependencies: readonly MavenCoordinate[];
  /** Present if the self-hosted flavor was requested. */
  readonly selfHosted?: SelfHostedRuntime;
  /** Present if the managed flavor was requested. */
  readonly managed?: ManagedRuntime;
  /** Things that are allowed but unverified (e.g. a connector suffix not yet confirmed upstream): show them to users. */
  readonly warnings: readonly string[];
}
