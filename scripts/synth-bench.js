#!/usr/bin/env node
// `npm run bench [-- --runs N] [--validate]`: `cdk synth` through this repository's CDK CLI and the app command of
// cdk.json (node with ts-node's swc transpiler), like with like: every case runs with the same CDK_VALIDATION setting
// (false, as cdk.json sets it; `--validate` turns aws-cdk-lib's CloudFormation validator on for every case) and the
// same App context (a pipeline app's own: the empty and floor apps give theirs scripts/bench/app-context.js), and
// the cases compared with each other run interleaved (a b a b …, N rounds, default 5) so a change of machine load
// hits both alike.
// Pairs: (a) an empty CDK app with one queue vs (b) the default environment (dev, both flavors, the example
// pipeline), with (f) between them: the empty app after loading all that (b) loads up front (the library and the
// example), i.e. the part of (b) that is module loading before any construct work; (c) a generated pipeline of 1 job
// vs of 100 jobs. Reports medians of wall time and of CPU time (user +
// system: of every process of the `cdk synth`, and of the app alone), their ratios, and the peak resident memory of an
// app process. A benchmark, not a test: it prints, it never fails on a target.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.join(__dirname, '..');
const runsFlag = process.argv.indexOf('--runs');
const RUNS = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 5;
const VALIDATION = process.argv.includes('--validate') ? 'true' : 'false';
const cdk = path.join(root, 'node_modules', '.bin', 'cdk');
const appCommand = (script) => `node --require ts-node/register ${script}`;

const CASES = {
  a: { label: '(a) empty CDK app, one queue', script: 'scripts/bench/empty-app.ts' },
  f: { label: '(f) empty app, library loaded', script: 'scripts/bench/floor-app.ts' },
  b: { label: '(b) default environment (dev, both flavors)', script: 'bin/pipelines.ts' },
  c1: { label: '(c) generated, 1 job', script: 'scripts/bench/generated-app.ts', env: { BENCH_JOBS: '1' } },
  c100: { label: '(c) generated, 100 jobs', script: 'scripts/bench/generated-app.ts', env: { BENCH_JOBS: '100' } },
};

function median(values) {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function synthOnce(id) {
  const c = CASES[id];
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${id}-`));
  const rssFile = path.join(outdir, 'rss.jsonl');
  const started = process.hrtime.bigint();
  const result = spawnSync(cdk, ['synth', '--quiet', '--no-notices', '--app', appCommand(c.script), '-o', path.join(outdir, 'cdk.out')], {
    cwd: root,
    encoding: 'utf8',
    env: {
      ...process.env, ...c.env, CDK_VALIDATION: VALIDATION, BENCH_RSS_FILE: rssFile,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${path.join(__dirname, 'bench', 'record-rss.js')}`.trim(),
    },
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  try {
    if (result.status !== 0) throw new Error(`${c.label}: cdk synth failed (${result.status}):\n${result.stderr.slice(-4000)}`);
    const records = fs.existsSync(rssFile) ? fs.readFileSync(rssFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l)) : [];
    const app = records.filter((r) => r.argv.split(' ')[0].endsWith(c.script)); // the app's own process, not the CLI's
    const cpu = (rs) => rs.reduce((sum, r) => sum + (r.cpuMs ?? 0), 0) / 1000;
    return { seconds, peakMb: Math.max(0, ...app.map((r) => r.maxRssKb)) / 1024, cpuSeconds: cpu(app), totalCpuSeconds: cpu(records) };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** N rounds of the cases in turn (interleaved); per case its runs, median and peak RSS. */
function interleaved(ids) {
  const runs = Object.fromEntries(ids.map((id) => [id, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const id of ids) {
      runs[id].push(synthOnce(id));
      process.stderr.write('.');
    }
  }
  process.stderr.write('\n');
  const results = {};
  for (const id of ids) {
    const r = runs[id];
    results[id] = {
      seconds: median(r.map((x) => x.seconds)), cpuSeconds: median(r.map((x) => x.cpuSeconds)),
      totalCpuSeconds: median(r.map((x) => x.totalCpuSeconds)), peakMb: Math.max(...r.map((x) => x.peakMb)),
    };
    const res = results[id];
    process.stdout.write(`${CASES[id].label.padEnd(46)} wall median ${res.seconds.toFixed(2).padStart(6)} s (runs ${r.map((x) => x.seconds.toFixed(1)).join(' ')})   CPU median: all processes ${res.totalCpuSeconds.toFixed(2)} s, app ${res.cpuSeconds.toFixed(2)} s   app peak RSS ${res.peakMb.toFixed(0)} MB\n`);
  }
  return results;
}

process.stdout.write(`synth benchmark: ${RUNS} interleaved rounds, CDK_VALIDATION=${VALIDATION} on every case, same CLI and app command, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, node ${process.version}, aws-cdk-lib ${require('aws-cdk-lib/package.json').version}\n`);
const ab = interleaved(['a', 'f', 'b']);
/** A ratio of medians, three ways: wall time, CPU time of every process of the `cdk synth` (the CLI and the app), app CPU. */
const ratios = (x, y) => `wall ${(x.seconds / y.seconds).toFixed(2)}, CPU of all processes ${(x.totalCpuSeconds / y.totalCpuSeconds).toFixed(2)}, app CPU ${(x.cpuSeconds / y.cpuSeconds).toFixed(2)}`;
// On a loaded machine wall time measures the load; the CPU time of all processes hardly moves with it and, as they
// run one after another, comes close to the wall time on a quiet machine.
process.stdout.write(`b/a           = ${ratios(ab.b, ab.a)}  (target ≤ 1.3)\n`);
process.stdout.write(`f/a           = ${ratios(ab.f, ab.a)}  (loading the library alone)\n`);
const c = interleaved(['c1', 'c100']);
process.stdout.write(`100-job/1-job = ${ratios(c.c100, c.c1)}  (target ≤ 3)\n`);
process.stdout.write(`peak RSS of an app process: ${Math.max(...[...Object.values(ab), ...Object.values(c)].map((r) => r.peakMb)).toFixed(0)} MB (100 jobs: ${c.c100.peakMb.toFixed(0)} MB)\n`);
