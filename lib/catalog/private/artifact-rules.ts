import { FLINK_RELEASES, FlinkReleaseEntry, describeRange } from '../flink-release-catalog';
import type { FlavorRuntimeCatalog } from '../flavor-runtimes';
import { JavaVersion } from '../java-version';
import { KafkaConnectorVariant } from '../kafka-connector-variant';
import { VERSION_PATTERN, compareVersions } from '../maven-coordinate';
import { ArtifactPins } from '../resolved-artifacts';
import { ValidationProblem } from '../../validation/validation-problem';

/**
 * One small function per compatibility rule of the resolver. Each returns the problems it finds (path, message with
 * the artifact and versions, fix); the resolver collects them all before throwing.
 */

/** `a`, `a or b`, `a, b or c`. */
export function orList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** The runtimes a job must run on, with the Java each gives it. */
export interface RuntimeJava {
  readonly catalog: FlavorRuntimeCatalog;
  readonly java: JavaVersion;
  /** e.g. `the managed flavor (runtime FLINK-1_20)`. */
  readonly label: string;
}

/** Names the runtimes that run the lowest Java, e.g. `the managed flavor (runtime FLINK-1_20) runs Java 11 (class file 55)`. */
export function describeLowest(runtimes: readonly RuntimeJava[], lowest: JavaVersion): string {
  const labels = runtimes.filter((r) => r.java.release === lowest.release).map((r) => r.label);
  return `${labels.join(' and ')} ${labels.length > 1 ? 'run' : 'runs'} ${lowest.describe()}`;
}

export function unknownMinorProblem(minor: string): ValidationProblem {
  return {
    path: 'flinkVersion',
    message: `Flink ${minor} is not in the version catalog`,
    fix: `use one of the known versions: ${FLINK_RELEASES.map((r) => r.minor).join(', ')}`,
  };
}

/** A pinned version must look like `1.10.2`. */
export function pinSyntaxRule(pins: ArtifactPins): ValidationProblem[] {
  const versions: Array<[keyof ArtifactPins, string | undefined]> = [
    ['icebergVersion', pins.icebergVersion],
    ['kafkaConnectorVersion', pins.kafkaConnectorVersion],
    ['mskIamAuthVersion', pins.mskIamAuthVersion],
  ];
  return versions
    .filter(([, v]) => v !== undefined && !VERSION_PATTERN.test(v))
    .map(([name, v]) => ({ path: `artifacts.${name}`, message: `must be a version like 1.2.3, got ${JSON.stringify(v)}`, fix: 'use a released version number, or remove the pin' }));
}

/** Every requested flavor must offer the Flink minor. */
export function flavorOffersRule(release: FlinkReleaseEntry, catalogs: readonly FlavorRuntimeCatalog[]): ValidationProblem[] {
  return catalogs.filter((c) => !c.offers(release)).map((c) => {
    const offered = FLINK_RELEASES.filter((r) => c.offers(r)).map((r) => r.minor);
    const others = catalogs.filter((o) => o.flavor.id !== c.flavor.id).map((o) => `the ${o.flavor.id} flavor`);
    return {
      path: 'flinkVersion',
      message: `Flink ${release.minor} is not offered by the ${c.flavor.id} flavor (${c.runtimeName} offers ${offered.join(', ')})`,
      fix: `use Flink ${orList(offered)}${others.length > 0 ? `, or deploy only ${others.join(' and ')}` : ''}`,
    };
  });
}

/** A pinned self-hosted Java must have an official image for the minor. */
export function selfHostedJavaRule(release: FlinkReleaseEntry, pins: ArtifactPins): ValidationProblem[] {
  const java = pins.selfHostedJava;
  if (java === undefined || release.javaVersions.some((j) => j.release === java.release)) return [];
  return [{
    path: 'artifacts.selfHostedJava',
    message: `Flink ${release.minor} does not support ${java} (flink:${release.patch}-scala_2.12-java${java.release}); it supports Java ${release.javaVersions.map((j) => j.release).join(', ')}`,
    fix: `use Java ${release.defaultImageJava.release} (the default), or remove the pin`,
  }];
}

