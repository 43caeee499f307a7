/**
 * The real runner build, on this machine: for each Flink line with a Kafka → Iceberg path, each flavor's dependency
 * set and every example pipeline, build the runner jar with Maven (one build per distinct pom), check its contents,
 * and run the runner's build-time check (`--check`) on the real jar in a local Flink home, for every job of every
 * pipeline, with each flavor's SQL. One line per build and check with its wall time; exit code 1 on any failure.
 *
 *   npm run test:runner [-- --lines 1.20,2.0] [--offline] [--cache <dir>]
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runnerCheckFiles } from '../lib/artifacts/runner-check-inputs';
import { SQL_RUNNER_MAIN_CLASS } from '../lib/artifacts/sql-runner-contract';
import { findFlinkRelease } from '../lib/catalog/flink-release-catalog';
import { compareVersions } from '../lib/catalog/maven-coordinate';
import { ResolvedArtifacts } from '../lib/catalog/resolved-artifacts';
import { FlinkVersion } from '../lib/definition/flink-version';
import { PipelineDefinition } from '../lib/definition/pipeline-definition';
import { ENVIRONMENTS_CONTEXT_KEY, resolveEnvironment } from '../lib/environment/load-environments';
import { CLICKS_PIPELINE } from '../lib/examples/clicks-pipeline';
import { generatedPipeline } from '../lib/examples/generated-pipeline';
import { ORDERS_PIPELINE } from '../lib/examples/orders-pipeline';
import { Flavor } from '../lib/flavor';
import { PipelinePlan } from '../lib/plan/pipeline-plan';
import { resolvePlan } from '../lib/plan/resolve-plan';
import { assembleFlinkHome, flinkRunInvocation } from '../lib/local/flink-home';
import { missingArtifacts } from '../lib/local/flink-home';
import { contentHash, buildRunnerJar, runnerJarFiles } from '../lib/local/runner-jar';
import { runnerJarProblems, runtimeJava } from '../lib/local/runner-jar-contents';
import { findJdk, pipelinesCacheDir } from '../lib/local/toolchain';
import { openJar } from '../lib/local/zip-entries';

const ROOT = path.join(__dirname, '..');
const CHECK_TIMEOUT_MS = 15 * 60 * 1000;

interface Options {
  readonly lines: string[];
  readonly offline: boolean;
  readonly cacheDir: string;
}

function parseArgs(argv: readonly string[]): Options {
  let lines = ['1.20', '2.0'];
  let offline = false;
  let cacheDir = pipelinesCacheDir();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--lines') lines = (argv[++i] ?? '').split(',').filter((l) => l !== '');
    else if (arg === '--offline') offline = true;
    else if (arg === '--cache') cacheDir = path.resolve(argv[++i] ?? '');
    else throw new Error(`unknown argument ${JSON.stringify(arg)}: use --lines 1.20,2.0, --offline, --cache <dir>`);
  }
  return { lines, offline, cacheDir };
}

const EXAMPLES: readonly PipelineDefinition[] = [ORDERS_PIPELINE, CLICKS_PIPELINE, generatedPipeline({ name: 'generated', jobs: 2 })];

/** The dependency sets of a line: each flavor alone (where it offers the line), and both together (the deployed jar). */
function flavorSets(minor: string): Array<{ name: string; flavors: readonly Flavor[] }> {
  const release = findFlinkRelease(minor);
  const sets: Array<{ name: string; flavors: readonly Flavor[] }> = [{ name: 'self-hosted', flavors: [Flavor.SELF_HOSTED] }];
  if (release?.managedRuntime !== undefined) sets.push({ name: 'managed', flavors: [Flavor.MANAGED] }, { name: 'both', flavors: Flavor.ALL });
  return sets;
}

function environment(): ReturnType<typeof resolveEnvironment> {
  const context = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')).context as Record<string, Record<string, unknown>>;
  return resolveEnvironment('dev', context[ENVIRONMENTS_CONTEXT_KEY].dev);
}

function seconds(start: number): string {
  return `${((Date.now() - start) / 1000).toFixed(1)} s`;
}

function mb(file: string): string {
  return `${(fs.statSync(file).size / 1e6).toFixed(1)} MB`;
}

/**
 * Builds a jar; if the Maven repository lacks the Iceberg version the catalog chose (a partial mirror of Maven
 * Central), retries with the next older Iceberg patch of the same minor, pinned, and says so.
 */
async function buildWithIcebergFallback(plan: (pins: { icebergVersion?: string }) => PipelinePlan, options: Options): Promise<{ plan: PipelinePlan; jar: string; built: boolean; note: string }> {
  let pins: { icebergVersion?: string } = {};
  let note = '';
  for (;;) {
    const p = plan(pins);
    try {
      const result = await buildRunnerJar(p.artifacts, { cacheDir: options.cacheDir, offline: options.offline });
      return { plan: p, jar: result.jar, built: result.built, note };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const iceberg = p.artifacts.icebergVersion;
      const release = findFlinkRelease(p.artifacts.flinkVersion.minor);
      if (!missingArtifacts(message).some((a) => a.startsWith('org.apache.iceberg:')) || iceberg === undefined || release === undefined) throw error;
      const minor = iceberg.split('.').slice(0, 2).join('.');
      const older = release.icebergVersions.filter((v) => v.startsWith(`${minor}.`) && compareVersions(v, iceberg) < 0).reverse()[0];
      if (older === undefined) throw error;
      note = ` (Iceberg ${iceberg} is not in this Maven repository: pinned ${older})`;
      pins = { icebergVersion: older };
    }
  }
}

