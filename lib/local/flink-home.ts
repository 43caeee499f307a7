import * as fs from 'fs';
import * as path from 'path';
import { BUILD_TOOLS } from '../catalog/artifact-catalog';
import { compareVersions } from '../catalog/maven-coordinate';
import { JavaVersion } from '../catalog/java-version';
import { FLINK_JAVA_17_OPTIONS, FlinkLibArtifact, flinkLibArtifacts } from './flink-distribution-lib';
import { runMaven } from './maven';
import { findJdk, pipelinesCacheDir } from './toolchain';
import { fingerprintFiles } from '../plan/content-fingerprint';

/**
 * A local Flink home assembled from Maven Central (the binary distribution is not there, its modules are): `lib/` with
 * what the distribution's `lib/` holds, `conf/` with a configuration bound to the loopback interface, an empty
 * `plugins/` and `log/`. `flinkRunInvocation` runs a jar on it the way `bin/flink run --target local` does.
 */

/** A Flink home on this machine. */
export interface FlinkHome {
  /** The home directory. */
  readonly dir: string;
  /** `lib/`: the parent class path. */
  readonly libDir: string;
  /** `conf/`: `FLINK_CONF_DIR`. */
  readonly confDir: string;
  /** The Flink patch release, e.g. `1.20.4`. */
  readonly patch: string;
  /**
   * `lib/` jars the Maven repository lacked at the patch and what stands in for them (same classes from other
   * artifacts of the patch, or the nearest older patch of the minor), e.g. on a partial mirror of Maven Central.
   * @default - none
   */
  readonly substitutions?: readonly string[];
}

/** Options of `assembleFlinkHome`. */
export interface AssembleFlinkHomeOptions {
  /**
   * Directory the home is kept in (`<cacheDir>/flink-<patch>/`).
   * @default - pipelinesCacheDir()
   */
  readonly cacheDir?: string;
  /**
   * JDK Maven runs with.
   * @default - findJdk(Java 17)
   */
  readonly javaHome?: string;
  /**
   * Resolve from the local Maven repository only.
   * @default false
   */
  readonly offline?: boolean;
  /**
   * Maven's download lines.
   * @default - none
   */
  readonly onProgress?: (line: string) => void;
}

/** Flink 2.x reads `conf/config.yaml` only; 1.x reads the flat `conf/flink-conf.yaml` this home writes for it. */
export function flinkConfigFileName(patch: string): string {
  return compareVersions(patch, '2.0.0') >= 0 ? 'config.yaml' : 'flink-conf.yaml';
}

/** Configuration of the local home: every endpoint on the loopback interface, one task manager with four slots. */
const LOCAL_CONFIGURATION: ReadonlyArray<readonly [string, string]> = [
  ['jobmanager.rpc.address', '127.0.0.1'],
  ['jobmanager.bind-host', '127.0.0.1'],
  ['taskmanager.bind-host', '127.0.0.1'],
  ['taskmanager.host', '127.0.0.1'],
  ['rest.address', '127.0.0.1'],
  ['rest.bind-address', '127.0.0.1'],
  ['taskmanager.numberOfTaskSlots', '4'],
  ['parallelism.default', '1'],
];

/** The client's log4j 2 configuration: everything to `${log.file}`, warnings and errors also to the console. */
const LOG4J_CLI = `# Generated for the local Flink home: do not edit.
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = FileAppender
rootLogger.appenderRef.console.ref = ConsoleAppender
appender.file.name = FileAppender
appender.file.type = FILE
appender.file.append = false
appender.file.fileName = \${sys:log.file}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
appender.console.name = ConsoleAppender
appender.console.type = CONSOLE
appender.console.target = SYSTEM_ERR
appender.console.filter.threshold.type = ThresholdFilter
appender.console.filter.threshold.level = WARN
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %-5p %c{1} - %m%n
`;

/** The files of the home's `conf/`, by name. */
export function flinkConfFiles(patch: string): Record<string, string> {
  const config = LOCAL_CONFIGURATION.map(([k, v]) => `${k}: ${v}\n`).join('');
  return {
    [flinkConfigFileName(patch)]: `# Generated for the local Flink home (Flink ${patch}): do not edit.\n${config}`,
    'log4j-cli.properties': LOG4J_CLI,
  };
}

/**
 * The pom that copies the distribution's `lib/` (`flinkLibArtifacts`) with their runtime dependencies into `libDir`,
 * in the `package` phase (maven-dependency-plugin copy-dependencies).
 */
