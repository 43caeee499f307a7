import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RUNNER_HADOOP_SOURCE_DIR, RUNNER_SOURCE_DIR } from '../../lib/artifacts/runner-build-context';
import { SQL_RUNNER_MAIN_CLASS, SQL_RUNNER_SCRIPT_GROUP_PREFIX, SQL_RUNNER_SETTINGS_GROUP, renderSettingsProperties, sqlRunnerArguments } from '../../lib/artifacts/sql-runner-contract';
import { RUNNER_CHECK_MANIFEST, checkFileName, runnerCheckCommand, runnerCheckFiles } from '../../lib/artifacts/runner-check-inputs';
import { HADOOP_UTILS_REPLACEMENT, ICEBERG_CATALOG_RELOCATIONS } from '../../lib/catalog/iceberg-catalog-hadoop';
import { Flavor } from '../../lib/flavor';
import { kafkaTableName } from '../../lib/sql/kafka-source-table';
import { examplePlan } from '../support/test-app';
import { SETTINGS_PROPERTY_GROUP, SQL_PROPERTY_GROUP_PREFIX, sqlPropertyGroups } from '../../constructs/managed/flink/msf-property-groups';

/**
 * The runner's Flink-free classes (splitter, property-group input, settings) compiled with the local JDK and checked
 * by test/artifacts/java/SqlRunnerChecks.java. The classes that need Flink compile in the deploy-time Maven build only.
 */
const PACKAGE_DIR = path.join(RUNNER_SOURCE_DIR, 'main', 'java', 'io', 'eventpipelines', 'sqlrunner');
const FLINK_FREE = ['SqlStatement', 'SqlScriptSplitter', 'RunnerInput', 'PropertyGroupInput', 'SqlRunnerSettings', 'CommandLineInput',
  'CheckManifest', 'SqlDdl', 'CatalogSubstitution', 'SampleRecords', 'CheckFailure'];
/** The runner's Java release for the example pipeline on both flavors (MSF FLINK-1_20: Java 11). */
const RELEASE = String(examplePlan('dev').artifacts.runnerJava.release);
const STUBS = path.join(__dirname, 'java', 'stubs');

function javaFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? javaFiles(path.join(dir, e.name)) : e.name.endsWith('.java') ? [path.join(dir, e.name)] : []));
}
const GOLDEN = path.join(__dirname, '..', 'sql', 'golden');
const hasJdk = spawnSync('javac', ['-version']).status === 0;
const describeWithJdk = hasJdk ? describe : describe.skip;

