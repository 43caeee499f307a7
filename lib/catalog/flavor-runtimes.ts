import { Flavor } from '../flavor';
import { FlinkReleaseEntry, flinkImageTag } from './flink-release-catalog';
import { JavaVersion } from './java-version';
import { selfHostedJavaRule } from './private/artifact-rules';
import { ArtifactPins, ManagedRuntime, SelfHostedRuntime } from './resolved-artifacts';
import { ValidationProblem } from '../validation/validation-problem';

/**
 * What a flavor's job runtime offers: which Flink minors, on which Java. One implementation per flavor; the resolver
 * only talks to this interface.
 */
export interface FlavorRuntimeCatalog {
  readonly flavor: Flavor;
  /** Names the runtime in errors, e.g. `Flink Kubernetes Operator 1.15`. */
  readonly runtimeName: string;
  /** Whether the runtime offers the minor. */
  offers(release: FlinkReleaseEntry): boolean;
  /** The Java the runtime runs the minor on (for self-hosted: the image's Java, pinned or default). */
  java(release: FlinkReleaseEntry, pins: ArtifactPins): JavaVersion;
  /** Names this runtime of the minor, e.g. `image flink:1.20.4-scala_2.12-java17` or `runtime FLINK-1_20`. */
  describe(release: FlinkReleaseEntry, pins: ArtifactPins): string;
  /** Whether jobs authenticate to Kafka with MSK IAM on this flavor. */
  readonly usesMskIam: boolean;
  /** Problems of the pins this flavor reads (e.g. a self-hosted Java without an official image). */
  pinProblems(release: FlinkReleaseEntry, pins: ArtifactPins): ValidationProblem[];
}

/** Self-hosted: the official Flink image on the Flink Kubernetes Operator 1.15 (Flink 1.19–2.2). */
export const SELF_HOSTED_RUNTIMES: FlavorRuntimeCatalog = {
  flavor: Flavor.SELF_HOSTED,
  runtimeName: 'Flink Kubernetes Operator 1.15',
  offers: (release) => release.operatorFlinkVersion !== undefined,
  java: (release, pins) => pins.selfHostedJava ?? release.defaultImageJava,
  describe: (release, pins) => `image ${flinkImageTag(release.patch, pins.selfHostedJava ?? release.defaultImageJava)}`,
  usesMskIam: false,
  pinProblems: selfHostedJavaRule,
};

/** Managed: Amazon Managed Service for Apache Flink, whose runtimes fix the Java release. */
export const MANAGED_RUNTIMES: FlavorRuntimeCatalog = {
  flavor: Flavor.MANAGED,
  runtimeName: 'Managed Service for Apache Flink',
  offers: (release) => release.managedRuntime !== undefined,
  java: (release) => release.managedRuntime?.java ?? JavaVersion.JAVA_11,
  describe: (release) => `runtime ${release.managedRuntime?.runtimeEnvironment ?? 'none'}`,
  usesMskIam: true,
  pinProblems: () => [],
};

const BY_FLAVOR: ReadonlyMap<Flavor, FlavorRuntimeCatalog> = new Map([SELF_HOSTED_RUNTIMES, MANAGED_RUNTIMES].map((c) => [c.flavor, c]));

/** The runtime catalog of a flavor. */
export function runtimeCatalogOf(flavor: Flavor): FlavorRuntimeCatalog {
  const catalog = BY_FLAVOR.get(flavor);
  if (catalog === undefined) throw new Error(`no runtime catalog for flavor ${flavor.id}`);
  return catalog;
}

/** The self-hosted runtime of a minor the flavor offers. */
export function selfHostedRuntime(release: FlinkReleaseEntry, pins: ArtifactPins): SelfHostedRuntime | undefined {
  if (release.operatorFlinkVersion === undefined) return undefined;
  const java = SELF_HOSTED_RUNTIMES.java(release, pins);
  return { image: flinkImageTag(release.patch, java), java, operatorFlinkVersion: release.operatorFlinkVersion };
}

/** The managed runtime of a minor the flavor offers. */
export function managedRuntime(release: FlinkReleaseEntry): ManagedRuntime | undefined {
  const r = release.managedRuntime;
  return r && { runtimeEnvironment: r.runtimeEnvironment, java: r.java, allowsSetStatements: r.allowsSetStatements };
}
