#!/usr/bin/env node
// Builds the package: `dist/` = the compiled library (.js + .d.ts, tsconfig.build.json) plus every file the library
// reads at run time through `__dirname`, copied to the same relative place so the compiled code finds it.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');

/** The compiled Lambda handlers (`runtime/index.js` beside each `handler.ts`): found, so a new handler cannot be left out. */
function handlerRuntimes(dir = 'constructs') {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).filter((e) => e.isDirectory()).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    return e.name === 'runtime' ? [rel] : handlerRuntimes(rel);
  }).sort();
}

/** Files and folders read at run time, relative to the package root (the consumer test checks each is packed). */
const RUNTIME_ASSETS = [
  'lib/pricing/price-rows.json',
  'runner/src',
  'runner/local-kafka/src',
  'runner/README.md',
  ...handlerRuntimes(),
];

/**
 * Sources of the repository that are not part of the package (their compiled output is left out of dist/): the
 * handlers' sources (their compiled runtime/ is the asset), the repository's own example app (bin/pipelines.ts: the
 * package's command is bin/cli.ts), the runner build's jar-content rules (scripts/runner-build.ts) and the examples
 * `./examples` does not export (test/package/pack-contents.test.ts
 * checks that every packed module is reached from `exports` or `bin`).
 */
const NOT_PACKAGED = [
  /(^|\/)handler\.(js|d\.ts)$/, /compile-handlers\.(js|d\.ts)$/,
  /(^|\/)bin\/pipelines\.(js|d\.ts)$/, /(^|\/)lib\/examples\/clicks-pipeline\.(js|d\.ts)$/,
  // The runner jar's content rules and the zip reader they use serve the repository's runner build (`npm run test:runner`).
  /(^|\/)lib\/local\/(runner-jar-contents|zip-entries)\.(js|d\.ts)$/,
];
const PACKAGED_DIRS = ['bin', 'lib', 'constructs', 'charts'];
/**
 * Modules committed already compiled (.js + .d.ts), which tsc does not emit: the generated cdk8s imports
 * (scripts/refresh-crds.sh). Copied as they are, beside the modules that import them.
 */
const PRECOMPILED = ['charts/imports'];

function tsc(args) {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), ...args], { stdio: 'inherit', cwd: root });
}

/**
 * `node scripts/build-package.js`: compiles the package (tsconfig.build.json) into dist/.
 * `node scripts/build-package.js --with-tests`: ONE compile of everything (tsconfig.json, tests included) into
 * .build/, of which the package's directories are copied into dist/: a type-check and a package build in one pass.
 * (`npm test` only type-checks, with scripts/typecheck.js: its fast tier needs no dist/; `npm run test:slow` builds dist/.)
 */
function build(withTests) {
  fs.rmSync(dist, { recursive: true, force: true });
  if (withTests) {
    const all = path.join(root, '.build');
    fs.rmSync(all, { recursive: true, force: true });
    tsc(['-p', path.join(root, 'tsconfig.json'), '--noEmit', 'false', '--outDir', all]);
    for (const dir of PACKAGED_DIRS) {
      fs.cpSync(path.join(all, dir), path.join(dist, dir), { recursive: true, filter: (file) => !NOT_PACKAGED.some((re) => re.test(file)) });
    }
    fs.rmSync(all, { recursive: true, force: true });
  } else {
    tsc(['-p', path.join(root, 'tsconfig.build.json')]);
    for (const file of fs.readdirSync(dist, { recursive: true }).map(String)) {
      if (NOT_PACKAGED.some((re) => re.test(file))) fs.rmSync(path.join(dist, file));
    }
  }
  for (const asset of [...PRECOMPILED, ...RUNTIME_ASSETS]) {
    fs.cpSync(path.join(root, asset), path.join(dist, asset), { recursive: true });
  }
  fs.chmodSync(path.join(dist, 'bin', 'cli.js'), 0o755);
}

module.exports = { RUNTIME_ASSETS, build };
if (require.main === module) build(process.argv.includes('--with-tests'));