describeWithJdk('SQL runner (Java, with the local JDK)', () => {
  let classes: string;
  const run = (...args: string[]) => execFileSync('java', ['-cp', classes, 'io.eventpipelines.sqlrunner.SqlRunnerChecks', ...args], { encoding: 'utf8' });
  const runCheck = (...args: string[]) => execFileSync('java', ['-cp', classes, 'io.eventpipelines.sqlrunner.CheckModeChecks', ...args], { encoding: 'utf8' });

  beforeAll(() => {
    classes = fs.mkdtempSync(path.join(os.tmpdir(), 'sql-runner-classes-'));
    execFileSync('javac', ['--release', RELEASE, '-Xlint:all', '-Werror', '-d', classes,
      ...FLINK_FREE.map((c) => path.join(PACKAGE_DIR, `${c}.java`)), ...['Expect', 'SqlRunnerChecks', 'CheckModeChecks'].map((c) => path.join(__dirname, 'java', `${c}.java`))]);
  });

  test('every runner class (the check and the HadoopUtils stand-in included) compiles for the runner\'s Java release against the upstream API shapes it calls (signature stubs)', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'sql-runner-all-'));
    execFileSync('javac', ['--release', RELEASE, '-Xlint:all', '-Werror', '-d', out, ...javaFiles(STUBS), ...javaFiles(PACKAGE_DIR), ...javaFiles(RUNNER_HADOOP_SOURCE_DIR)]);
    expect(fs.readdirSync(path.join(out, 'io', 'eventpipelines', 'sqlrunner')).filter((f) => f.endsWith('.class') && !f.includes('$')).sort())
      .toEqual(fs.readdirSync(PACKAGE_DIR).map((f) => f.replace(/\.java$/, '.class')).sort());
    expect(fs.readdirSync(PACKAGE_DIR)).toEqual(expect.arrayContaining(['SqlRunnerCheck.java', 'SampleRecords.java', 'CatalogSubstitution.java']));
    expect(fs.existsSync(path.join(out, 'io', 'eventpipelines', 'sqlrunner', 'hadoop', 'CatalogHadoopUtils.class'))).toBe(true);
  });

  test('the check\'s Flink-free parts pass their checks: roles, options, named classes, catalog substitution, samples, failures', () => {
    expect(runCheck()).toMatch(/^OK \d+ checks\n$/);
  });

  test('the check classifies every statement of the golden scripts', () => {
    const files = fs.readdirSync(GOLDEN).sort().map((f) => path.join(GOLDEN, f));
    expect(runCheck('roles', ...files).trim().split('\n').map((l) => l.replace(/^[^:]+: /, '')))
      // A full reload (customers-nightly) reads its topic through a latest-per-key view, executed as is.
      .toEqual(files.map((f) => (path.basename(f).startsWith('customers-nightly') ? 'SETTING SETTING TABLE OTHER CATALOG INSERT' : 'SETTING SETTING TABLE CATALOG INSERT')));
  });

  test.each([Flavor.SELF_HOSTED, Flavor.MANAGED])('from the %s check inputs written at synth, one sample per topic with every column, timestamps in the declared form', (flavor) => {
    const plan = examplePlan('dev');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-inputs-'));
    const files = runnerCheckFiles(plan, flavor);
    for (const [rel, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), content);
    }
    const lines = runCheck('samples', path.join(dir, RUNNER_CHECK_MANIFEST)).trim().split('\n');
    for (const job of plan.jobs) {
      const script = files[`check/jobs/${checkFileName('job', plan.jobs.indexOf(job))}.sql`];
      const iso = script.includes("'value.json.timestamp-format.standard' = 'ISO-8601'");
      for (const topicName of job.sources) {
        const topic = plan.topics.find((t) => t.name === topicName);
        const table = topic === undefined ? topicName : kafkaTableName(topic, job);
        const line = lines.find((l) => l.startsWith(`${job.name} ${table} value json: `));
        expect(line).toBeDefined();
        const record = JSON.parse((line ?? '').replace(/^[^:]+: /, ''));
        expect(Object.keys(record)).toEqual((topic?.columns ?? []).map((c) => c.name));
        for (const c of topic?.columns ?? []) {
          const v = record[c.name];
          if (c.type.sqlType === 'TIMESTAMP_LTZ(3)') expect(v).toBe(iso ? '2026-01-31T12:00:00.000Z' : '2026-01-31 12:00:00.000Z');
          else if (c.type.sqlType === 'TIMESTAMP(3)') expect(v).toBe(iso ? '2026-01-31T12:00:00.000' : '2026-01-31 12:00:00.000');
          else if (c.type.decimal !== undefined) expect(typeof v).toBe('number');
          else if (c.type.sqlType === 'STRING') expect(v).toBe(`sample-${c.name}`);
          else expect(v).not.toBeNull();
        }
      }
    }
  });

  test('splitter, property groups, settings and command line pass their checks (compiled for Java 11)', () => {
    expect(run()).toMatch(/^OK \d+ checks\n$/);
  });

  test('splits the golden scripts into settings, tables, catalog and one insert', () => {
    const files = fs.readdirSync(GOLDEN).sort().map((f) => path.join(GOLDEN, f));
    expect(run('split', ...files)).toBe([
      'avro-glue-orders-to-lake.managed.sql: SET SET SINGLE SINGLE SINGLE',
      'avro-glue-orders-to-lake.self-hosted.sql: SET SET SINGLE SINGLE SINGLE',
      'customers-nightly.managed.sql: SET SET SINGLE SINGLE SINGLE SINGLE',
      'customers-nightly.self-hosted.sql: SET SET SINGLE SINGLE SINGLE SINGLE',
      'orders-to-lake.managed.sql: SET SET SINGLE SINGLE SINGLE',
      'orders-to-lake.self-hosted.sql: SET SET SINGLE SINGLE SINGLE',
      '',
    ].join('\n'));
  });

  test('reassembles a script the managed flavor cut into MSF property groups', () => {
    const script = fs.readFileSync(path.join(GOLDEN, 'orders-to-lake.managed.sql'), 'utf8');
    const groups = { ...sqlPropertyGroups(script, 100), [SETTINGS_PROPERTY_GROUP]: { 'execution.runtime-mode': 'streaming', 'table.exec.state.ttl': '1 h' } };
    expect(Object.keys(groups).length).toBeGreaterThan(1);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msf-groups-'));
    for (const [group, map] of Object.entries(groups)) fs.writeFileSync(path.join(dir, `${group}.properties`), renderSettingsProperties(map));
    expect(run('assemble', dir)).toBe(`{execution.runtime-mode=streaming, table.exec.state.ttl=1 h}\n${script}`);
  });
});

