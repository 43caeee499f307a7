/**
 * The slow tier (`npm run test:slow`): the files test/tiers.js lists — the packed package installed into a fresh app,
 * the 200-job budget, property-based definitions, the policy engines on the whole app, the runner's Java sources
 * through javac, the CRD imports regenerated. The script builds dist/ once before (PIPELINES_DIST_BUILT=1), so the
 * package tests share one build. aws-cdk-lib's CloudFormation validator stays on (no fast-tier setup file).
 */
const base = require('./jest.config.js');
const { SLOW_SUITES } = require('./test/tiers.js');

module.exports = {
  ...base,
  testMatch: SLOW_SUITES.map((file) => `<rootDir>/${file}`),
  testPathIgnorePatterns: ['/node_modules/'],
  setupFiles: [],
};
