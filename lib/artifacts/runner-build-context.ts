import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ResolvedArtifacts } from '../catalog/resolved-artifacts';
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
   * Directory the context directory is created in.
   * @default - `sql-runner-build` in the OS temp dir
   */
  readonly parent?: string;
  /**
   * The build-time check's inputs (`runnerCheckFiles(plan, flavor)`).
   * @default - no check inputs: the build does not run the check
   */
  readonly checkFiles?: Readonly<Record<string, string>>;
}

/**
 * Writes the runner's build context into a directory named after its content hash (under `parent`, default the OS
 * temp dir) and returns it: CDK assets stage and hash it at synth; the build itself runs at deploy time. Writing is
 * idempotent: an existing directory with the same hash is reused.
 */
export function writeRunnerBuildContext(artifacts: ResolvedArtifacts, options: RunnerBuildContextOptions = {}): string {
  const parent = options.parent ?? path.join(os.tmpdir(), 'sql-runner-build');
  const files = runnerBuildFiles(artifacts, options.checkFiles);
  const hash = createHash('sha256');
  for (const rel of Object.keys(files).sort()) hash.update(rel).update('\0').update(files[rel]).update('\0');
  const dir = path.join(parent, hash.digest('hex').slice(0, 16));
  if (fs.existsSync(dir)) return dir;
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(`${dir}.tmp-`);
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(staging, rel)), { recursive: true });
    fs.writeFileSync(path.join(staging, rel), content);
  }
  try {
    fs.renameSync(staging, dir);
  } catch (e) {
    // Another synth wrote the same content first.
    fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(dir)) throw e;
  }
  return dir;
}
