#!/usr/bin/env node
// `npm run bench [-- --runs N]`: medians over N (default 5) runs of `cdk synth` through the CLI of this repository and
// the app command of cdk.json (ts-node --swc, CDK_VALIDATION=false), for (a) an empty CDK app, (b) the default
// environment (the example pipeline, both flavors), (b') the same with the built-in CloudFormation validator, and (c) generated pipelines of
// 1, 10 and 100 jobs; with the peak memory of the app process. A benchmark, not a test: it prints, it never fails on
// a target.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.join(__dirname, '..');
const runsFlag = process.argv.indexOf('--runs');
const RUNS = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 5;
const cdk = path.join(root, 'node_modules', '.bin', 'cdk');
const appCommand = (script) => `npx ts-node --swc --prefer-ts-exts ${script}`;

const CASES = [
  { id: 'a', label: '(a) empty CDK app', script: 'scripts/bench/empty-app.ts' },
  // As `npx cdk synth` runs it: cdk.json sets CDK_VALIDATION=false (a policy test runs the validator instead).
  { id: 'b', label: '(b) default environment (dev, both flavors)', script: 'bin/pipelines.ts', env: { CDK_VALIDATION: 'false' } },
  { id: 'b-validate', label: "(b') default environment with the CFN validator", script: 'bin/pipelines.ts' },
  { id: 'c1', label: '(c) generated, 1 job', script: 'scripts/bench/generated-app.ts', env: { BENCH_JOBS: '1', CDK_VALIDATION: 'false' } },
  { id: 'c10', label: '(c) generated, 10 jobs', script: 'scripts/bench/generated-app.ts', env: { BENCH_JOBS: '10', CDK_VALIDATION: 'false' } },
  { id: 'c100', label: '(c) generated, 100 jobs', script: 'scripts/bench/generated-app.ts', env: { BENCH_JOBS: '100', CDK_VALIDATION: 'false' } },
];

function median(values) {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function synthOnce(c) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${c.id}-`));
  const rssFile = path.join(outdir, 'rss.jsonl');
  const started = process.hrtime.bigint();
  const result = spawnSync(cdk, ['synth', '--quiet', '--no-notices', '--app', appCommand(c.script), '-o', path.join(outdir, 'cdk.out')], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...c.env, BENCH_RSS_FILE: rssFile, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${path.join(__dirname, 'bench', 'record-rss.js')}`.trim() },
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${c.label}: cdk synth failed (${result.status}):\n${result.stderr.slice(-4000)}`);
  const records = fs.existsSync(rssFile) ? fs.readFileSync(rssFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l)) : [];
  const app = records.filter((r) => r.argv.includes(c.script) && !r.argv.includes('npx'));
  const peakMb = Math.max(0, ...app.map((r) => r.maxRssKb)) / 1024;
  fs.rmSync(outdir, { recursive: true, force: true });
  return { seconds, peakMb };
}

const results = {};
process.stdout.write(`synth benchmark: ${RUNS} runs per case, ${os.cpus().length} CPUs, node ${process.version}, aws-cdk-lib ${require('aws-cdk-lib/package.json').version}\n`);
for (const c of CASES) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    runs.push(synthOnce(c));
    process.stderr.write('.');
  }
  const seconds = median(runs.map((r) => r.seconds));
  const peakMb = Math.max(...runs.map((r) => r.peakMb));
  results[c.id] = { seconds, peakMb };
  process.stderr.write('\n');
  process.stdout.write(`${c.label.padEnd(52)} median ${seconds.toFixed(2).padStart(6)} s   runs ${runs.map((r) => r.seconds.toFixed(1)).join(' ')}   app peak RSS ${peakMb.toFixed(0)} MB\n`);
}
const ratio = (x, y) => results[x].seconds / results[y].seconds;
process.stdout.write(`b/a           = ${ratio('b', 'a').toFixed(2)}  (target ≤ 1.3)\n`);
process.stdout.write(`b'/a          = ${ratio('b-validate', 'a').toFixed(2)}  (the built-in CloudFormation validator's share: ${(results['b-validate'].seconds - results.b.seconds).toFixed(2)} s)\n`);
process.stdout.write(`100-job/1-job = ${ratio('c100', 'c1').toFixed(2)}  (target ≤ 3)\n`);
process.stdout.write(`peak RSS of an app process: ${Math.max(...Object.values(results).map((r) => r.peakMb)).toFixed(0)} MB\n`);
