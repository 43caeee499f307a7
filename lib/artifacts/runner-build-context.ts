import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ResolvedArtifacts } from '../catalog/resolved-artifacts';
import { fingerprintFiles } from '../plan/content-fingerprint';
import { renderRunnerDockerfile } from './runner-dockerfile';
import { renderRunnerPom } from './runner-pom';

/** The runner's Java sources in this package (`runner/src`). */
export const RUNNER_SOURCE_DIR = path.join(__dirname, '..', '..', 'runner', 'src');

/**
 * Sources built into the jar only when it relocates Flink's `HadoopUtils` onto them (pipelines that write Iceberg:
 * they need hadoop-common, which only those jars bundle).
 */
export const RUNNER_HADOOP_SOURCE_DIR = path.join(RUNNER_SOURCE_DIR, 'hadoop');

function sourceFiles(dir: string, relative = 'src'): Array<[string, string]> {
  return fs.readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry): Array<[string, string]> => {
      const full = path.join(dir, entry.name);
      const rel = `${relative}/${entry.name}`;
      return entry.isDirectory() ? sourceFiles(full, rel) : [[rel, fs.readFileSync(full, 'utf8')]];
    });
}

/**
 * Every file of the runner's build context, by relative path: the generated `pom.xml`, the build-time check's inputs
 * (`runnerCheckFiles`, when given: the Dockerfile then runs the check), the generated `Dockerfile`
 * (when the self-hosted flavor was requested) and the runner sources (with `CatalogHadoopUtils` when the jar relocates
 * Flink's `HadoopUtils` onto it).
 */
export function runnerBuildFiles(artifacts: ResolvedArtifacts, checkFiles: Readonly<Record<string, string>> = {}): Record<string, string> {
  const check = Object.keys(checkFiles).length > 0;
  const files: Record<string, string> = { 'pom.xml': renderRunnerPom(artifacts), ...checkFiles };
  if (artifacts.selfHosted !== undefined) files.Dockerfile = renderRunnerDockerfile(artifacts, { check });
  for (const [rel, content] of sourceFiles(path.join(RUNNER_SOURCE_DIR, 'main'), 'src/main')) files[rel] = content;
  if (artifacts.relocations.length > 0) {
    for (const [rel, content] of sourceFiles(RUNNER_HADOOP_SOURCE_DIR, 'src/main')) files[rel] = content;
  }
  return files;
}

/** Options of `writeRunnerBuildContext`. */
export interface RunnerBuildContextOptions {
  /**
   * Directory that holds this user's build-context cache (`sql-runner-build-<uid>`, mode 0700).
   * @default - the OS temp dir
   */
  readonly parent?: string;
  /**
   * The build-time check's inputs (`runnerCheckFiles(plan, flavor)`).
   * @default - no check inputs: the build does not run the check
   */
  readonly checkFiles?: Readonly<Record<string, string>>;
  /**
   * Time since its last use after which another content's context is removed from the cache.
   * @default 14 days
   */
  readonly maxUnusedMs?: number;
  /**
   * The current time, in epoch milliseconds (tests drive it).
   * @default Date.now
   */
  readonly now?: () => number;
}

const DEFAULT_MAX_UNUSED_MS = 14 * 24 * 3600 * 1000;
/** A write in progress is `.<hash>-XXXXXX` (mkdtemp); one older than this was left by a process that died. */
const ABANDONED_WRITE_MS = 24 * 3600 * 1000;

/** The current user's id (POSIX), or undefined where there is none (Windows). */
function currentUid(): number | undefined {
  return typeof process.getuid === 'function' ? process.getuid() : undefined;
}

/**
 * This user's cache root, `<parent>/sql-runner-build-<uid>`: made with mode 0700 and, when it exists, used only if it
 * is a real directory (not a link) owned by this user with no access for anyone else. A directory another user
 * prepared at that predictable path is refused, never written into or read from.
 */
