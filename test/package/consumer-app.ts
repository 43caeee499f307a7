import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** The repository root. */
export const ROOT = path.join(__dirname, '..', '..');

/** Peer dependencies and tools the throwaway app links from this repository's node_modules (nothing downloaded). */
const LINKED = ['aws-cdk-lib', 'constructs', 'aws-cdk', 'ts-node', 'tsx', 'typescript', '@types/node'];

/** Links a package of this repository into an app's node_modules, with its commands in node_modules/.bin. */
function linkPackage(appDir: string, name: string): void {
  const source = path.join(ROOT, 'node_modules', name);
  const target = path.join(appDir, 'node_modules', name);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  // A dependency of the package may have brought its own copy (aws-msk-iam-sasl-signer-js → @types/buffers → @types/node): this repository's wins.
  fs.rmSync(target, { recursive: true, force: true });
  fs.symlinkSync(source, target, 'dir');
  const { bin } = JSON.parse(fs.readFileSync(path.join(source, 'package.json'), 'utf8')) as { bin?: string | Record<string, string> };
  const bins = typeof bin === 'string' ? { [name]: bin } : bin ?? {};
  fs.mkdirSync(path.join(appDir, 'node_modules', '.bin'), { recursive: true });
  for (const [command, file] of Object.entries(bins)) {
    const link = path.join(appDir, 'node_modules', '.bin', command);
    if (!fs.existsSync(link)) fs.symlinkSync(path.join(target, file), link);
  }
}

