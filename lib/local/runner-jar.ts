import * as fs from 'fs';
import * as path from 'path';
import { runnerBuildFiles } from '../artifacts/runner-build-context';
import { RUNNER_CHECK_DIR, RUNNER_CHECK_MANIFEST } from '../artifacts/runner-check-inputs';
import { SQL_RUNNER_JAR_NAME } from '../artifacts/sql-runner-contract';
import { JavaVersion } from '../catalog/java-version';
import { ResolvedArtifacts } from '../catalog/resolved-artifacts';
import { runMaven } from './maven';
import { findJdk, pipelinesCacheDir } from './toolchain';
import { fingerprintFiles } from '../plan/content-fingerprint';

/**
 * Builds the runner jar on this machine with Maven, from the same generated `pom.xml` and sources a deployment builds:
 * once per distinct build (pipelines whose artifacts resolve alike share one jar), kept in the cache.
 */

/** Options of `buildRunnerJar`. */
export interface BuildRunnerJarOptions {
  /**
   * The build-time check's inputs (`runnerCheckFiles(plan, flavor)`): written next to the build, under
   * `checks/<hash>/check/`, and named by `checkManifest`. They do not change the jar.
   * @default - none
   */
  readonly checkFiles?: Readonly<Record<string, string>>;
  /**
   * Directory builds are kept in (`<cacheDir>/runner/<hash>/`).
   * @default - pipelinesCacheDir()
   */
  readonly cacheDir?: string;
  /**
   * JDK Maven compiles with.
   * @default - findJdk(the runner's Java release)
   */
  readonly javaHome?: string;
  /** @default false */
  readonly offline?: boolean;
  /** Maven's download lines. @default - none */
  readonly onProgress?: (line: string) => void;
}

/** A built runner jar. */
export interface RunnerJar {
  /** The shaded jar. */
  readonly jar: string;
  /** The build directory (`pom.xml`, `src/`, `target/`). */
  readonly contextDir: string;
  /** The check's manifest, if check files were given. */
  readonly checkManifest?: string;
  /** Whether this call ran Maven (false: an earlier build was reused). */
  readonly built: boolean;
}

/** The files that decide the jar: the pom and the sources (not the Dockerfile, not the check inputs). */
export function runnerJarFiles(artifacts: ResolvedArtifacts): Record<string, string> {
  const all = runnerBuildFiles(artifacts);
  return Object.fromEntries(Object.entries(all).filter(([rel]) => rel === 'pom.xml' || rel.startsWith('src/')));
}

/** A short content hash of files by relative path. */
export function contentHash(files: Readonly<Record<string, string>>): string {
  return fingerprintFiles(files, 'the runner build context');
}

function writeFiles(dir: string, files: Readonly<Record<string, string>>): void {
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
}

function filesMatch(dir: string, files: Readonly<Record<string, string>>): boolean {
  return Object.entries(files).every(([rel, content]) => {
    const file = path.join(dir, rel);
    return fs.existsSync(file) && fs.readFileSync(file, 'utf8') === content;
  });
}

/**
 * Builds the runner jar of `artifacts` (`mvn package` in `<cache>/runner/<content hash>/`) and returns it; a complete
 * earlier build with the same pom and sources is reused. The build runs in a private directory renamed into place
 * when Maven succeeded, so a failed or concurrent build never leaves a half-built directory behind.
 */
export async function buildRunnerJar(artifacts: ResolvedArtifacts, options: BuildRunnerJarOptions = {}): Promise<RunnerJar> {
  const files = runnerJarFiles(artifacts);
  const root = path.join(options.cacheDir ?? pipelinesCacheDir(), 'runner');
  const contextDir = path.join(root, contentHash(files));
  const jar = path.join(contextDir, 'target', SQL_RUNNER_JAR_NAME);
  let built = false;
  if (!(fs.existsSync(jar) && filesMatch(contextDir, files))) {
    fs.mkdirSync(root, { recursive: true });
    const work = fs.mkdtempSync(path.join(root, `.${path.basename(contextDir)}-`));
    try {
      writeFiles(work, files);
      const javaHome = options.javaHome ?? findJdk(artifacts.runnerJava.release < 17 ? JavaVersion.JAVA_17 : artifacts.runnerJava).home;
      await runMaven({ projectDir: work, goals: ['package'], javaHome, offline: options.offline, onProgress: options.onProgress });
      fs.rmSync(contextDir, { recursive: true, force: true });
      fs.renameSync(work, contextDir);
      built = true;
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }
  if (options.checkFiles === undefined || Object.keys(options.checkFiles).length === 0) return { jar, contextDir, built };
  const checkDir = path.join(contextDir, 'checks', contentHash(options.checkFiles));
  if (!filesMatch(checkDir, options.checkFiles)) writeFiles(checkDir, options.checkFiles);
  const manifest = path.join(checkDir, RUNNER_CHECK_MANIFEST);
  if (!fs.existsSync(manifest)) throw new Error(`the check files hold no ${RUNNER_CHECK_MANIFEST} (under ${RUNNER_CHECK_DIR}/): pass runnerCheckFiles(plan, flavor)`);
  return { jar, contextDir, checkManifest: manifest, built };
}
