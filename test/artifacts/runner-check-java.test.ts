import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RUNNER_SOURCE_DIR } from '../../lib/artifacts/runner-build-context';
import { RUNNER_CHECK_MANIFEST, runnerCheckFiles } from '../../lib/artifacts/runner-check-inputs';
import { Flavor } from '../../lib/flavor';
import { examplePlan } from '../support/test-app';
import { PipelineDefinition } from '../../lib/definition/pipeline-definition';
import { ORDERS_PIPELINE } from '../../lib/examples/orders-pipeline';
import { ALL_TYPES_WITH_LOAD, ORDERS_WITH_LOAD } from '../load/load-fixtures';

/**
 * The build-time check (`SqlRunnerCheck --check`) run with the local JDK against recording fakes of the Flink APIs
 * (test/artifacts/java/fakes) on the check inputs written at synth: what it executes, plans and decodes, in which
 * order, and the one-line failures that stop the build. Flink's own behaviour is proven by the real build only.
 */
const PACKAGE_DIR = path.join(RUNNER_SOURCE_DIR, 'main', 'java', 'io', 'eventpipelines', 'sqlrunner');
const CHECK_CLASSES = ['SqlStatement', 'SqlScriptSplitter', 'RunnerInput', 'CommandLineInput', 'SqlRunnerSettings', 'CheckManifest', 'SqlDdl',
  'CatalogSubstitution', 'SampleRecords', 'CheckFailure', 'SqlRunnerCheck'];
const FAKES = path.join(__dirname, 'java', 'fakes');
const RELEASE = String(examplePlan('dev').artifacts.runnerJava.release);
const hasJdk = spawnSync('javac', ['-version']).status === 0;
const describeWithJdk = hasJdk ? describe : describe.skip;

function javaFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? javaFiles(path.join(dir, e.name)) : e.name.endsWith('.java') ? [path.join(dir, e.name)] : []));
}

function writeInputs(flavor: Flavor, definition: PipelineDefinition = ORDERS_PIPELINE): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `check-${flavor.id}-`));
  for (const [rel, content] of Object.entries(runnerCheckFiles(examplePlan('dev', Flavor.ALL, definition), flavor))) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return path.join(dir, RUNNER_CHECK_MANIFEST);
}