function cacheRoot(parent: string): string {
  const uid = currentUid();
  const root = path.join(parent, `sql-runner-build-${uid ?? os.userInfo().username}`);
  fs.mkdirSync(parent, { recursive: true });
  try {
    fs.mkdirSync(root, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const stat = fs.lstatSync(root);
  const problem = !stat.isDirectory() ? 'is not a directory (a link or a file)'
    : uid !== undefined && stat.uid !== uid ? `is owned by uid ${stat.uid}, not by this user (uid ${uid})`
      : uid !== undefined && (stat.mode & 0o077) !== 0 ? `has mode ${(stat.mode & 0o777).toString(8)}, open to other users`
        : undefined;
  if (problem !== undefined) {
    throw new Error(`runner build-context cache ${root} ${problem}: it could hand the build a context someone else wrote — `
      + 'remove it (it is a cache), or point TMPDIR at a directory of your own');
  }
  return root;
}

/** Removes the cache's entries unused for longer than `maxUnusedMs` and writes abandoned by a dead process. */
function pruneCache(root: string, keep: string, now: number, maxUnusedMs: number): void {
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === keep) continue;
    const full = path.join(root, entry.name);
    const age = now - fs.statSync(full).mtimeMs;
    if (age > (entry.name.startsWith('.') ? ABANDONED_WRITE_MS : maxUnusedMs)) fs.rmSync(full, { recursive: true, force: true });
  }
}

/** The relative paths of every file under `dir`. */
function filesUnder(dir: string, relative = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const rel = relative === '' ? entry.name : `${relative}/${entry.name}`;
    return entry.isDirectory() ? filesUnder(path.join(dir, entry.name), rel) : [rel];
  });
}

/** Whether `dir` holds exactly `files` (same paths, same bytes): a context edited after it was written is not reused. */
export function buildContextMatches(dir: string, files: Readonly<Record<string, string>>): boolean {
  if (!fs.existsSync(dir)) return false;
  const present = filesUnder(dir).sort();
  const expected = Object.keys(files).sort();
  if (present.length !== expected.length || present.some((rel, i) => rel !== expected[i])) return false;
  return expected.every((rel) => fs.readFileSync(path.join(dir, rel), 'utf8') === files[rel]);
}

/**
 * Writes the runner's build context and returns its directory: CDK assets stage and hash it at synth; the build
 * itself runs at deploy time. Contexts live in one cache per user (see `cacheRoot`: 0700, owned by the user, refused
 * otherwise), one directory per content hash, so synths of the same recipe share one directory instead of leaving
 * one each. A context is written under a temporary name and renamed into place (atomic: a concurrent synth sees the
 * whole context or none), reused only while its content still matches byte for byte, and removed once unused for
 * `maxUnusedMs`. It is not removed at process exit: with asset staging disabled, CDK reads the asset from here.
 */
export function writeRunnerBuildContext(artifacts: ResolvedArtifacts, options: RunnerBuildContextOptions = {}): string {
  const files = runnerBuildFiles(artifacts, options.checkFiles);
  const hash = fingerprintFiles(files, 'runner build context');
  const root = cacheRoot(options.parent ?? os.tmpdir());
  const now = (options.now ?? Date.now)();
  const dir = path.join(root, hash);
  pruneCache(root, hash, now, options.maxUnusedMs ?? DEFAULT_MAX_UNUSED_MS);
  if (buildContextMatches(dir, files)) {
    fs.utimesSync(dir, now / 1000, now / 1000);
    return dir;
  }
  const staging = fs.mkdtempSync(path.join(root, `.${hash}-`));
  try {
    for (const [rel, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(staging, rel)), { recursive: true });
      fs.writeFileSync(path.join(staging, rel), content);
    }
    fs.utimesSync(staging, now / 1000, now / 1000);
    fs.rmSync(dir, { recursive: true, force: true });
    try {
      fs.renameSync(staging, dir);
    } catch (error) {
      // A concurrent synth renamed the same content into place first: use it if it matches.
      if (!buildContextMatches(dir, files)) throw error;
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return dir;
}
