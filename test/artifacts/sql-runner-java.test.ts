import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RUNNER_SOURCE_DIR } from '../../lib/artifacts/runner-build-context';
import { SQL_RUNNER_MAIN_CLASS, SQL_RUNNER_SCRIPT_GROUP_PREFIX, SQL_RUNNER_SETTINGS_GROUP, renderSettingsProperties, sqlRunnerArguments } from '../../lib/artifacts/sql-runner-contract';
import { SETTINGS_PROPERTY_GROUP, SQL_PROPERTY_GROUP_PREFIX, sqlPropertyGroups } from '../../constructs/managed/flink/msf-property-groups';

/**
 * The runner's Flink-free classes (splitter, property-group input, settings) compiled with the local JDK and checked
 * by test/artifacts/java/SqlRunnerChecks.java. The classes that need Flink compile in the deploy-time Maven build only.
 */
const PACKAGE_DIR = path.join(RUNNER_SOURCE_DIR, 'main', 'java', 'io', 'eventpipelines', 'sqlrunner');
const FLINK_FREE = ['SqlStatement', 'SqlScriptSplitter', 'RunnerInput', 'PropertyGroupInput', 'SqlRunnerSettings', 'CommandLineInput'];
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

  beforeAll(() => {
    classes = fs.mkdtempSync(path.join(os.tmpdir(), 'sql-runner-classes-'));
    execFileSync('javac', ['--release', '11', '-Xlint:all', '-Werror', '-d', classes,
      ...FLINK_FREE.map((c) => path.join(PACKAGE_DIR, `${c}.java`)), path.join(__dirname, 'java', 'SqlRunnerChecks.java')]);
  });

  test('every runner class compiles for Java 11 against the upstream API shapes it calls (signature stubs)', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'sql-runner-all-'));
    execFileSync('javac', ['--release', '11', '-Xlint:all', '-Werror', '-d', out, ...javaFiles(STUBS), ...javaFiles(PACKAGE_DIR)]);
    expect(fs.readdirSync(path.join(out, 'io', 'eventpipelines', 'sqlrunner')).filter((f) => !f.includes('$')).sort())
      .toEqual(fs.readdirSync(PACKAGE_DIR).map((f) => f.replace(/\.java$/, '.class')).sort());
  });

  test('splitter, property groups, settings and command line pass their checks (compiled for Java 11)', () => {
    expect(run()).toMatch(/^OK \d+ checks\n$/);
  });

  test('splits the golden scripts into settings, tables, catalog and one insert', () => {
    const files = fs.readdirSync(GOLDEN).sort().map((f) => path.join(GOLDEN, f));
    expect(run('split', ...files)).toBe([
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

  test('settings files escape Java properties syntax', () => {
    expect(renderSettingsProperties({ 'pipeline.name': 'orders-to-lake', 'a key=x': ' #v\\1\n' })).toBe('a\\ key\\=x=\\ #v\\\\1\\n\npipeline.name=orders-to-lake\n');
  });
});