export function renderFlinkHomePom(patch: string, libDir: string, artifacts: readonly FlinkLibArtifact[] = flinkLibArtifacts(patch)): string {
  const dependencies = artifacts.map((a) => `    <!-- ${a.purpose} -->
    <dependency>
      <groupId>${a.groupId}</groupId>
      <artifactId>${a.artifactId}</artifactId>
      <version>${a.version}</version>
    </dependency>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- The lib/ of the Flink ${patch} distribution, from Maven Central, for a local Flink home: generated, do not edit. -->
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>io.eventpipelines.local</groupId>
  <artifactId>flink-home</artifactId>
  <version>${patch}</version>
  <packaging>pom</packaging>

  <dependencies>
${dependencies}
  </dependencies>

  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-dependency-plugin</artifactId>
        <version>${BUILD_TOOLS.dependencyPlugin}</version>
        <executions>
          <execution>
            <id>flink-lib</id>
            <phase>package</phase>
            <goals>
              <goal>copy-dependencies</goal>
            </goals>
            <configuration>
              <outputDirectory>${libDir}</outputDirectory>
              <includeScope>runtime</includeScope>
              <overWriteIfNewer>true</overWriteIfNewer>
            </configuration>
          </execution>
        </executions>
      </plugin>
    </plugins>
  </build>
</project>
`;
}

/** Marker written once `lib/` is complete: the hash of the pom and configuration it was made from. */
const ASSEMBLED_MARKER = '.assembled';

function homeHash(files: Readonly<Record<string, string>>): string {
  return fingerprintFiles(files, 'the Flink home', 64);
}

/** The home of a patch in a cache directory, without assembling it. */
export function flinkHomeOf(patch: string, cacheDir: string = pipelinesCacheDir()): FlinkHome {
  const dir = path.join(cacheDir, `flink-${patch}`);
  return { dir, libDir: path.join(dir, 'lib'), confDir: path.join(dir, 'conf'), patch };
}

/** `groupId:artifactId` of every artifact Maven's failure says it could not find or resolve. */
export function missingArtifacts(mavenMessage: string): string[] {
  const missing = new Set<string>();
  for (const line of mavenMessage.split('\n').filter((l) => /could not be resolved|Could not find artifact|Could not resolve dependencies|was not found in/.test(l))) {
    for (const m of line.replace(/for project \S+/g, '').matchAll(/([\w.-]+):([\w.-]+):jar:[^\s,:]+/g)) missing.add(`${m[1]}:${m[2]}`);
  }
  return [...missing];
}

/** `[1.20.0,1.20.4]`: the patches of the same minor up to this one (Maven picks the newest in the repository). */
export function olderPatchRange(patch: string): string {
  const [major, minor] = patch.split('.');
  return `[${major}.${minor}.0,${patch}]`;
}

/**
 * The artifact list with the missing ones replaced: by their same-patch substitutes if they have any, otherwise by the
 * nearest older patch of the minor. Returns the new list and a line per replacement; throws if a missing artifact was
 * already a replacement (nothing else to try).
 */
export function substituteMissing(artifacts: readonly FlinkLibArtifact[], missing: readonly string[]): { artifacts: FlinkLibArtifact[]; substitutions: string[] } {
  const substitutions: string[] = [];
  const next = artifacts.flatMap((a): FlinkLibArtifact[] => {
    const id = `${a.groupId}:${a.artifactId}`;
    if (!missing.includes(id)) return [a];
    if (a.version.startsWith('[')) throw new Error(`${id} is in the Maven repository at no version in ${a.version}: the local Flink home cannot be assembled — check the repository (Maven Central or its mirror)`);
    if (a.substitutes !== undefined && a.substitutes.length > 0) {
      substitutions.push(`${id}:${a.version} is not in the Maven repository: ${a.substitutes.map((s) => s.artifactId).join(', ')} ${a.version} instead`);
      return [...a.substitutes];
    }
    const range = olderPatchRange(a.version);
    substitutions.push(`${id}:${a.version} is not in the Maven repository: the newest of ${range} instead`);
    return [{ ...a, version: range }];
  });
  return { artifacts: next, substitutions };
}

/** How many times missing artifacts are replaced before giving up. */
const SUBSTITUTION_ROUNDS = 3;

/**
 * Assembles (once; reused while its pom and configuration are unchanged) the local Flink home of a patch release in
 * `<cache>/flink-<patch>/`: Maven copies the distribution's `lib/` from Maven Central (the local repository afterwards).
 * Jars the repository lacks are replaced as `substituteMissing` says, and listed in `substitutions`.
 */
export async function assembleFlinkHome(patch: string, options: AssembleFlinkHomeOptions = {}): Promise<FlinkHome> {
  const home = flinkHomeOf(patch, options.cacheDir ?? pipelinesCacheDir());
  const conf = flinkConfFiles(patch);
  const hash = homeHash({ 'pom.xml': renderFlinkHomePom(patch, home.libDir), ...conf });
  const marker = path.join(home.dir, ASSEMBLED_MARKER);
  if (fs.existsSync(marker)) {
    const recorded = JSON.parse(fs.readFileSync(marker, 'utf8')) as { hash?: string; substitutions?: string[] };
    if (recorded.hash === hash) return { ...home, substitutions: recorded.substitutions ?? [] };
  }

  fs.rmSync(home.dir, { recursive: true, force: true });
  for (const dir of [home.libDir, home.confDir, path.join(home.dir, 'plugins'), path.join(home.dir, 'log')]) fs.mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(conf)) fs.writeFileSync(path.join(home.confDir, name), content);
  const javaHome = options.javaHome ?? findJdk(JavaVersion.JAVA_17).home;
  let artifacts = flinkLibArtifacts(patch);
  const substitutions: string[] = [];
  for (let round = 0; ; round++) {
    fs.writeFileSync(path.join(home.dir, 'pom.xml'), renderFlinkHomePom(patch, home.libDir, artifacts));
    try {
      await runMaven({ projectDir: home.dir, goals: ['package'], javaHome, offline: options.offline, onProgress: options.onProgress });
      break;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const missing = missingArtifacts(message);
      if (missing.length === 0 || round >= SUBSTITUTION_ROUNDS) throw error;
      const next = substituteMissing(artifacts, missing);
      artifacts = next.artifacts;
      substitutions.push(...next.substitutions);
    }
  }
  fs.writeFileSync(marker, JSON.stringify({ hash, substitutions }));
  return { ...home, substitutions };
}

