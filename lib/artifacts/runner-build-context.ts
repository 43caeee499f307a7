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
   * Directory in which this process creates its private build directory (`sql-runner-build-XXXXXX`, mode 0700).
   * @default - the OS temp dir
   */
  readonly parent?: string;
  /**
   * The build-time check's inputs (`runnerCheckFiles(plan, flavor)`).
   * @default - no check inputs: the build does not run the check
   */
  readonly checkFiles?: Readonly<Record<string, string>>;
}

/** This process's private build directories, by parent: made with mkdtemp, never shared with another synth. */
const PRIVATE_ROOTS = new Map<string, string>();

function privateRoot(parent: string): string {
  const known = PRIVATE_ROOTS.get(parent);
  if (known !== undefined && fs.existsSync(known)) return known;
  fs.mkdirSync(parent, { recursive: true });
  const root = fs.mkdtempSync(path.join(parent, 'sql-runner-build-'));
  fs.chmodSync(root, 0o700);
  PRIVATE_ROOTS.set(parent, root);
  return root;
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
 * itself runs at deploy time. The directory lives in a private directory this process made with mkdtemp (never a
 * shared, predictable temp path another user or an earlier synth could have prepared), is named after the content
 * hash, and is reused within the process only while its content still matches byte for byte; otherwise it is
 * written again.
 */
export function writeRunnerBuildContext(artifacts: ResolvedArtifacts, options: RunnerBuildContextOptions = {}): string {
  const files = runnerBuildFiles(artifacts, options.checkFiles);
  const dir = path.join(privateRoot(options.parent ?? os.tmpdir()), fingerprintFiles(files, 'runner build context'));
  if (buildContextMatches(dir, files)) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}
