import { JavaVersion } from '../catalog/java-version';
import { compareVersions } from '../catalog/maven-coordinate';
import { ResolvedArtifacts } from '../catalog/resolved-artifacts';
import { KAFKA_CLIENTS_MINIMUM } from '../catalog/kafka-clients';
import { OpenJar } from './zip-entries';

/**
 * What a built runner jar must (not) contain, checked on its entries: each rule returns the problems it finds, one
 * line each, naming the entry and what it means.
 */

/** Flink's own packages: the runtime provides them (`provided` scope), so the jar must not carry any. */
export const FLINK_CORE_PREFIXES: readonly string[] = ['org/apache/flink/api/', 'org/apache/flink/runtime/', 'org/apache/flink/table/api/'];

/**
 * Flink-package classes a bundled dependency carries on purpose, with why they may stay: the rule ignores them.
 */
export const FLINK_CORE_ALLOWED: Readonly<Record<string, string>> = {
  'org/apache/flink/table/api/runtime/types/FlinkScalaKryoInstantiator.class':
    'iceberg-flink-runtime-2.0 (1.11.0) bundles its own copy: in the Flink 2.x distribution the class is hidden inside '
    + 'flink-table-planner-loader (flink-table-api-scala), so the parent class loader cannot give it to Iceberg',
};

/** Classes the Kafka source needs from the jar (the distribution has neither). */
export const KAFKA_CLASSES: readonly string[] = [
  'org/apache/flink/connector/kafka/source/KafkaSource.class',
  'org/apache/kafka/clients/consumer/KafkaConsumer.class',
];

function toPath(pkg: string): string {
  return pkg.replace(/\./g, '/');
}

/** Every relocation applied: no class left at the pattern, something at the shaded pattern. */
export function relocationProblems(jar: OpenJar, artifacts: ResolvedArtifacts): string[] {
  const names = jar.entries.map((e) => e.name);
  return artifacts.relocations.flatMap((r) => {
    const from = toPath(r.pattern);
    const to = toPath(r.shadedPattern);
    const left = names.filter((n) => n.endsWith('.class') && (n === `${from}.class` || n.startsWith(`${from}/`)));
    const moved = names.some((n) => n === `${to}.class` || n.startsWith(`${to}/`));
    return [
      ...(left.length > 0 ? [`${left.length} classes of ${r.pattern} are not relocated (e.g. ${left[0]}): ${r.reason}`] : []),
      ...(!moved ? [`nothing at ${r.shadedPattern}: the relocation of ${r.pattern} did not happen`] : []),
    ];
  });
}

/** The AWS SDK versions in the jar, from `META-INF/maven/software.amazon.awssdk/<module>/pom.properties`. */
export function awsSdkVersions(jar: OpenJar): Map<string, string[]> {
  const versions = new Map<string, string[]>();
  for (const e of jar.entries.filter((x) => /^META-INF\/maven\/software\.amazon\.awssdk\/[^/]+\/pom\.properties$/.test(x.name))) {
    const version = /^version=(.+)$/m.exec(jar.read(e.name)?.toString('utf8') ?? '')?.[1]?.trim() ?? '?';
    const module = e.name.split('/')[3];
    versions.set(version, [...(versions.get(version) ?? []), module]);
  }
  return versions;
}

/** At most one AWS SDK version. */
export function awsSdkProblems(jar: OpenJar): string[] {
  const versions = awsSdkVersions(jar);
  if (versions.size <= 1) return [];
  const list = [...versions.entries()].map(([v, modules]) => `${v} (${modules.slice(0, 3).join(', ')}${modules.length > 3 ? ', …' : ''})`);
  return [`${versions.size} AWS SDK versions in the jar: ${list.join('; ')} — one dependency brings its own SDK next to another's`];
}

/** No Flink runtime or API classes. */
export function flinkCoreProblems(jar: OpenJar): string[] {
  return FLINK_CORE_PREFIXES.flatMap((prefix) => {
    const found = jar.entries.filter((e) => e.name.startsWith(prefix) && e.name.endsWith('.class') && FLINK_CORE_ALLOWED[e.name] === undefined);
    return found.length > 0 ? [`${found.length} classes under ${prefix} (e.g. ${found[0].name}): Flink's own classes must come from the runtime (scope provided)`] : [];
  });
}

/** The Kafka connector and a kafka-clients outside CVE-2024-31141. */
export function kafkaProblems(jar: OpenJar): string[] {
  const names = new Set(jar.entries.map((e) => e.name));
  const missing = KAFKA_CLASSES.filter((c) => !names.has(c)).map((c) => `${c} is missing: the Kafka source tables cannot run`);
  const version = /^version=(.+)$/m.exec(jar.read('kafka/kafka-version.properties')?.toString('utf8') ?? '')?.[1]?.trim();
  const old = version !== undefined && compareVersions(version.replace(/[^0-9.].*$/, ''), KAFKA_CLIENTS_MINIMUM) < 0
    ? [`kafka-clients ${version} is older than ${KAFKA_CLIENTS_MINIMUM} (CVE-2024-31141, no FileConfigProvider allowed.paths)`] : [];
  return [...missing, ...old];
}

/** The Java release a multi-release entry (`META-INF/versions/<N>/…`) is for, or undefined for a plain entry. */
function multiReleaseVersion(name: string): number | undefined {
  const m = /^META-INF\/versions\/(\d+)\//.exec(name);
  return m === null ? undefined : Number(m[1]);
}

/** Class files whose major version is higher than the runtime's (multi-release entries for newer Javas are skipped). */
export function classVersionProblems(jar: OpenJar, runtime: JavaVersion): string[] {
  const tooNew = new Map<number, string[]>();
  for (const e of jar.entries.filter((x) => x.name.endsWith('.class'))) {
    const release = multiReleaseVersion(e.name);
    if (release !== undefined && release > runtime.release) continue;
    const bytes = jar.read(e.name);
    if (bytes === undefined || bytes.length < 8 || bytes.readUInt32BE(0) !== 0xcafebabe) continue;
    const major = bytes.readUInt16BE(6);
    if (major > runtime.classFileVersion) tooNew.set(major, [...(tooNew.get(major) ?? []), e.name]);
  }
  return [...tooNew.entries()].map(([major, names]) => `${names.length} class files of major version ${major} (e.g. ${names[0]}) cannot load on ${runtime.describe()}: UnsupportedClassVersionError`);
}

/** The lowest Java of the runtimes the artifacts were resolved for. */
export function runtimeJava(artifacts: ResolvedArtifacts): JavaVersion {
  const javas = [artifacts.selfHosted?.java, artifacts.managed?.java].filter((j): j is JavaVersion => j !== undefined);
  return JavaVersion.lowest(javas) ?? artifacts.runnerJava;
}

/** Every rule over a built runner jar. */
export function runnerJarProblems(jar: OpenJar, artifacts: ResolvedArtifacts): string[] {
  return [
    ...relocationProblems(jar, artifacts),
    ...awsSdkProblems(jar),
    ...flinkCoreProblems(jar),
    ...kafkaProblems(jar),
    ...classVersionProblems(jar, runtimeJava(artifacts)),
  ];
}
