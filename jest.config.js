/** Tests run through @swc/jest (transpile only); `npm test` type-checks (and builds dist/) once before, in scripts/build-package.js. */
module.exports = {
  testEnvironment: 'node',
  // Jest's default on 2 CPUs is ONE worker; the consumer test mostly waits on its child processes (npm, cdk, tsc), so a
  // second worker runs the other suites meanwhile.
  maxWorkers: 2,
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  reporters: ['default', '<rootDir>/test/support/closing-line-reporter.js'],
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
