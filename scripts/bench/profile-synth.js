#!/usr/bin/env node
// `node scripts/bench/profile-synth.js [app script, default bin/pipelines.ts] [--keep <dir>]`: runs one synth of the app
// as `cdk synth` would (cdk.json's context, CDK_VALIDATION=false, cdk.json's app command) under
// `node --cpu-prof`, and prints where the CPU time goes:
// - module loading (samples below a nested `require`), by the package or directory of the module being loaded,
//   with TypeScript transpilation (ts-node/swc) and Node's own compile apart;
// - the rest (construct work, synthesis, garbage collection), by the package or directory of the function running.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.join(__dirname, '..', '..');
const script = process.argv.slice(2).find((a) => !a.startsWith('--') && a !== process.argv[process.argv.indexOf('--keep') + 1]) ?? 'bin/pipelines.ts';
const keepFlag = process.argv.indexOf('--keep');

/** A module's group: `aws-cdk-lib/aws-ec2`, `@aws-sdk/client-s3`, `lib/cli`, `charts/imports/<file>`, `node:internal`. */
function group(url) {
  if (url === '') return '(native/VM)';
  if (url.startsWith('node:')) return 'node:internal';
  const file = url.replace(/^file:\/\//, '');
  const nm = file.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = file.slice(nm + 14).split('/');
    const pkg = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
    const rest = parts.slice(parts[0].startsWith('@') ? 2 : 1);
    return pkg === 'aws-cdk-lib' && rest[0] !== undefined && !rest[0].endsWith('.js') ? `aws-cdk-lib/${rest[0]}` : pkg;
  }
  const rel = path.relative(root, file).split(path.sep);
  if (rel[0] === 'charts' && rel[1] === 'imports') return `charts/imports/${rel[2]}`;
  return rel.slice(0, Math.min(2, rel.length - 1)).join('/') || rel.join('/');
}

function summarize(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const totals = { loading: new Map(), transpile: 0, running: new Map(), functions: new Map(), gc: 0, all: 0 };
  const add = (map, key, ms) => map.set(key, (map.get(key) ?? 0) + ms);
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    totals.all += ms;
    const stack = [];
    for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) stack.unshift(byId.get(id).callFrame);
    const leaf = stack[stack.length - 1];
    if (leaf.functionName === '(garbage collector)') { totals.gc += ms; continue; }
    // The module whose top-level code runs innermost: the frame right under the last Module._compile. A ts-node or
    // swc frame deeper than it is the transpilation of a module it requires (ts-node's require hook).
    const compiles = stack.map((f, j) => (f.functionName === 'Module._compile' ? j : -1)).filter((j) => j >= 0);
    const last = compiles[compiles.length - 1] ?? -1;
    if (stack.slice(last + 2).some((f) => /\/(ts-node|@swc)\//.test(f.url))) { totals.transpile += ms; continue; }
    // Modules being loaded, leaving out ts-node's bin and the app script itself (whose top-level code is the app's run).
    const loading = compiles.map((j) => stack[j + 1]).filter((f) => f === undefined || !(/\/ts-node\/dist\/bin\.js$/.test(f.url) || f.url.endsWith(`/${script}`)));
    if (loading.length > 0) {
      const moduleFrame = loading[loading.length - 1];
      add(totals.loading, moduleFrame === undefined ? 'node:internal (compile)' : group(moduleFrame.url), ms);
    } else {
      add(totals.running, group(leaf.url), ms);
      // The running function nearest the leaf that is not Node's own: what the construct work is spent in.
      const own = [...stack].reverse().find((f) => f.url !== '' && !f.url.startsWith('node:')) ?? leaf;
      const where = `${own.functionName || '(anonymous)'} ${group(own.url)}/${path.basename(own.url)}:${own.lineNumber + 1}`;
      add(totals.functions, own === leaf ? where : `${leaf.functionName || leaf.url || '(anonymous)'} ← ${where}`, ms);
    }
  }
  return totals;
}

function top(map, n) {
  return [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
}

const dir = keepFlag > 0 ? path.resolve(process.argv[keepFlag + 1]) : fs.mkdtempSync(path.join(os.tmpdir(), 'synth-profile-'));
fs.mkdirSync(dir, { recursive: true });
const cdkJson = JSON.parse(fs.readFileSync(path.join(root, 'cdk.json'), 'utf8'));
const cached = fs.existsSync(path.join(root, 'cdk.context.json')) ? JSON.parse(fs.readFileSync(path.join(root, 'cdk.context.json'), 'utf8')) : {};
const outdir = path.join(dir, 'cdk.out');
/** What `cdk synth` adds to the app's context (aws-cdk 2.1148). */
const CLI_CONTEXT = { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:enable-asset-metadata': true, 'aws:cdk:version-reporting': true, 'aws:cdk:bundling-stacks': ['**'] };
const result = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--require', 'ts-node/register', script], {
  cwd: root, encoding: 'utf8', env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ ...cdkJson.context, ...cached, ...CLI_CONTEXT }), CDK_OUTDIR: outdir, CDK_VALIDATION: 'false' },
});
if (result.status !== 0) throw new Error(`${script} failed (${result.status}):\n${result.stderr.slice(-4000)}`);
const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
const totals = summarize(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
const loading = [...totals.loading.values()].reduce((a, b) => a + b, 0);
const running = [...totals.running.values()].reduce((a, b) => a + b, 0);
const line = (label, ms) => `  ${label.padEnd(70)} ${ms.toFixed(0).padStart(6)} ms  ${((100 * ms) / totals.all).toFixed(1).padStart(5)} %\n`;
process.stdout.write(`CPU profile of one synth of ${script}: ${totals.all.toFixed(0)} ms sampled\n`);
process.stdout.write(line('TypeScript transpilation (ts-node + swc)', totals.transpile));
process.stdout.write(line('module loading (top-level code of required modules)', loading));
for (const [key, ms] of top(totals.loading, 15)) process.stdout.write(line(`  ${key}`, ms));
process.stdout.write(line('running (constructs, synthesis)', running));
for (const [key, ms] of top(totals.running, 12)) process.stdout.write(line(`  ${key}`, ms));
process.stdout.write(line('garbage collection', totals.gc));
process.stdout.write('top functions while running (self time, attributed to the nearest non-Node frame):\n');
for (const [key, ms] of top(totals.functions, 15)) process.stdout.write(line(`  ${key.slice(0, 68)}`, ms));
if (keepFlag > 0) process.stdout.write(`profile: ${path.join(dir, file)}\n`); else fs.rmSync(dir, { recursive: true, force: true });
