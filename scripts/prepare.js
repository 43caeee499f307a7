#!/usr/bin/env node
// npm's `prepare` script: runs on `npm ci` / `npm install` in this repository, on `npm pack` / `npm publish`, and when
// another team installs the package from a git URL (npm installs its devDependencies and runs `prepare` in the clone).
//
// Why build here rather than ship a bin shim that runs the TypeScript through ts-node when dist/ is missing:
// - a git-URL install gets a working package only if something builds dist/ in the clone (dist/ is not committed, and
//   `files` leaves the TypeScript sources out): `prepare` is the one script npm runs there;
// - `npx pipelines` then runs the same compiled code the tarball ships, started in about a second, instead of
//   compiling some 400 modules on every start;
// - `npm pack` runs `prepare` too (it replaces `prepack`, so a pack builds once), and the consumer test's pack with
//   --ignore-scripts after `npm test`'s own build is unchanged; installing a tarball runs no `prepare`.
// The cost: `npm ci` here takes one compile longer (about 25 s of CPU).
//
// npm links the bins of dependencies into node_modules/.bin but not the root project's own `bin` (npm 11's
// `npx pipelines` then answers `pipelines: not found` even with dist/ built), so the repository's checkout links it.
'use strict';
const fs = require('fs');
const path = require('path');
const { build } = require('./build-package');

/** Links node_modules/.bin/<name> to each `bin` of package.json (the checkout's own commands); returns the links. */
function linkOwnBins(root = path.join(__dirname, '..')) {
  const modules = path.join(root, 'node_modules');
  if (!fs.existsSync(modules)) return [];
  const { bin } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const binDir = path.join(modules, '.bin');
  fs.mkdirSync(binDir, { recursive: true });
  return Object.entries(bin ?? {}).map(([name, file]) => {
    const link = path.join(binDir, name);
    fs.rmSync(link, { force: true });
    fs.symlinkSync(path.relative(binDir, path.join(root, file)), link);
    return link;
  });
}

module.exports = { linkOwnBins };
if (require.main === module) {
  build(false);
  linkOwnBins();
}
