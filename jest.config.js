/**
 * ES-module-only dependencies (`@kubernetes/client-node` 1.x and what it imports): Jest on Node 20 cannot `require`
 * them, so @swc/jest compiles them to CommonJS like the sources (the CLI itself loads the client by dynamic import).
 */
const ESM_PACKAGES = ['@kubernetes/client-node', 'openid-client', 'jose', 'oauth4webapi', 'rfc4648', 'jsonpath-plus', 'jsep', '@jsep-plugin'];

const { SLOW_SUITES } = require('./test/tiers.js');

/** A path of test/tiers.js as a testPathIgnorePatterns entry. */
const exactly = (file) => `<rootDir>/${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;

/**
 * The fast tier (`npm test`): unit, snapshot and policy tests, no real processes. Tests run through @swc/jest
 * (transpile only); `npm test` type-checks once before (`npm run typecheck`) and gives Jest's workers (they inherit its
 * node options) a young generation of 64 MB: synthesis allocates fast, and fewer scavenges cut the tier's CPU by ~6 %.
 * The slower tiers have their own configs: jest.slow.config.js (`npm run test:slow`, the files of test/tiers.js) and
 * jest.e2e.config.js (`npm run test:e2e`).
 */
module.exports = {
  testEnvironment: 'node',
  // Modules compiled once per worker, run in each test file's own context (see the file).
  runtime: '<rootDir>/test/support/script-cache-runtime.js',
  // Jest's default on 2 CPUs is ONE worker; the consumer test mostly waits on its child processes (npm, cdk, tsc), so a
  // second worker runs the other suites meanwhile.
  maxWorkers: 2,
  // A test's time limit guards against a hang, not a slow machine: Jest's default of 5 s fails a synthesis that takes
  // 1 s on a quiet machine once the load average is 10 or more (seen here: a two-app synth of 1.1 s). Files that wait on
  // real processes or sockets set their own, longer limits.
  testTimeout: 120_000,
  roots: ['<rootDir>/test'],
  // Every run writes under its own temporary root, removed at the end (synthesized apps would otherwise fill the disk).
  globalSetup: '<rootDir>/test/support/temp-root-setup.js',
  globalTeardown: '<rootDir>/test/support/temp-root-teardown.js',
  testMatch: ['**/*.test.ts'],
  // Real brokers and JVMs (`npm run test:e2e`) and the slow suites (`npm run test:slow`) are never in the fast tier.
  testPathIgnorePatterns: ['/node_modules/', '/test/e2e/', ...SLOW_SUITES.map(exactly)],
  // Synthesis without aws-cdk-lib's built-in CloudFormation validator (half the time of a synth, as cdk.json's app
  // runs it); test/policy/cloudformation-validate.test.ts runs the validator, in the slow tier.
  setupFiles: ['<rootDir>/test/support/fast-tier-env.js'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
    [`node_modules/(${ESM_PACKAGES.join('|')})/.+\\.m?js$`]: ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'json'],
  reporters: ['default', '<rootDir>/test/support/closing-line-reporter.js'],
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
