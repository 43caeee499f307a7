/**
 * ES-module-only dependencies (`@kubernetes/client-node` 1.x and what it imports): Jest on Node 20 cannot `require`
 * them, so @swc/jest compiles them to CommonJS like the sources (the CLI itself loads the client by dynamic import).
 */
const ESM_PACKAGES = ['@kubernetes/client-node', 'openid-client', 'jose', 'oauth4webapi', 'rfc4648', 'jsonpath-plus', 'jsep', '@jsep-plugin'];

/** Tests run through @swc/jest (transpile only); `npm test` type-checks (and builds dist/) once before, in scripts/build-package.js. */
module.exports = {
  testEnvironment: 'node',
  // Jest's default on 2 CPUs is ONE worker; the consumer test mostly waits on its child processes (npm, cdk, tsc), so a
  // second worker runs the other suites meanwhile.
  maxWorkers: 2,
  roots: ['<rootDir>/test'],
  // Every run writes under its own temporary root, removed at the end (synthesized apps would otherwise fill the disk).
  globalSetup: '<rootDir>/test/support/temp-root-setup.js',
  globalTeardown: '<rootDir>/test/support/temp-root-teardown.js',
  testMatch: ['**/*.test.ts'],
  // Real brokers and JVMs: the slow tier (`npm run test:e2e`, jest.e2e.config.js), never the fast one.
  testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
    [`node_modules/(${ESM_PACKAGES.join('|')})/.+\\.m?js$`]: ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'json'],
  reporters: ['default', '<rootDir>/test/support/closing-line-reporter.js'],
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
