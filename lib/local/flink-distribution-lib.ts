import { compareVersions } from '../catalog/maven-coordinate';

/**
 * What a Flink binary distribution holds in `lib/`, as Maven artifacts: the distribution itself is not on Maven
 * Central, but every module it is assembled from is. `flink-dist-<patch>.jar` is a fat jar of flink-core, flink-runtime,
 * flink-clients, flink-streaming-java, the RPC loader and the RocksDB state backend (among others); here those modules
 * come as separate jars with their own dependencies (the same classes, unshaded into one jar), next to the jars the
 * distribution ships separately.
 *
 * Sources (checked 2026-12): the `lib/` of `flink-1.20.x-bin-scala_2.12.tgz` and the official images (flink-cep,
 * flink-connector-files, flink-csv, flink-dist, flink-json, flink-scala_2.12 [1.x only], flink-table-api-java-uber,
 * flink-table-planner-loader, flink-table-runtime, log4j-1.2-api, log4j-api, log4j-core, log4j-slf4j-impl); the log4j
 * version is `<log4j.version>` of `org.apache.flink:flink-parent:<patch>` on Maven Central (1.19.3: 2.17.1; 1.20.4,
 * 2.0.2, 2.1.2, 2.2.1: 2.24.3). The Scala DataStream API (`flink-scala_2.12`) is left out: SQL jobs do not use it, and
 * Flink 2.0 removed it.
 */

/** One artifact copied, with its dependencies, into the local Flink home's `lib/`. */
export interface FlinkLibArtifact {
  readonly groupId: string;
  readonly artifactId: string;
  readonly version: string;
  /** Why the distribution has it. */
  readonly purpose: string;
  /**
   * The same classes from other artifacts of the same patch, used when the repository lacks this one (a partial
   * mirror of Maven Central): the uber jar's modules, or the planner itself instead of its loader.
   * @default - none: the newest patch of the same minor in the repository is used instead
   */
  readonly substitutes?: readonly FlinkLibArtifact[];
}

/** Flink modules that make up `flink-dist-<patch>.jar` and the separately shipped jars of `lib/`. */
const FLINK_MODULES: ReadonlyArray<readonly [string, string]> = [
  ['flink-clients', 'CliFrontend (flink run) and the local executor (flink-dist)'],
  ['flink-runtime', 'JobManager, TaskManager and the MiniCluster (flink-dist)'],
  ['flink-streaming-java', 'DataStream runtime the Table planner translates to (flink-dist)'],
  ['flink-statebackend-rocksdb', 'RocksDB state backend (flink-dist)'],
  ['flink-table-api-java-uber', 'Table API, SQL and catalog interfaces (lib/flink-table-api-java-uber)'],
  ['flink-table-runtime', 'Table runtime operators (lib/flink-table-runtime)'],
  ['flink-table-planner-loader', 'SQL planner behind its own class loader (lib/flink-table-planner-loader)'],
  ['flink-json', 'json format (lib/flink-json)'],
  ['flink-csv', 'csv format (lib/flink-csv)'],
  ['flink-connector-files', 'filesystem connector (lib/flink-connector-files)'],
  ['flink-cep', 'MATCH_RECOGNIZE (lib/flink-cep)'],
];

/** Artifacts of the same patch with the same classes as a `lib/` jar. */
const FLINK_SUBSTITUTES: Readonly<Record<string, ReadonlyArray<readonly [string, string]>>> = {
  'flink-table-api-java-uber': [
    ['flink-table-common', 'part of flink-table-api-java-uber'],
    ['flink-table-api-java', 'part of flink-table-api-java-uber'],
    ['flink-table-api-bridge-base', 'part of flink-table-api-java-uber'],
    ['flink-table-api-java-bridge', 'part of flink-table-api-java-uber'],
  ],
  'flink-table-planner-loader': [
    ['flink-table-planner_2.12', 'the planner the loader hides (with Scala on the class path)'],
  ],
};

/** Log4j 2 jars of `lib/`: the distribution logs through log4j 2, with the SLF4J and log4j 1 bridges. */
const LOG4J_MODULES: ReadonlyArray<readonly [string, string]> = [
  ['log4j-slf4j-impl', 'SLF4J binding (lib/log4j-slf4j-impl)'],
  ['log4j-core', 'logging backend (lib/log4j-core)'],
  ['log4j-api', 'logging API (lib/log4j-api)'],
  ['log4j-1.2-api', 'log4j 1 bridge (lib/log4j-1.2-api)'],
];

/** `<log4j.version>` of flink-parent: 2.17.1 up to 1.19, 2.24.3 from 1.20.4 and 2.0. */
export function flinkLog4jVersion(patch: string): string {
  return compareVersions(patch, '1.20.0') >= 0 ? '2.24.3' : '2.17.1';
}

/** The artifacts of the distribution's `lib/` for a Flink patch release. */
export function flinkLibArtifacts(patch: string): FlinkLibArtifact[] {
  const log4j = flinkLog4jVersion(patch);
  const flink = (artifactId: string, purpose: string): FlinkLibArtifact => ({ groupId: 'org.apache.flink', artifactId, version: patch, purpose, substitutes: FLINK_SUBSTITUTES[artifactId]?.map(([a, p]) => flink(a, p)) });
  return [
    ...FLINK_MODULES.map(([artifactId, purpose]) => flink(artifactId, purpose)),
    ...LOG4J_MODULES.map(([artifactId, purpose]) => ({ groupId: 'org.apache.logging.log4j', artifactId, version: log4j, purpose })),
  ];
}

/**
 * The JVM options Flink passes on Java 17 (`env.java.default-opts.all` of Flink 1.19+ and 2.x, the `env.java.opts.all`
 * of the 1.18 distribution's flink-conf.yaml): the module opens and exports its serializers, RPC and planner need.
 */
export const FLINK_JAVA_17_OPTIONS: readonly string[] = [
  '--add-exports=java.base/sun.net.util=ALL-UNNAMED',
  '--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED',
  '--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
  '--add-opens=java.base/java.net=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/java.lang.reflect=ALL-UNNAMED',
  '--add-opens=java.base/java.text=ALL-UNNAMED',
  '--add-opens=java.base/java.time=ALL-UNNAMED',
  '--add-opens=java.base/java.util=ALL-UNNAMED',
  '--add-opens=java.base/java.util.concurrent=ALL-UNNAMED',
  '--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED',
  '--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED',
];
