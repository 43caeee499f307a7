/** Tests run through @swc/jest (transpile only); `npm test` type-checks (and builds dist/) once before, in scripts/build-package.js. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  reporters: ['default', '<rootDir>/test/support/closing-line-reporter.js'],
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