/** Runs a process to its end, its output to a log file; resolves with the exit code. */
function runLogged(command: string, args: readonly string[], env: Record<string, string>, log: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(log, 'w');
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', out, out] });
    const stop = (): void => { child.kill('SIGTERM'); };
    process.once('SIGINT', stop);
    const timer = setTimeout(stop, CHECK_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      process.removeListener('SIGINT', stop);
      fs.closeSync(out);
      resolve(code ?? 1);
    });
  });
}

function tail(file: string, lines: number): string {
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => !/^\s+at |^\s+\.\.\. \d+ more/.test(l)).slice(-lines).join('\n');
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const env = environment();
  const logs = path.join(options.cacheDir, 'runner-build-logs');
  fs.mkdirSync(logs, { recursive: true });
  let failures = 0;
  const checked = new Set<string>();
  for (const minor of options.lines) {
    for (const set of flavorSets(minor)) {
      for (const example of EXAMPLES) {
        const definition = (pins: { icebergVersion?: string }): PipelinePlan => resolvePlan({ ...example, flinkVersion: FlinkVersion.of(minor), artifacts: { ...example.artifacts, ...pins } }, env, set.flavors);
        const label = `${minor} ${set.name} ${example.name}`;
        let start = Date.now();
        let build: Awaited<ReturnType<typeof buildWithIcebergFallback>>;
        try {
          build = await buildWithIcebergFallback(definition, options);
        } catch (error) {
          failures++;
          console.log(`FAIL build ${label}: ${seconds(start)}\n${error instanceof Error ? error.message : String(error)}`);
          continue;
        }
        const artifacts: ResolvedArtifacts = build.plan.artifacts;
        const hash = contentHash(runnerJarFiles(artifacts));
        console.log(`${build.built ? 'built ' : 'reused'} ${label}: jar ${hash} ${mb(build.jar)}, Java ${artifacts.runnerJava.release}, Iceberg ${artifacts.icebergVersion ?? '-'} ${seconds(start)}${build.note}`);
        if (!checked.has(`contents ${hash}`)) {
          start = Date.now();
          const problems = runnerJarProblems(openJar(build.jar), artifacts);
          checked.add(`contents ${hash}`);
          if (problems.length > 0) failures++;
          console.log(`${problems.length === 0 ? 'ok    ' : 'FAIL  '} contents ${hash} (runtime ${runtimeJava(artifacts)}): ${problems.length === 0 ? 'relocations, one AWS SDK, no Flink core, Kafka, class versions' : problems.join('; ')} ${seconds(start)}`);
        }
        const home = await assembleFlinkHome(artifacts.flinkPatch, { cacheDir: options.cacheDir, offline: options.offline });
        for (const s of home.substitutions ?? []) if (!checked.has(s)) { checked.add(s); console.log(`note   Flink ${home.patch} home: ${s}`); }
        const javaHome = findJdk(runtimeJava(artifacts)).home;
        for (const flavor of set.flavors) {
          start = Date.now();
          const files = runnerCheckFiles(build.plan, flavor);
          const { checkManifest } = await buildRunnerJar(artifacts, { cacheDir: options.cacheDir, offline: true, checkFiles: files });
          if (checkManifest === undefined) throw new Error('no check manifest');
          // Java ignores TMPDIR: without its own java.io.tmpdir each check left Flink's extracted RPC jar in /tmp.
          const javaTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-check-'));
          const run = flinkRunInvocation(home, { jar: build.jar, mainClass: SQL_RUNNER_MAIN_CLASS, programArgs: ['--check', checkManifest], javaHome, jvmOptions: [`-Djava.io.tmpdir=${javaTmp}`] });
          const log = path.join(logs, `${minor}-${set.name}-${example.name}-${flavor.id}.log`);
          const code = await runLogged(run.command, run.args, run.env, log).finally(() => fs.rmSync(javaTmp, { recursive: true, force: true }));
          const jobs = (/^jobs=(.*)$/m.exec(files['check/manifest.properties'])?.[1] ?? '').split(',').length;
          if (code !== 0) failures++;
          console.log(`${code === 0 ? 'ok    ' : 'FAIL  '} check ${label} (${flavor.id} SQL, ${jobs} jobs) on Flink ${home.patch}: ${seconds(start)}${code === 0 ? '' : `, exit ${code}, log ${log}\n${tail(log, 25)}`}`);
        }
      }
    }
  }
  console.log(failures === 0 ? 'runner build: all builds and checks passed' : `runner build: ${failures} failure(s)`);
  return failures === 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error(`runner build: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
