/**
 * Which test files run in which tier. `npm test` runs the fast tier: everything under test/ except what is listed here
 * and test/e2e/. `npm run test:slow` runs these: each starts real processes (npm, javac, cdk8s, cfn-guard, Chromium, a
 * child app), talks over real sockets, runs hundreds of synths or checks exhaustively, and takes more than a few
 * CPU-seconds. Moving a file here moves all of its assertions; none is dropped.
 */
const SLOW_SUITES = [
  // The packed package installed into a fresh app (npm pack, npm install, tsc, cdk synth) and the tarball's contents.
  'test/package/consumer.test.ts',
  'test/package/pack-contents.test.ts',
  // The 200-job stack within CloudFormation's and the kubectl handler's budgets.
  'test/stacks/stack-budget.test.ts',
  // Property-based (fast-check) definitions.
  'test/validation/fuzz-definitions.test.ts',
  // Exhaustive: every form of the cron day fields against two reference evaluators, day by day over two whole years.
  'test/managed/batch-run-cron-reference.test.ts',
  // Policy engines run on the whole synthesized app: cfn-guard rules and aws-cdk-lib's CloudFormation validator.
  'test/policy/cfn-guard.test.ts',
  'test/policy/cloudformation-validate.test.ts',
  // Where each named resource of a pipeline split into nested stacks sits, before and after a job is inserted or
  // removed (a dozen synths; the moves that happen today are test.failing until placement is stable).
  'test/stacks/stable-shards.test.ts',
  // No silent replacement of state: a dozen prod synths of changed definitions, diffed with @aws-cdk/cloudformation-diff.
  'test/stacks/no-silent-replacement.slow.test.ts',
  // The runner's Java sources compiled and run with javac/java.
  'test/artifacts/sql-runner-java.test.ts',
  'test/artifacts/runner-check-java.test.ts',
  'test/artifacts/kafka-credentials-java.test.ts',
  // `npm run crds` (cdk8s import) regenerates the CRD imports.
  'test/charts/crd-imports.test.ts',
  // The HTML comparison report rendered and screenshotted by headless Chromium.
  'test/report/report-chromium.test.ts',
  // The CLI against fake Kubernetes API servers over real loopback TLS sockets (openssl keys, @kubernetes/client-node):
  // deterministic (waits on a FakeClock), but each request is a real TLS round trip, some 25 CPU-seconds in all.
  'test/cli/self-hosted-actions.test.ts',
  'test/cli/self-hosted-status.test.ts',
  'test/cli/verify-self-hosted.test.ts',
  // The example app run as `cdk synth` runs it, in a child process (ts-node).
  'test/stacks/app-errors.test.ts',
  // The local runtime's process groups: real sh/sleep processes, and a node child killed by SIGKILL and SIGHUP.
  'test/local/process-group.test.ts',
];

module.exports = { SLOW_SUITES };
