#!/usr/bin/env node
// Builds the package: `dist/` = the compiled library (.js + .d.ts, tsconfig.build.json) plus every file the library
// reads at run time through `__dirname`, copied to the same relative place so the compiled code finds it.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');

/** Files and folders read at run time, relative to the package root (kept in step by test/package/package-files.test.ts). */
const RUNTIME_ASSETS = [
  'lib/pricing/price-rows.json',
  'runner/src',
  'runner/README.md',
  'constructs/managed/flink/application-starter/runtime',
  'constructs/managed/flink/batch-run-stopper/runtime',
  'constructs/managed/topics/serverless-topics/runtime',
];

function build() {
  fs.rmSync(dist, { recursive: true, force: true });
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
  for (const asset of RUNTIME_ASSETS) {
    fs.cpSync(path.join(root, asset), path.join(dist, asset), { recursive: true });
  }
  fs.chmodSync(path.join(dist, 'bin', 'cli.js'), 0o755);
}

module.exports = { RUNTIME_ASSETS };
if (require.main === module) build();