/** A command's result; throws with its output when it failed. */
export function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): { stdout: string; stderr: string; ms: number } {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  if (result.error !== undefined || result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed with ${result.status}:\n${result.stdout}\n${result.stderr}\n${String(result.error ?? '')}`);
  }
  return { stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
}

/**
 * `npm pack` of this repository into `dir`; returns the tarball's path. It runs prepare (the build), unless
 * `npm run test:slow` built dist/ just before the tests (PIPELINES_DIST_BUILT=1).
 */
export function packPackage(dir: string): string {
  const prebuilt = process.env.PIPELINES_DIST_BUILT === '1' && fs.existsSync(path.join(ROOT, 'dist', 'lib', 'index.js'));
  const { stdout } = run('npm', ['pack', '--pack-destination', dir, '--json', ...(prebuilt ? ['--ignore-scripts'] : [])], ROOT);
  const [info] = JSON.parse(stdout) as Array<{ filename: string }>;
  if (info === undefined) throw new Error('npm pack printed no tarball');
  return path.join(dir, info.filename);
}

/** The environments of the throwaway app: its own account, region and zones (nothing to look up, no context file). */
export const CONSUMER_ENVIRONMENTS = {
  dev: {
    account: '444444444444', region: 'us-east-1', availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1d'],
    production: false, retainData: false, natGateways: 1,
    kafka: { replicationFactor: 1, minInSyncReplicas: 1 },
    managed: { mskMode: 'serverless' },
  },
};

/** A pipeline of the team's own, written against the installed package only. */
const DEFINITION = `import { Duration } from 'aws-cdk-lib';
import { ColumnType, FlinkVersion, PipelineDefinition } from 'event-pipelines-as-code';

export const CLICKS: PipelineDefinition = {
  name: 'clicks',
  flinkVersion: FlinkVersion.V1_20,
  topics: [{
    name: 'clicks',
    key: ['click_id'],
    columns: [
      { name: 'click_id', type: ColumnType.STRING, nullable: false },
      { name: 'page', type: ColumnType.STRING },
      { name: 'clicked_at', type: ColumnType.TIMESTAMP_LTZ, nullable: false },
    ],
    workload: { ingressMBps: 0.5, recordSizeBytes: 256 },
    retention: Duration.days(3),
  }],
  tables: [{
    name: 'clicks',
    columns: [
      { name: 'click_id', type: ColumnType.STRING, nullable: false },
      { name: 'page', type: ColumnType.STRING },
      { name: 'clicked_at', type: ColumnType.TIMESTAMP_LTZ, nullable: false },
    ],
    primaryKey: ['click_id'],
  }],
  jobs: [{ name: 'clicks-to-lake', sources: ['clicks'], sinks: ['clicks'], parallelism: { initial: 1, max: 2 } }],
};

export const definitions = [CLICKS];
`;

const APP = `#!/usr/bin/env node
import { runPipelineApp } from 'event-pipelines-as-code';
import { definitions } from '../lib/clicks';

runPipelineApp(definitions);
`;

/** The strict compiler flags of the check; skipLibCheck as \`cdk init\` sets it. */
export const STRICT_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022', module: 'commonjs', lib: ['es2022'], strict: true, noEmit: true,
    exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, noImplicitReturns: true, noImplicitOverride: true,
    skipLibCheck: true, types: ['node'],
  },
  include: ['bin/**/*.ts', 'lib/**/*.ts', 'samples/**/*.ts'],
};

/**
 * The feature flags `cdk init` writes into a new app's cdk.json: the CDK CLI's own list (`cdk init` adds it to the
 * template's context), here from this repository's CLI.
 */
const INIT_FEATURE_FLAGS: Record<string, unknown> = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'aws-cdk', 'lib', 'init-templates', '.recommended-feature-flags.json'), 'utf8'));

/**
 * Writes a fresh CDK app (package.json, cdk.json with the feature flags `cdk init` sets, its environment and no
 * context file, tsconfig.json, its own definition and app) in `dir`, and installs the tarball into it: the package's
 * own dependencies from npm's cache (`--prefer-offline`), the peer dependencies (aws-cdk-lib, constructs) and tools
 * (cdk, ts-node, tsx, tsc) as links to this repository's copies, which keeps the test fast and offline.
 */
export function createConsumerApp(dir: string, tarball: string): { installMs: number } {
  const packageJson = { name: 'clicks-app', version: '0.0.0', private: true, dependencies: { 'event-pipelines-as-code': `file:${tarball}` } };
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(packageJson, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'cdk.json'), `${JSON.stringify({
    app: 'npx ts-node --prefer-ts-exts bin/app.ts',
    context: { ...INIT_FEATURE_FLAGS, 'pipelines:environments': CONSUMER_ENVIRONMENTS, 'pipelines:definitions': 'lib/clicks.ts', 'cli-telemetry': false },
  }, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), `${JSON.stringify(STRICT_TSCONFIG, null, 2)}\n`);
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.mkdirSync(path.join(dir, 'lib'));
  fs.writeFileSync(path.join(dir, 'lib', 'clicks.ts'), DEFINITION);
  fs.writeFileSync(path.join(dir, 'bin', 'app.ts'), APP);
  // The package and its own dependencies (from npm's cache when there); peers are linked below, not installed.
  const { ms } = run('npm', ['install', '--prefer-offline', '--legacy-peer-deps', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], dir);
  for (const name of LINKED) linkPackage(dir, name);
  return { installMs: ms };
}

/** The ```ts code samples of README.md, in order. */
export function readmeSamples(): string[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
}

/** Writes the README samples as `samples/sample-<n>.ts` of the app (compiled with it); returns their paths. */
export function writeReadmeSamples(appDir: string): string[] {
  fs.mkdirSync(path.join(appDir, 'samples'), { recursive: true });
  return readmeSamples().map((code, i) => {
    const file = path.join('samples', `sample-${i + 1}.ts`);
    fs.writeFileSync(path.join(appDir, file), code);
    return file;
  });
}

/**
 * Runs the README samples the way `cdk synth` runs an app (cdk.json's context in CDK_CONTEXT_JSON, an output
 * directory in CDK_OUTDIR), one after the other in one tsx process; returns each sample's output directory.
 */
export function synthReadmeSamples(appDir: string, samples: readonly string[], outRoot: string): { outdirs: string[]; ms: number } {
  const { context } = JSON.parse(fs.readFileSync(path.join(appDir, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const outdirs = samples.map((_, i) => path.join(outRoot, `sample-${i + 1}.out`));
  const runner = path.join(outRoot, 'run-samples.js');
  fs.writeFileSync(runner, [
    `require(${JSON.stringify(path.join(appDir, 'node_modules', 'tsx', 'dist', 'cjs', 'index.cjs'))});`,
    `const jobs = ${JSON.stringify(samples.map((file, i) => ({ file: path.join(appDir, file), outdir: outdirs[i] })))};`,
    'for (const { file, outdir } of jobs) { process.env.CDK_OUTDIR = outdir; require(file); }',
  ].join('\n'));
  const { ms } = run(process.execPath, [runner], appDir, { CDK_CONTEXT_JSON: JSON.stringify(context), CDK_VALIDATION: 'false' });
  return { outdirs, ms };
}
