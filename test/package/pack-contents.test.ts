import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { RUNTIME_ASSETS, build } = require('../../scripts/build-package.js') as { RUNTIME_ASSETS: string[]; build: (withTests: boolean) => void };

interface PackageJson {
  readonly bin: Record<string, string>;
  readonly exports: Record<string, string | { types: string; default: string }>;
}
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as PackageJson;

/** The files `npm pack` would put in the tarball (`npm pack --dry-run --json`), from a built dist/. */
function packedFiles(): string[] {
  // `npm run test:slow` built dist/ just before (PIPELINES_DIST_BUILT=1); otherwise build it here (what `prepare` does on a pack).
  if (process.env.PIPELINES_DIST_BUILT !== '1' || !fs.existsSync(path.join(ROOT, 'dist', 'lib', 'index.js'))) build(false);
  const result = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm pack --dry-run failed:\n${result.stderr}`);
  const [info] = JSON.parse(result.stdout) as Array<{ files: Array<{ path: string }> }>;
  return (info?.files ?? []).map((f) => f.path).sort();
}

/** The compiled modules reached from `entries` through relative `require("./…")` (.js) and imports (.d.ts). */
function reachable(entries: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const pending = [...entries];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file) || !fs.existsSync(path.join(ROOT, file))) continue;
    seen.add(file);
    // A module is its .js and its .d.ts: reaching one reaches the other (and what the other imports).
    pending.push(file.endsWith('.d.ts') ? file.replace(/\.d\.ts$/, '.js') : file.replace(/\.js$/, '.d.ts'));
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    const ext = file.endsWith('.d.ts') ? '.d.ts' : '.js';
    const specifiers = [...text.matchAll(/(?:require\(|from |import\()\s*["'](\.{1,2}\/[^"']+)["']/g)].map((m) => m[1] ?? '');
    for (const spec of specifiers) {
      const base = path.posix.join(path.posix.dirname(file), spec);
      const target = [`${base}${ext}`, `${base}/index${ext}`, base].find((c) => fs.existsSync(path.join(ROOT, c)) && fs.statSync(path.join(ROOT, c)).isFile());
      if (target !== undefined) pending.push(target);
    }
  }
  return seen;
}

describe('the packed tarball (npm pack --dry-run --json)', () => {
  let files: string[] = [];
  beforeAll(() => { files = packedFiles(); }, 300_000);

  test('holds the license, the notice, the readme and the changelog', () => {
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'NOTICE', 'README.md', 'CHANGELOG.md', 'package.json']));
    expect(fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
  });

  test('holds what `exports` and `bin` name', () => {
    const targets = [...Object.values(pkg.bin), ...Object.values(pkg.exports).flatMap((e) => (typeof e === 'string' ? [e] : [e.types, e.default]))];
    for (const target of targets) expect(files).toContain(target.replace(/^\.\//, ''));
  });

  test('leaves out the repository\'s example app and the examples `./examples` does not export', () => {
    expect(files.filter((f) => /^dist\/bin\/pipelines\./.test(f) || /clicks-pipeline/.test(f))).toEqual([]);
  });

  test('every compiled module in it is reached from `exports` or `bin` (or is a runtime asset)', () => {
    const entries = [...Object.values(pkg.bin), ...Object.values(pkg.exports).flatMap((e) => (typeof e === 'string' ? [] : [e.types, e.default]))]
      .map((e) => e.replace(/^\.\//, ''));
    const cliTypes = Object.values(pkg.bin).map((b) => b.replace(/\.js$/, '.d.ts'));
    const stem = (f: string) => f.replace(/\.(js|d\.ts)$/, '');
    const seen = new Set([...reachable([...entries, ...cliTypes])].map(stem));
    const isAsset = (f: string) => RUNTIME_ASSETS.some((a) => f === `dist/${a}` || f.startsWith(`dist/${a}/`));
    const modules = files.filter((f) => f.startsWith('dist/') && /\.(js|d\.ts)$/.test(f));
    expect(modules.length).toBeGreaterThan(100);
    expect(modules.filter((f) => !seen.has(stem(f)) && !isAsset(f))).toEqual([]);
  });

  // The CLI's clients are loaded by the CLI, not by every app that imports the library (bin/cli.js loads them itself).
  test('importing the library\'s root loads no AWS SDK, Kubernetes or Kafka client', () => {
    const script = 'require("./dist/lib/index.js"); process.stdout.write(JSON.stringify(Object.keys(require.cache)))';
    const result = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(result.status).toBe(0);
    const loaded = (JSON.parse(result.stdout) as string[]).map((f) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f)?.[1]).filter((p): p is string => p !== undefined);
    expect([...new Set(loaded.filter((p) => /^(@aws-sdk\/|@smithy\/|@kubernetes\/|kafkajs$|aws-msk-iam-sasl-signer-js$)/.test(p)))]).toEqual([]);
  });
});