/** What to run a job jar with on a local Flink home. */
export interface FlinkRunOptions {
  /** The job jar: loaded through Flink's child-first user-code class loader, never on the parent class path. */
  readonly jar: string;
  readonly mainClass: string;
  /** @default - none */
  readonly programArgs?: readonly string[];
  /**
   * `FLINK_CONF_DIR`.
   * @default - the home's conf/
   */
  readonly confDir?: string;
  /**
   * Restore from this savepoint or retained checkpoint (`--fromSavepoint`).
   * @default - no restore
   */
  readonly savepointPath?: string;
  /** `JAVA_HOME` of the JVM. */
  readonly javaHome: string;
  /**
   * JVM options before Flink's own (e.g. `-Xmx1g`).
   * @default - none
   */
  readonly jvmOptions?: readonly string[];
  /**
   * The client's log file.
   * @default - `<home>/log/flink-client.log`
   */
  readonly logFile?: string;
}

/** A process to spawn. */
export interface Invocation {
  readonly command: string;
  readonly args: string[];
  /** Variables to set over the parent's environment. */
  readonly env: Record<string, string>;
}

/**
 * The command of `bin/flink run --target local` on a local home: `CliFrontend` with `lib/*` on the class path,
 * `FLINK_CONF_DIR` set, Flink's Java 17 module options and the client's log4j configuration; the job jar is an
 * argument of `run`, so Flink loads it through its child-first user-code class loader with the parent-first patterns.
 */
export function flinkRunInvocation(home: FlinkHome, options: FlinkRunOptions): Invocation {
  const confDir = options.confDir ?? home.confDir;
  return {
    command: path.join(options.javaHome, 'bin', 'java'),
    args: [
      ...(options.jvmOptions ?? []),
      ...FLINK_JAVA_17_OPTIONS,
      `-Dlog.file=${options.logFile ?? path.join(home.dir, 'log', 'flink-client.log')}`,
      `-Dlog4j.configuration=file:${path.join(confDir, 'log4j-cli.properties')}`,
      `-Dlog4j.configurationFile=file:${path.join(confDir, 'log4j-cli.properties')}`,
      '-classpath', `${home.libDir}${path.sep}*`,
      'org.apache.flink.client.cli.CliFrontend',
      'run', '--target', 'local',
      ...(options.savepointPath !== undefined ? ['--fromSavepoint', options.savepointPath] : []),
      '--class', options.mainClass,
      options.jar,
      ...(options.programArgs ?? []),
    ],
    env: {
      JAVA_HOME: options.javaHome,
      FLINK_HOME: home.dir,
      FLINK_CONF_DIR: confDir,
      FLINK_LIB_DIR: home.libDir,
      FLINK_PLUGINS_DIR: path.join(home.dir, 'plugins'),
    },
  };
}