describe('runner contract', () => {
  const sources = FLINK_FREE.concat('SqlRunner', 'ManagedFlinkInput')
    .map((c) => fs.readFileSync(path.join(PACKAGE_DIR, `${c}.java`), 'utf8')).join('\n');

  test('the MSF property groups the managed flavor writes are the ones the runner reads', () => {
    expect(SQL_RUNNER_SCRIPT_GROUP_PREFIX).toBe(SQL_PROPERTY_GROUP_PREFIX);
    expect(SQL_RUNNER_SETTINGS_GROUP).toBe(SETTINGS_PROPERTY_GROUP);
    expect(sources).toContain(`static final String SQL_GROUP_PREFIX = "${SQL_RUNNER_SCRIPT_GROUP_PREFIX}";`);
    expect(sources).toContain(`static final String SETTINGS_GROUP = "${SQL_RUNNER_SETTINGS_GROUP}";`);
  });

  test('main class and program arguments match the sources', () => {
    expect(fs.existsSync(path.join(RUNNER_SOURCE_DIR, 'main', 'java', `${SQL_RUNNER_MAIN_CLASS.replace(/\./g, '/')}.java`))).toBe(true);
    expect(sqlRunnerArguments({ scriptFile: '/opt/job/job.sql', settingsFile: '/opt/job/settings.properties' }))
      .toEqual(['--script-file', '/opt/job/job.sql', '--settings-file', '/opt/job/settings.properties']);
    expect(sqlRunnerArguments({ scriptFile: '/opt/job/job.sql' })).toEqual(['--script-file', '/opt/job/job.sql']);
    expect(sources).toContain('static final String SCRIPT_FILE = "--script-file";');
    expect(sources).toContain('static final String SETTINGS_FILE = "--settings-file";');
  });

  test('the check flag and the HadoopUtils stand-in are the ones the recipe names', () => {
    const check = fs.readFileSync(path.join(PACKAGE_DIR, 'CheckManifest.java'), 'utf8');
    expect(check).toContain('static final String CHECK = "--check";');
    expect(runnerCheckCommand('/opt/flink', '/opt/flink/usrlib/sql-runner.jar', '/c/manifest.properties'))
      .toBe(`/opt/flink/bin/flink run --target local --class ${SQL_RUNNER_MAIN_CLASS} /opt/flink/usrlib/sql-runner.jar --check /c/manifest.properties`);
    expect(fs.existsSync(path.join(RUNNER_HADOOP_SOURCE_DIR, 'java', `${HADOOP_UTILS_REPLACEMENT.replace(/\./g, '/')}.java`))).toBe(true);
    expect(ICEBERG_CATALOG_RELOCATIONS.map((r) => r.shadedPattern)).toContain(HADOOP_UTILS_REPLACEMENT);
  });

  test('settings files escape Java properties syntax', () => {
    expect(renderSettingsProperties({ 'pipeline.name': 'orders-to-lake', 'a key=x': ' #v\\1\n' })).toBe('a\\ key\\=x=\\ #v\\\\1\\n\npipeline.name=orders-to-lake\n');
  });
});