/** The shaded SQL connector relocates the Kafka client, which breaks the MSK IAM callback handler. */
export function shadedConnectorRule(variant: KafkaConnectorVariant, mskIamAuth: boolean): ValidationProblem[] {
  if (variant.id !== KafkaConnectorVariant.SHADED_SQL.id || !mskIamAuth) return [];
  return [{
    path: 'artifacts.kafkaConnectorVariant',
    message: 'org.apache.flink:flink-sql-connector-kafka relocates org.apache.kafka, so MSK IAM authentication (software.amazon.msk.auth.iam.IAMClientCallbackHandler) fails with a ClassCastException',
    fix: 'use KafkaConnectorVariant.UNSHADED (flink-connector-kafka + kafka-clients + aws-msk-iam-auth, unrelocated), the default',
  }];
}

/** A pinned Kafka connector must be released for the minor. */
export function kafkaConnectorVersionRule(release: FlinkReleaseEntry, version: string): ValidationProblem[] {
  if (release.kafkaConnectorVersions.includes(version)) return [];
  return [{
    path: 'artifacts.kafkaConnectorVersion',
    message: `org.apache.flink:flink-connector-kafka:${version}-${release.minor} is not released for Flink ${release.minor} (released: ${release.kafkaConnectorVersions.map((v) => `${v}-${release.minor}`).join(', ')})`,
    fix: `use ${orList(release.kafkaConnectorVersions)}, or remove the pin`,
  }];
}

/** An artifact's class files must load on the lowest runtime Java. */
export function artifactJavaRule(args: {
  readonly path: string;
  readonly coordinate: string;
  readonly needs: JavaVersion;
  readonly runtimes: readonly RuntimeJava[];
  readonly lowest: JavaVersion;
  readonly fix: string;
}): ValidationProblem[] {
  if (args.lowest.canRun(args.needs)) return [];
  return [{
    path: args.path,
    message: `${args.coordinate} needs ${args.needs.describe()}, but ${describeLowest(args.runtimes, args.lowest)}: the job would fail with UnsupportedClassVersionError`,
    fix: args.fix,
  }];
}

/** Flink minors that have an Iceberg runtime and that every requested flavor offers, newest first. */
function icebergCapableMinors(catalogs: readonly FlavorRuntimeCatalog[]): FlinkReleaseEntry[] {
  return FLINK_RELEASES.filter((r) => r.icebergVersions.length > 0 && catalogs.every((c) => c.offers(r))).reverse();
}

/** Writing Iceberg needs an `iceberg-flink-runtime-<minor>` release. */
export function icebergRuntimeRule(release: FlinkReleaseEntry, catalogs: readonly FlavorRuntimeCatalog[]): ValidationProblem[] {
  if (release.icebergVersions.length > 0) return [];
  const alternatives = icebergCapableMinors(catalogs).map((r) => `${r.minor} (Iceberg ${describeRange(r.icebergVersions)})`);
  return [{
    path: 'flinkVersion',
    message: `no org.apache.iceberg:iceberg-flink-runtime-${release.minor} is released for Flink ${release.minor}, and the pipeline writes Iceberg tables`,
    fix: alternatives.length > 0 ? `use Flink ${orList(alternatives)}` : 'wait for an Iceberg release for this Flink version',
  }];
}

/** A pinned Iceberg version must ship a runtime for the minor. */
export function icebergVersionRule(release: FlinkReleaseEntry, version: string): ValidationProblem[] {
  if (release.icebergVersions.length === 0 || release.icebergVersions.includes(version)) return [];
  return [{
    path: 'artifacts.icebergVersion',
    message: `org.apache.iceberg:iceberg-flink-runtime-${release.minor}:${version} is not released (Flink ${release.minor} has Iceberg ${describeRange(release.icebergVersions)})`,
    fix: `use an Iceberg version from ${describeRange(release.icebergVersions)}, or remove the pin`,
  }];
}

/** The newest version of a list whose class files run on `java`. */
export function newestRunnable(versions: readonly string[], java: JavaVersion, minimumJava: (v: string) => JavaVersion): string | undefined {
  return [...versions].sort(compareVersions).reverse().find((v) => java.canRun(minimumJava(v)));
}
