#!/usr/bin/env node
// `npm run typecheck` (and the first step of `npm test`): type-checks the whole repository (tsconfig.json: sources,
// scripts and tests) with TypeScript 7, the native compiler (installed as `typescript-7`), in about a quarter of the
// time of TypeScript 6. TypeScript 6.0 was made to check as 7.0 does; 6 still compiles the package (`npm run build`,
// which needs its JavaScript API, as ts-node does), so every release is checked by both. `--ts6` checks with 6 instead.
// Both packages install a `tsc` command, so which one `npx tsc` runs depends on npm: this script names its compiler.
'use strict';
const { spawnSync } = require('child_process');
const path = require('path');

const typescript = process.argv.includes('--ts6') ? 'typescript' : 'typescript-7';
const compiler = path.join(path.dirname(require.resolve(`${typescript}/package.json`)), 'bin', 'tsc');
const result = spawnSync(process.execPath, [compiler, '--noEmit', '-p', path.join(__dirname, '..', 'tsconfig.json')], { stdio: 'inherit' });
process.exit(result.status ?? 1);