describeWithJdk('build-time check against recording fakes (local JDK)', () => {
  let classes: string;
  const check = (manifest: string, classpath: string, ...props: string[]) =>
    spawnSync('java', [...props, '-cp', classpath, 'io.eventpipelines.sqlrunner.SqlRunnerCheck', '--check', manifest], { encoding: 'utf8' });
  /** The one-line failures of the check's final exception. */
  const failures = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('  job "'));

  beforeAll(() => {
    classes = fs.mkdtempSync(path.join(os.tmpdir(), 'check-classes-'));
    execFileSync('javac', ['--release', RELEASE, '-Xlint:all', '-Werror', '-d', classes, ...javaFiles(FAKES), ...CHECK_CLASSES.map((c) => path.join(PACKAGE_DIR, `${c}.java`))]);
  });

  test.each([Flavor.SELF_HOSTED, Flavor.MANAGED])('%s: loads the named classes, substitutes the catalog, plans every INSERT, decodes a sample per topic', (flavor) => {
    const run = check(writeInputs(flavor), classes);
    expect(run.status).toBe(0);
    const calls = run.stdout.split('\n').filter((l) => /^(create|new|initialize|executeSql|explainSql|collect) /.test(l));
    const catalogs = run.stdout.split('\n').filter((l) => l.startsWith('executeSql CREATE CATALOG'));
    expect(catalogs).toHaveLength(4);
    const orders = calls.slice(0, calls.indexOf('create {execution.runtime-mode=batch, pipeline.name=customers-nightly}'));
    const managed = flavor.id === Flavor.MANAGED.id;
    expect(orders).toEqual([
      'create {execution.runtime-mode=streaming, pipeline.name=orders-to-lake}',
      ...(managed ? ['new IAMClientCallbackHandler', 'new IAMLoginModule'] : []),
      'executeSql CREATE TABLE `orders` (',
      'new GlueCatalog',
      'new S3FileIO',
      // The job's own CREATE CATALOG (Glue, S3FileIO) runs first, then the local stand-in replaces it.
      'executeSql CREATE CATALOG `lakehouse` WITH (',
      'executeSql DROP CATALOG `lakehouse`',
      'executeSql CREATE CATALOG `lakehouse` WITH (',
      `executeSql CREATE DATABASE IF NOT EXISTS \`lakehouse\`.\`orders_${managed ? 'managed' : 'self_hosted'}\``,
      `executeSql CREATE TABLE IF NOT EXISTS \`lakehouse\`.\`orders_${managed ? 'managed' : 'self_hosted'}\`.\`orders\` (`,
      expect.stringMatching(/^explainSql \[JSON_EXECUTION_PLAN\] INSERT INTO `lakehouse`\.`orders_[a-z_]+`\.`orders`/),
      'create batch',
      'executeSql CREATE TEMPORARY TABLE `sample_value_orders` (',
      'executeSql SELECT * FROM `sample_value_orders`',
      'collect SELECT * FROM `sample_value_orders`',
      // The key columns are read from the value (no key format): there is no key to decode.
    ]);
    expect(run.stdout).toContain('SQL runner check: job "orders-to-lake" OK');
    expect(run.stdout).toContain('SQL runner check: job "customers-nightly" OK');
    expect(run.stdout).toContain('catalog lakehouse: org.apache.iceberg.aws.glue.GlueCatalog, org.apache.iceberg.aws.s3.S3FileIO loaded; local stand-in created with the sink tables');
  });

  test.each([Flavor.SELF_HOSTED, Flavor.MANAGED])('%s: the load generator\'s script is checked like a job: split, its datagen and Kafka tables created, its INSERTs planned', (flavor) => {
    for (const definition of [ORDERS_WITH_LOAD, ALL_TYPES_WITH_LOAD]) {
      const run = check(writeInputs(flavor, definition), classes);
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('SQL runner check: job "load-generator" OK');
      const calls = run.stdout.split('\n').filter((l) => /^(create|new|executeSql|explainSql|createStatementSet|explain) /.test(l));
      const generator = calls.slice(calls.indexOf('create {execution.runtime-mode=streaming, pipeline.name=load-generator}'));
      expect(generator[0]).toBe('create {execution.runtime-mode=streaming, pipeline.name=load-generator}');
      const topic = definition === ORDERS_WITH_LOAD ? 'orders' : 'readings';
      expect(generator).toContain(`executeSql CREATE TEMPORARY TABLE \`${topic}__datagen\` (`);
      expect(generator).toContain(`executeSql CREATE TABLE \`${topic}\` (`);
      if (flavor.id === Flavor.MANAGED.id) expect(generator).toContain('new IAMClientCallbackHandler');
    }
    expect(check(writeInputs(flavor, ORDERS_WITH_LOAD), classes).stdout).toContain('planned a statement set of 2 INSERTs');
    expect(check(writeInputs(flavor, ALL_TYPES_WITH_LOAD), classes).stdout).toMatch(/planned: INSERT INTO `readings`/);
  });

  test('a class the SQL names that the jar lacks stops the build with the job, the statement and the class', () => {
    const withoutGlue = fs.mkdtempSync(path.join(os.tmpdir(), 'check-no-glue-'));
    fs.cpSync(classes, withoutGlue, { recursive: true });
    fs.rmSync(path.join(withoutGlue, 'org', 'apache', 'iceberg', 'aws', 'glue', 'GlueCatalog.class'));
    const run = check(writeInputs(Flavor.MANAGED), withoutGlue);
    expect(run.status).not.toBe(0);
    // customers-nightly creates its latest-per-key view (statement 4) before the catalog.
    expect(failures(run.stderr)).toEqual([['orders-to-lake', 4], ['customers-nightly', 5]].map(([job, n]) =>
      `  job "${job}": statement ${n} (CREATE CATALOG \`lakehouse\` WITH ( ...) failed: missing class org.apache.iceberg.aws.glue.GlueCatalog (java.lang.ClassNotFoundException: org.apache.iceberg.aws.glue.GlueCatalog)`));
  });

  test('item 1\'s defect (HdfsConfiguration missing where Flink loads HadoopUtils) stops the build at CREATE CATALOG', () => {
    const run = check(writeInputs(Flavor.SELF_HOSTED), classes, '-Dfake.fail.statement=CREATE CATALOG', '-Dfake.fail.class=org/apache/hadoop/hdfs/HdfsConfiguration');
    expect(run.status).not.toBe(0);
    expect(failures(run.stderr)[0]).toBe('  job "orders-to-lake": statement 4 (CREATE CATALOG `lakehouse` WITH ( ...) failed: missing class '
      + 'org.apache.hadoop.hdfs.HdfsConfiguration (java.lang.NoClassDefFoundError: org/apache/hadoop/hdfs/HdfsConfiguration)');
  });

  test('a sample the format cannot decode stops the build with the record', () => {
    const run = check(writeInputs(Flavor.SELF_HOSTED), classes, '-Dfake.null=1');
    expect(run.status).not.toBe(0);
    expect(failures(run.stderr)[0]).toMatch(/^ {2}job "orders-to-lake": sample record of source table orders failed: java\.lang\.IllegalStateException: value column order_id \(STRING\) decoded as NULL from \{"order_id":"sample-order_id",/);
  });
});
