import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createConsumerApp, packPackage, run, synthReadmeSamples, writeReadmeSamples } from './consumer-app';

import { LAMBDA_HANDLERS } from '../../constructs/managed/private/compile-handlers';

const ROOT = path.join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { RUNTIME_ASSETS } = require('../../scripts/build-package.js') as { RUNTIME_ASSETS: string[] };

/**
 * A new team's first hour: `npm pack`, install the tarball into a fresh CDK app with its own cdk.json (`cdk init`'s
 * feature flags, an environment listing its zones, no context file) and its own pipeline, synthesize both flavors
 * with the default ts-node runner and with tsx, compare the flavors on its pipeline, and compile it under strict flags.
 */
describe('the packed package in a fresh CDK app', () => {
  let dir: string;
  let app: string;
  let tarball: string;
  let samples: string[] = [];
  const timings: Record<string, number> = {};

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipelines-consumer-'));
    app = path.join(dir, 'app');
    fs.mkdirSync(app);
    const started = Date.now();
    tarball = packPackage(dir);
    timings.pack = Date.now() - started;
    timings.install = createConsumerApp(app, tarball).installMs;
    samples = writeReadmeSamples(app);
  }, 120_000);

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    process.stdout.write(`consumer test timings (ms): ${JSON.stringify(timings)}\n`);
  });

  test('the tarball holds the compiled library and its runtime assets, and no sources, tests, snapshots or CI files', () => {
    const files = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'CHANGELOG.md', 'dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/lib/examples/index.js', 'dist/bin/cli.js']));
    for (const asset of RUNTIME_ASSETS) expect(files.some((f) => f === `dist/${asset}` || f.startsWith(`dist/${asset}/`))).toBe(true);
    // Every compiled Lambda handler the constructs load is packed (a handler added later is found, not listed by hand).
    for (const handler of LAMBDA_HANDLERS) expect(files).toContain(`dist/${path.relative(ROOT, handler.output).split(path.sep).join('/')}`);
    expect(files.filter((f) => /(^|\/)(test|\.ci|__snapshots__)\//.test(f) || f.endsWith('.snap') || (f.endsWith('.ts') && !f.endsWith('.d.ts')))).toEqual([]);
  });

  // The built-in CloudFormation validator (about 60 % of a synth) runs once, with the default runner; the tsx synth
  // and the README samples run without it (CDK_VALIDATION=false): they check loading and synthesis, not templates.
  test.each([
    ['ts-node (the cdk.json app command)', [] as string[], {}],
    ['tsx', ['--app', 'npx tsx bin/app.ts'], { CDK_VALIDATION: 'false' }],
  ])('synthesizes both flavors with %s, looking nothing up', (runner, appOption, env) => {
    const out = `cdk.out.${runner.split(' ')[0]}`;
    const result = run('npx', ['cdk', 'synth', '--quiet', '--no-notices', ...appOption, '-o', out], app, env);
    timings[`synth ${runner.split(' ')[0]}`] = result.ms;
    const manifest = JSON.parse(fs.readFileSync(path.join(app, out, 'manifest.json'), 'utf8')) as { artifacts: Record<string, { type: string }>; missing?: unknown[] };
    const stacks = Object.entries(manifest.artifacts).filter(([, a]) => a.type === 'aws:cloudformation:stack').map(([name]) => name).sort();
    expect(stacks).toEqual(['clicks-dev-managed', 'clicks-dev-self-hosted', 'data-platform-dev-managed', 'data-platform-dev-self-hosted']);
    expect(manifest.missing).toBeUndefined();
    expect(fs.existsSync(path.join(app, 'cdk.context.json'))).toBe(false);
    const platform = JSON.parse(fs.readFileSync(path.join(app, out, 'data-platform-dev-managed.template.json'), 'utf8')) as { Resources: Record<string, { Type: string; Properties?: { AvailabilityZone?: string } }> };
    const zones = new Set(Object.values(platform.Resources).filter((r) => r.Type === 'AWS::EC2::Subnet').map((r) => r.Properties?.AvailabilityZone));
    expect([...zones].sort()).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1d']);
  }, 180_000);

  test('`pipelines compare` reports on the app\'s own pipeline', () => {
    const result = run('npx', ['pipelines', 'compare', '-c', 'env=dev', '--out', 'reports'], app);
    timings.compare = result.ms;
    expect(result.stdout).toContain('Pipeline "clicks", environment "dev" (us-east-1)');
    expect(fs.readFileSync(path.join(app, 'reports', 'clicks-dev.md'), 'utf8')).toContain('## Monthly cost by component');
  }, 120_000);

  test('README.md has its code samples', () => {
    expect(samples.length).toBeGreaterThanOrEqual(3);
  });

  // The samples are compiled with the app (strict flags, below) and run as `cdk synth` runs an app.
  test('README samples synthesize as written', () => {
    const { outdirs, ms } = synthReadmeSamples(app, samples, dir);
    timings['README samples'] = ms;
    for (const outdir of outdirs) expect(fs.readdirSync(outdir).filter((f) => f.endsWith('.template.json')).length).toBeGreaterThan(0);
  }, 180_000);

  test('compiles (app, definition and README samples) under exactOptionalPropertyTypes and noUncheckedIndexedAccess with no error', () => {
    const result = spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: app, encoding: 'utf8' });
    const errors = result.stdout.split('\n').filter((l) => / error TS\d+/.test(l));
    expect(errors.filter((l) => l.includes('event-pipelines-as-code'))).toEqual([]);
    expect(errors).toEqual([]);
    expect(result.status).toBe(0);
  }, 120_000);
});
