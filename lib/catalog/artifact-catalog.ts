import { JavaVersion } from './java-version';
import { compareVersions } from './maven-coordinate';

/**
 * Versions and class-file levels of the artifacts around Flink (Iceberg, MSK IAM auth, Hadoop, build tools).
 * Facts from `reference/versions.md`; the minimum Java of an artifact is the class-file version it ships.
 */

/** Released `software.amazon.msk:aws-msk-iam-auth` versions the catalog chooses from, oldest first. */
export const MSK_IAM_AUTH_VERSIONS: readonly string[] = ['2.3.4', '2.3.5'];

/**
 * Released `org.apache.flink:flink-sql-avro-glue-schema-registry` versions (the `avro-glue` SQL format with the Glue
 * Schema Registry SerDe) per Flink minor. None yet: the Table API format is FLINK-24379, open as
 * apache/flink-connector-aws#122 and #236 (checked 2026-11); the released `flink-avro-glue-schema-registry` of
 * flink-connector-aws holds only the DataStream (de)serialization schemas. Add a minor's releases here once published.
 */
export const AVRO_GLUE_FORMAT_VERSIONS: Readonly<Record<string, readonly string[]>> = {};

/**
 * Why `aws-msk-iam-auth` takes its AWS SDK from `iceberg-aws-bundle` when both are in the jar: the bundle carries the
 * SDK v2 modules unrelocated (`software.amazon.awssdk.*`) at its own version, and aws-msk-iam-auth brings the same
 * modules at another (2.3.4: SDK 2.32.26; iceberg-aws-bundle 1.10.1: SDK 2.33.0), so the shaded jar would mix two SDK
 * versions class by class. Every SDK class aws-msk-iam-auth 2.3.4 references (64, by `jdeps -verbose:class`) is in
 * iceberg-aws-bundle 1.10.1; the build-time check loads the IAM login module and callback handler from the real jar.
 */
export const MSK_IAM_AUTH_SDK_EXCLUSION = { groupId: 'software.amazon.awssdk', artifactId: '*' } as const;

/**
 * zstd-jni left out of kafka-clients when iceberg-flink-runtime is bundled: the runtime carries zstd-jni unrelocated
 * (1.10.x: 1.5.7-3, classes and native libraries), kafka-clients 3.9 depends on 1.5.6-4; Kafka's zstd codec uses the
 * runtime's copy.
 */
export const ZSTD_JNI_EXCLUSION = { groupId: 'com.github.luben', artifactId: 'zstd-jni' } as const;

/** `org.apache.hadoop:hadoop-common` for Iceberg's use of Hadoop `Configuration` (Java 8 class files). */
export const HADOOP_VERSION = '3.4.1';

/** `com.amazonaws:aws-kinesisanalytics-runtime`: reads the application's runtime properties on MSF (provided there). */
export const MSF_RUNTIME_LIBRARY_VERSION = '1.2.0';

/** `org.slf4j:slf4j-api` the runner logs through (provided by every Flink runtime). */
export const SLF4J_API_VERSION = '1.7.36';

/** Maven and plugin versions of the generated build. */
export const BUILD_TOOLS = {
  /** `maven:<version>-eclipse-temurin-<java>` build image of the self-hosted Dockerfile. */
  maven: '3.9.9',
  compilerPlugin: '3.13.0',
  shadePlugin: '3.6.0',
  /** `maven-dependency-plugin`: copies the local Flink home's `lib/` (needs Maven 3.6.3+). */
  dependencyPlugin: '3.8.1',
  /** `maven-enforcer-plugin`: fails the runner build on duplicate classes and diverging versions (Maven 3.6.3+). */
  enforcerPlugin: '3.6.2',
  /** `org.codehaus.mojo:extra-enforcer-rules`: the `banDuplicateClasses` rule. */
  extraEnforcerRules: '1.10.0',
} as const;

/** Minimum Java of `org.apache.iceberg:*` (flink runtime, aws bundle): ≤ 1.6 → 8, 1.7–1.10 → 11, ≥ 1.11 → 17. */
export function icebergMinimumJava(version: string): JavaVersion {
  if (compareVersions(version, '1.11.0') >= 0) return JavaVersion.JAVA_17;
  if (compareVersions(version, '1.7.0') >= 0) return JavaVersion.JAVA_11;
  return JavaVersion.JAVA_8;
}

/** Minimum Java of `software.amazon.msk:aws-msk-iam-auth`: ≤ 2.3.4 → 8, ≥ 2.3.5 → 17. */
export function mskIamAuthMinimumJava(version: string): JavaVersion {
  return compareVersions(version, '2.3.5') >= 0 ? JavaVersion.JAVA_17 : JavaVersion.JAVA_8;
}

/** Minimum Java of `org.apache.flink:flink-(sql-)connector-kafka`: 3.x and 4.0.x → 8; later (Flink 2.1+) → 11. */
export function kafkaConnectorMinimumJava(version: string): JavaVersion {
  return compareVersions(version, '4.1.0') >= 0 ? JavaVersion.JAVA_11 : JavaVersion.JAVA_8;
}

/** Minimum Java of Flink's own artifacts: 1.x → 8, 2.x → 11. */
export function flinkMinimumJava(patch: string): JavaVersion {
  return compareVersions(patch, '2.0.0') >= 0 ? JavaVersion.JAVA_11 : JavaVersion.JAVA_8;
}

/** The Flink binary distribution of a patch release, from the Apache archive (keeps every release). */
export interface FlinkDistribution {
  /** `flink-<patch>-bin-scala_2.12.tgz` */
  readonly fileName: string;
  readonly url: string;
  /** Apache's SHA-512 of the archive (`sha512sum` format), next to it. */
  readonly sha512Url: string;
  /** Top-level directory of the archive: the Flink home. */
  readonly directory: string;
}

/**
 * The binary distribution the managed build checks the jar in (the same Flink version as the MSF runtime). The
 * `-bin-scala_2.12` name is the one of every 1.x release; for 2.x it follows the `scala_2.12` image tags (unverified).
 */
export function flinkDistribution(patch: string): FlinkDistribution {
  const fileName = `flink-${patch}-bin-scala_2.12.tgz`;
  const url = `https://archive.apache.org/dist/flink/flink-${patch}/${fileName}`;
  return { fileName, url, sha512Url: `${url}.sha512`, directory: `flink-${patch}` };
}
