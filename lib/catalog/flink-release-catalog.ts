import { JavaVersion } from './java-version';

/** A Managed Service for Apache Flink runtime of one Flink minor. */
export interface ManagedFlinkRuntimeEntry {
  /** `RuntimeEnvironment` of `AWS::KinesisAnalyticsV2::Application`, e.g. `FLINK-1_20`. */
  readonly runtimeEnvironment: string;
  /** The Java release the runtime runs. */
  readonly java: JavaVersion;
  /**
   * Whether Flink configuration may be changed from the job (SQL `SET`). From MSF 2.2 only an allow-list may, and
   * runtime settings come from the application configuration instead.
   */
  readonly allowsSetStatements: boolean;
}

/** Everything the catalog knows about one Flink minor version. */
export interface FlinkReleaseEntry {
  /** `1.20`. */
  readonly minor: string;
  /** Latest patch release, e.g. `1.20.4`: the version of every `org.apache.flink` artifact and of the image. */
  readonly patch: string;
  /** Java releases Flink supports (GA only; beta support is left out). */
  readonly javaVersions: readonly JavaVersion[];
  /** Java of the untagged image (`flink:1.20` is Java 11): the reason images are always tagged with their Java. */
  readonly untaggedImageJava: JavaVersion;
  /** Java the self-hosted image uses unless pinned. */
  readonly defaultImageJava: JavaVersion;
  /** Released `flink-connector-kafka` versions for this minor, oldest first, without the `-<minor>` suffix. */
  readonly kafkaConnectorVersions: readonly string[];
  /**
   * Whether the `-<minor>` suffix of the Kafka connector is confirmed on Maven Central (2.1 and 2.2: `5.0.0-2.1` and
   * `5.0.0-2.2` are listed in org/apache/flink/flink-connector-kafka/maven-metadata.xml and their poms resolve, checked
   * 2026-12; both are built against Flink 2.1.0 with kafka-clients 4.2.0).
   */
  readonly kafkaConnectorSuffixVerified: boolean;
  /** Iceberg versions that ship `iceberg-flink-runtime-<minor>`, oldest first; empty if none is released. */
  readonly icebergVersions: readonly string[];
  /** `spec.flinkVersion` of a FlinkDeployment in Flink Kubernetes Operator 1.15, if the operator supports the minor. */
  readonly operatorFlinkVersion?: string;
  /** The Managed Service for Apache Flink runtime, if AWS offers this minor. */
  readonly managedRuntime?: ManagedFlinkRuntimeEntry;
}

const { JAVA_8, JAVA_11, JAVA_17, JAVA_21 } = JavaVersion;

const ICEBERG_1_6_TO_1_11 = ['1.6.0', '1.6.1', '1.7.0', '1.7.1', '1.7.2', '1.8.0', '1.8.1', '1.9.0', '1.9.1', '1.9.2', '1.10.0', '1.10.1', '1.10.2', '1.11.0'];
function icebergBetween(first: string, last: string): string[] {
  return ICEBERG_1_6_TO_1_11.slice(ICEBERG_1_6_TO_1_11.indexOf(first), ICEBERG_1_6_TO_1_11.indexOf(last) + 1);
}

/**
 * The version catalog: the supported Flink minors, oldest first. Facts from `reference/versions.md` (checked against
 * upstream release tags); update them here, in one place, when upstream releases.
 */
export const FLINK_RELEASES: readonly FlinkReleaseEntry[] = [
  {
    minor: '1.19',
    patch: '1.19.3',
    javaVersions: [JAVA_8, JAVA_11, JAVA_17],
    untaggedImageJava: JAVA_11,
    defaultImageJava: JAVA_17,
    kafkaConnectorVersions: ['3.2.0', '3.3.0'],
    kafkaConnectorSuffixVerified: true,
    icebergVersions: icebergBetween('1.6.0', '1.10.2'),
    operatorFlinkVersion: 'v1_19',
    managedRuntime: { runtimeEnvironment: 'FLINK-1_19', java: JAVA_11, allowsSetStatements: true },
  },
  {
    minor: '1.20',
    patch: '1.20.4',
    javaVersions: [JAVA_8, JAVA_11, JAVA_17],
    untaggedImageJava: JAVA_11,
    defaultImageJava: JAVA_17,
    kafkaConnectorVersions: ['3.3.0', '3.4.0'],
    kafkaConnectorSuffixVerified: true,
    icebergVersions: icebergBetween('1.7.0', '1.11.0'),
    operatorFlinkVersion: 'v1_20',
    managedRuntime: { runtimeEnvironment: 'FLINK-1_20', java: JAVA_11, allowsSetStatements: true },
  },
  {
    minor: '2.0',
    patch: '2.0.2',
    javaVersions: [JAVA_11, JAVA_17, JAVA_21],
    untaggedImageJava: JAVA_17,
    defaultImageJava: JAVA_17,
    kafkaConnectorVersions: ['4.0.0', '4.0.1'],
    kafkaConnectorSuffixVerified: true,
    icebergVersions: icebergBetween('1.10.0', '1.11.0'),
    operatorFlinkVersion: 'v2_0',
  },
  {
    minor: '2.1',
    patch: '2.1.2',
    javaVersions: [JAVA_11, JAVA_17, JAVA_21],
    untaggedImageJava: JAVA_17,
    defaultImageJava: JAVA_17,
    kafkaConnectorVersions: ['5.0.0'],
    kafkaConnectorSuffixVerified: true,
    icebergVersions: ['1.11.0'],
    operatorFlinkVersion: 'v2_1',
  },
  {
    minor: '2.2',
    patch: '2.2.1',
    javaVersions: [JAVA_11, JAVA_17, JAVA_21],
    untaggedImageJava: JAVA_17,
    defaultImageJava: JAVA_17,
    kafkaConnectorVersions: ['5.0.0'],
    kafkaConnectorSuffixVerified: true,
    icebergVersions: [],
    operatorFlinkVersion: 'v2_2',
    managedRuntime: { runtimeEnvironment: 'FLINK-2_2', java: JAVA_17, allowsSetStatements: false },
  },
];

/** The catalog entry of a Flink minor, or undefined if the catalog does not know it. */
export function findFlinkRelease(minor: string): FlinkReleaseEntry | undefined {
  return FLINK_RELEASES.find((r) => r.minor === minor);
}

/** The official image of a Flink patch on a Java release: `flink:1.20.4-scala_2.12-java17` (never untagged). */
export function flinkImageTag(patch: string, java: JavaVersion): string {
  return `flink:${patch}-scala_2.12-java${java.release}`;
}

/** `1.7.0–1.11.0`, or `none` for an empty list. */
export function describeRange(versions: readonly string[]): string {
  if (versions.length === 0) return 'none';
  return versions.length === 1 ? versions[0] : `${versions[0]}–${versions[versions.length - 1]}`;
}
