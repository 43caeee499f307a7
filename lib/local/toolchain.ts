import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { JavaVersion } from '../catalog/java-version';

/**
 * The local tools the runner build and the local Flink need: a JDK for a Java release, Maven, and the cache directory
 * builds and Flink homes are kept in. Every lookup fails with one line that names what is missing and how to get it.
 */

/** Where JDKs are installed on Debian/Ubuntu (and by Temurin's packages). */
export const JVM_ROOT = '/usr/lib/jvm';

/**
 * JDK releases the local runtime may use, lowest first: the long-term releases Maven and Flink (1.19–2.2) run on.
 * Flink 1.x does not support 21, so 17 is preferred whenever the runner's release allows it.
 */
export const SUPPORTED_JDK_RELEASES: readonly number[] = [11, 17, 21];

/** A JDK found on this machine. */
export interface Jdk {
  /** `JAVA_HOME` of the JDK. */
  readonly home: string;
  /** Feature release, e.g. 17. */
  readonly release: number;
}

/** Thrown when a tool is missing or unusable: its message is one line naming the tool and the fix. */
export class ToolchainError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'ToolchainError';
  }
}

/**
 * The feature release in `java -version` output (`openjdk version "17.0.15" …` → 17, `"1.8.0_392"` → 8), or
 * undefined if the text holds no version.
 */
export function parseJavaVersionOutput(text: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(text);
  if (match === null) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}

/** The feature release of the JDK at `home` (its `release` file, else `bin/java -version`), or undefined if none. */
export function jdkRelease(home: string): number | undefined {
  if (!fs.existsSync(path.join(home, 'bin', 'javac'))) return undefined;
  const releaseFile = path.join(home, 'release');
  if (fs.existsSync(releaseFile)) {
    const match = /^JAVA_VERSION="([^"]+)"/m.exec(fs.readFileSync(releaseFile, 'utf8'));
    if (match !== null) return parseJavaVersionOutput(`version "${match[1]}"`);
  }
  const run = spawnSync(path.join(home, 'bin', 'java'), ['-version'], { encoding: 'utf8' });
  return run.status === 0 ? parseJavaVersionOutput(`${run.stderr}${run.stdout}`) : undefined;
}

/** The JDKs under a directory (default /usr/lib/jvm), by real path (symlinked aliases counted once), lowest first. */
export function installedJdks(root: string = JVM_ROOT): Jdk[] {
  if (!fs.existsSync(root)) return [];
  const seen = new Map<string, Jdk>();
  for (const name of fs.readdirSync(root).sort()) {
    const home = fs.realpathSync(path.join(root, name));
    if (seen.has(home) || !fs.statSync(home).isDirectory()) continue;
    const release = jdkRelease(home);
    if (release !== undefined) seen.set(home, { home, release });
  }
  return [...seen.values()].sort((a, b) => a.release - b.release);
}

/**
 * The JDK to use for a Java release among `candidates`: the lowest supported release that is at least `needed`
 * (Java 11 code runs on 17; Flink 1.x does not run on 21 or later, Maven 3.8 not on 25), or undefined.
 */
export function chooseJdk(candidates: readonly Jdk[], needed: JavaVersion, supported: readonly number[] = SUPPORTED_JDK_RELEASES): Jdk | undefined {
  return [...candidates]
    .filter((j) => j.release >= needed.release && supported.includes(j.release))
    .sort((a, b) => a.release - b.release)[0];
}

/** Options of `findJdk`. */
export interface FindJdkOptions {
  /**
   * The environment to read `JAVA_HOME` from.
   * @default process.env
   */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Where to look for installed JDKs.
   * @default '/usr/lib/jvm'
   */
  readonly jvmRoot?: string;
}

/**
 * A JDK that runs code compiled for `needed`: `JAVA_HOME` if set (it must be a JDK of at least that release), otherwise
 * the lowest supported JDK at least that new under /usr/lib/jvm (JDK 17 for a Java 11 or 17 runner).
 * @throws ToolchainError naming the release to install
 */
export function findJdk(needed: JavaVersion, options: FindJdkOptions = {}): Jdk {
  const env = options.env ?? process.env;
  const override = env.JAVA_HOME;
  if (override !== undefined && override !== '') {
    const release = jdkRelease(override);
    if (release === undefined) throw new ToolchainError(`JAVA_HOME=${override} is not a JDK (no bin/javac, or java -version fails): point it at a JDK ${Math.max(needed.release, 17)} home, or unset it`);
    if (release < needed.release) throw new ToolchainError(`JAVA_HOME=${override} is Java ${release}, but the runner needs ${needed} or newer: point it at a JDK ${Math.max(needed.release, 17)}, or unset it`);
    return { home: override, release };
  }
  const root = options.jvmRoot ?? JVM_ROOT;
  const found = installedJdks(root);
  const chosen = chooseJdk(found, needed);
  if (chosen !== undefined) return chosen;
  const wanted = SUPPORTED_JDK_RELEASES.filter((r) => r >= needed.release);
  const have = found.length > 0 ? `found Java ${found.map((j) => j.release).join(', ')}` : 'found none';
  throw new ToolchainError(`no JDK ${wanted.join(' or ')} under ${root} (${have}) for ${needed} code: install one (e.g. apt-get install openjdk-17-jdk-headless) or set JAVA_HOME`);
}

/** Options of `findMaven`. */
export interface FindMavenOptions {
  /**
   * The environment to read `PATH` and `MAVEN_HOME` from.
   * @default process.env
   */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * The `mvn` executable: `$MAVEN_HOME/bin/mvn` if set, otherwise the first `mvn` on `PATH`.
 * @throws ToolchainError naming how to install Maven
 */
export function findMaven(options: FindMavenOptions = {}): string {
  const env = options.env ?? process.env;
  const home = env.MAVEN_HOME;
  if (home !== undefined && home !== '') {
    const mvn = path.join(home, 'bin', 'mvn');
    if (isExecutable(mvn)) return mvn;
    throw new ToolchainError(`MAVEN_HOME=${home} has no executable bin/mvn: point it at a Maven 3.8+ installation, or unset it`);
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter((d) => d !== '')) {
    const mvn = path.join(dir, 'mvn');
    if (isExecutable(mvn)) return mvn;
  }
  throw new ToolchainError('mvn is not on PATH: install Maven 3.8 or newer (e.g. apt-get install maven) or set MAVEN_HOME');
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The directory local builds and Flink homes are cached in: `$PIPELINES_CACHE_DIR`, else `~/.cache/event-pipelines`.
 */
export function pipelinesCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.PIPELINES_CACHE_DIR;
  if (override !== undefined && override !== '') return path.resolve(override);
  return path.join(os.homedir(), '.cache', 'event-pipelines');
}
