/**
 * The slow tier: tests that start real processes (a Kafka broker JVM, …), under `test/e2e/` and named
 * `*.e2e.test.ts`. One at a time (they share the machine's cores and ports), with long timeouts (the first run
 * downloads the broker's jars from Maven Central). Run with `npm run test:e2e`.
 */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  maxWorkers: 1,
  testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 10 * 60 * 1000,
};
