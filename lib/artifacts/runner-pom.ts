import { BUILD_TOOLS } from '../catalog/artifact-catalog';
import { ShadeRelocation } from '../catalog/iceberg-catalog-hadoop';
import { MavenCoordinate } from '../catalog/maven-coordinate';
import { ResolvedArtifacts } from '../catalog/resolved-artifacts';
import { renderEnforcerPlugin } from './runner-pom-enforcer';
import { SQL_RUNNER_JAR_NAME, SQL_RUNNER_MAIN_CLASS } from './sql-runner-contract';

/** Artifacts the shaded jar never contains: the runtime provides logging, and these carry no classes the job needs. */
const SHADE_EXCLUDES = [
  'org.apache.flink:flink-shaded-force-shading',
  'com.google.code.findbugs:jsr305',
  'org.slf4j:*',
  'org.apache.logging.log4j:*',
  'log4j:*',
  'ch.qos.reload4j:*',
];

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function comment(text: string): string {
  return `<!-- ${xml(text).replace(/--/g, '- -')} -->`;
}

function dependency(d: MavenCoordinate): string {
  const exclusions = (d.exclusions ?? []).map((e) => [
    '        <exclusion>',
    `          <groupId>${xml(e.groupId)}</groupId>`,
    `          <artifactId>${xml(e.artifactId)}</artifactId>`,
    '        </exclusion>',
  ].join('\n'));
  return [
    `    ${comment(`${d.purpose}; class files need ${d.minimumJava.describe()}`)}`,
    '    <dependency>',
    `      <groupId>${xml(d.groupId)}</groupId>`,
    `      <artifactId>${xml(d.artifactId)}</artifactId>`,
    `      <version>${xml(d.version)}</version>`,
    `      <scope>${d.scope}</scope>`,
    ...(exclusions.length > 0 ? ['      <exclusions>', ...exclusions, '      </exclusions>'] : []),
    '    </dependency>',
  ].join('\n');
}

function relocations(list: readonly ShadeRelocation[]): string {
  if (list.length === 0) return '              <relocations/>';
  return [
    '              <relocations>',
    ...list.flatMap((r) => [
      `                ${comment(r.reason)}`,
      '                <relocation>',
      `                  <pattern>${xml(r.pattern)}</pattern>`,
      `                  <shadedPattern>${xml(r.shadedPattern)}</shadedPattern>`,
      '                </relocation>',
    ]),
    '              </relocations>',
  ].join('\n');
}

/**
 * The runner's Maven `pom.xml`, generated from the resolved artifacts: the exact coordinates, `maven.compiler.release`
 * = the runner's Java (the lowest runtime Java of the requested flavors), Flink's own APIs `provided`, and a shade
 * plugin that bundles every compile dependency — relocating only Hadoop's `conf` and Flink's `HadoopUtils` for the
 * Iceberg catalog (`artifacts.relocations`); `flink-connector-kafka`, `kafka-clients` and `aws-msk-iam-auth` keep their
 * packages so the IAM callback handler matches the Kafka client's interfaces —
 * merging `META-INF/services` so connector, format and catalog factories stay discoverable.
 */
export function renderRunnerPom(artifacts: ResolvedArtifacts): string {
  const deps = [...artifacts.providedDependencies, ...artifacts.dependencies].map(dependency).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
${comment(`Generated from the version catalog (lib/catalog) for Flink ${artifacts.flinkPatch} on ${artifacts.runnerJava}: do not edit.`)}
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>io.eventpipelines</groupId>
  <artifactId>sql-runner</artifactId>
  <version>1.0.0</version>
  <packaging>jar</packaging>

  <properties>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
    <maven.compiler.release>${artifacts.runnerJava.release}</maven.compiler.release>
    <flink.version>${artifacts.flinkPatch}</flink.version>
  </properties>

  <dependencies>
${deps}
  </dependencies>

  <build>
    <finalName>${SQL_RUNNER_JAR_NAME.replace(/\.jar$/, '')}</finalName>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-compiler-plugin</artifactId>
        <version>${BUILD_TOOLS.compilerPlugin}</version>
        <configuration>
          <release>\${maven.compiler.release}</release>
        </configuration>
      </plugin>
${renderEnforcerPlugin()}
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-shade-plugin</artifactId>
        <version>${BUILD_TOOLS.shadePlugin}</version>
        <executions>
          <execution>
            <phase>package</phase>
            <goals>
              <goal>shade</goal>
            </goals>
            <configuration>
              <createDependencyReducedPom>false</createDependencyReducedPom>
              <artifactSet>
                <excludes>
${SHADE_EXCLUDES.map((e) => `                  <exclude>${e}</exclude>`).join('\n')}
                </excludes>
              </artifactSet>
              <filters>
                <filter>
                  <artifact>*:*</artifact>
                  <excludes>
                    <exclude>META-INF/*.SF</exclude>
                    <exclude>META-INF/*.DSA</exclude>
                    <exclude>META-INF/*.RSA</exclude>
                    <exclude>module-info.class</exclude>
                    <exclude>META-INF/versions/*/module-info.class</exclude>
                  </excludes>
                </filter>
              </filters>
              <transformers>
                <transformer implementation="org.apache.maven.plugins.shade.resource.ServicesResourceTransformer"/>
                <transformer implementation="org.apache.maven.plugins.shade.resource.ManifestResourceTransformer">
                  <mainClass>${SQL_RUNNER_MAIN_CLASS}</mainClass>
                </transformer>
              </transformers>
              ${comment('kafka-clients, flink-connector-kafka and aws-msk-iam-auth are never relocated: they must stay in their own packages, together.')}
${relocations(artifacts.relocations)}
            </configuration>
          </execution>
        </executions>
      </plugin>
    </plugins>
  </build>
</project>
`;
}
