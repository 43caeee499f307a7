import * as path from 'path';
import { BUILD_TOOLS } from '../../lib/catalog/artifact-catalog';
import { FLINK_JAVA_17_OPTIONS, flinkLibArtifacts } from '../../lib/local/flink-distribution-lib';
import { flinkConfFiles, flinkConfigFileName, flinkHomeOf, flinkRunInvocation, missingArtifacts, renderFlinkHomePom, substituteMissing } from '../../lib/local/flink-home';

describe('local Flink home', () => {
  const home = flinkHomeOf('1.20.4', '/cache');

  test('the home of a patch lives in <cache>/flink-<patch>', () => {
    expect(home).toEqual({ dir: '/cache/flink-1.20.4', libDir: '/cache/flink-1.20.4/lib', confDir: '/cache/flink-1.20.4/conf', patch: '1.20.4' });
  });

  test.each([['1.19.3', '2.17.1'], ['1.20.4', '2.24.3'], ['2.0.2', '2.24.3']])('Flink %s: lib/ has the distribution\'s modules at the patch and log4j %s', (patch, log4j) => {
    const ids = flinkLibArtifacts(patch).map((a) => `${a.groupId}:${a.artifactId}:${a.version}`);
    for (const m of ['flink-clients', 'flink-runtime', 'flink-streaming-java', 'flink-table-api-java-uber', 'flink-table-runtime', 'flink-table-planner-loader', 'flink-json', 'flink-csv', 'flink-connector-files']) {
      expect(ids).toContain(`org.apache.flink:${m}:${patch}`);
    }
    for (const m of ['log4j-slf4j-impl', 'log4j-core', 'log4j-api', 'log4j-1.2-api']) expect(ids).toContain(`org.apache.logging.log4j:${m}:${log4j}`);
  });

  test('the pom copies them with their dependencies into lib/ in the package phase', () => {
    const pom = renderFlinkHomePom('1.20.4', home.libDir);
    expect(pom).toContain(`<artifactId>maven-dependency-plugin</artifactId>\n        <version>${BUILD_TOOLS.dependencyPlugin}</version>`);
    expect(pom).toContain('<goal>copy-dependencies</goal>');
    expect(pom).toContain('<outputDirectory>/cache/flink-1.20.4/lib</outputDirectory>');
    expect(pom).toContain('<packaging>pom</packaging>');
    expect(pom.match(/<dependency>/g)?.length).toBe(flinkLibArtifacts('1.20.4').length);
  });

  test('conf/: flink-conf.yaml for 1.x, config.yaml for 2.x, everything on the loopback interface', () => {
    expect(flinkConfigFileName('1.20.4')).toBe('flink-conf.yaml');
    expect(flinkConfigFileName('2.0.2')).toBe('config.yaml');
    const files = flinkConfFiles('2.1.2');
    expect(Object.keys(files).sort()).toEqual(['config.yaml', 'log4j-cli.properties']);
    for (const key of ['jobmanager.bind-host', 'taskmanager.bind-host', 'rest.bind-address', 'rest.address']) expect(files['config.yaml']).toContain(`${key}: 127.0.0.1\n`);
    expect(files['log4j-cli.properties']).toContain('appender.file.fileName = ${sys:log.file}');
  });

  test('reads the artifacts Maven could not find from its failure', () => {
    const message = '[ERROR] Failed to execute goal on project flink-home: Could not resolve dependencies for project io.eventpipelines.local:flink-home:pom:1.20.4: The following artifacts could not be resolved: org.apache.flink:flink-table-api-java-uber:jar:1.20.4, org.apache.flink:flink-csv:jar:1.20.4: Could not find artifact org.apache.flink:flink-table-api-java-uber:jar:1.20.4 in central';
    expect(missingArtifacts(message)).toEqual(['org.apache.flink:flink-table-api-java-uber', 'org.apache.flink:flink-csv']);
    expect(missingArtifacts('[ERROR] Failed to execute goal on project sql-runner: Could not resolve dependencies for project io.eventpipelines:sql-runner:jar:1.0.0: org.apache.iceberg:iceberg-aws-bundle:jar:1.10.2 was not found in https://repo.maven.apache.org/maven2 during a previous attempt.')).toEqual(['org.apache.iceberg:iceberg-aws-bundle']);
    expect(missingArtifacts('[ERROR] compilation failed')).toEqual([]);
  });

  test('a missing jar is replaced by its same-patch modules, else by the nearest older patch; a second miss fails', () => {
    const first = substituteMissing(flinkLibArtifacts('1.20.4'), ['org.apache.flink:flink-table-api-java-uber', 'org.apache.flink:flink-csv']);
    const ids = first.artifacts.map((a) => `${a.artifactId}:${a.version}`);
    expect(ids).not.toContain('flink-table-api-java-uber:1.20.4');
    expect(ids).toEqual(expect.arrayContaining(['flink-table-common:1.20.4', 'flink-table-api-java:1.20.4', 'flink-table-api-java-bridge:1.20.4', 'flink-csv:[1.20.0,1.20.4]']));
    expect(first.substitutions).toHaveLength(2);
    expect(() => substituteMissing(first.artifacts, ['org.apache.flink:flink-csv'])).toThrow('org.apache.flink:flink-csv is in the Maven repository at no version in [1.20.0,1.20.4]');
  });

  test('the run invocation is bin/flink run --target local: CliFrontend, lib/* as the class path, the jar as an argument', () => {
    const run = flinkRunInvocation(home, { jar: '/b/sql-runner.jar', mainClass: 'io.x.Main', programArgs: ['--check', '/c/m.properties'], javaHome: '/jdk17', jvmOptions: ['-Xmx1g'], savepointPath: 's3://sp' });
    expect(run.command).toBe('/jdk17/bin/java');
    const cp = run.args[run.args.indexOf('-classpath') + 1];
    expect(cp).toBe(`${home.libDir}${path.sep}*`);
    expect(cp).not.toContain('sql-runner.jar');
    expect(run.args.slice(run.args.indexOf('org.apache.flink.client.cli.CliFrontend'))).toEqual([
      'org.apache.flink.client.cli.CliFrontend', 'run', '--target', 'local', '--fromSavepoint', 's3://sp', '--class', 'io.x.Main', '/b/sql-runner.jar', '--check', '/c/m.properties',
    ]);
    expect(run.args[0]).toBe('-Xmx1g');
    expect(run.args).toEqual(expect.arrayContaining([...FLINK_JAVA_17_OPTIONS, '-Dlog4j.configurationFile=file:/cache/flink-1.20.4/conf/log4j-cli.properties']));
    expect(run.env).toEqual(expect.objectContaining({ FLINK_CONF_DIR: home.confDir, JAVA_HOME: '/jdk17', FLINK_PLUGINS_DIR: '/cache/flink-1.20.4/plugins' }));
    expect(flinkRunInvocation(home, { jar: 'j', mainClass: 'm', javaHome: '/jdk', confDir: '/other' }).env.FLINK_CONF_DIR).toBe('/other');
  });
});
