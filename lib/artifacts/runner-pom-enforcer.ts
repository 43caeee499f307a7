import { BUILD_TOOLS } from '../catalog/artifact-catalog';

/**
 * The build's guard against mixed versions in the shaded jar: `maven-enforcer-plugin` with `banDuplicateClasses`
 * (extra-enforcer-rules) over the bundled dependencies — a class in two jars with different bytes (e.g. the AWS SDK
 * from aws-msk-iam-auth next to iceberg-aws-bundle's) fails the build before shading — and `dependencyConvergence`
 * over the groups whose versions must agree (Flink, Kafka, Iceberg, the AWS SDK).
 */

/** A class (pattern) several bundled jars carry on purpose, with why it is harmless. */
export interface DuplicateClassIgnore {
  /** Class name or pattern as banDuplicateClasses reads it, e.g. `org.apache.commons.logging.*`. */
  readonly pattern: string;
  readonly reason: string;
}

/** Duplicates the rule ignores: each with its reason (written into the pom). */
export const DUPLICATE_CLASS_IGNORES: readonly DuplicateClassIgnore[] = [
  { pattern: 'org.checkerframework.*', reason: 'annotation types only (no code runs): Guava (from flink-connector-kafka) and iceberg-aws-bundle carry different checker-qual versions' },
  { pattern: 'com.google.errorprone.annotations.*', reason: 'annotation types only (no code runs): Guava and iceberg-aws-bundle carry different error_prone_annotations versions' },
  { pattern: 'org.apache.hadoop.security.authentication.server.package-info', reason: 'a package-info (package annotations only) that hadoop-auth and hadoop-common both carry' },
];

/** Groups whose versions must converge across the dependency tree. */
export const CONVERGING_GROUPS: readonly string[] = ['org.apache.flink', 'org.apache.kafka', 'org.apache.iceberg', 'software.amazon.awssdk'];

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/--/g, '- -');
}

/** The `<plugin>` element of the enforcer (runs in `validate`, before anything is compiled or shaded). */
export function renderEnforcerPlugin(ignores: readonly DuplicateClassIgnore[] = DUPLICATE_CLASS_IGNORES): string {
  const ignoreLines = ignores.length === 0 ? [] : [
    '                  <ignoreClasses>',
    ...ignores.flatMap((i) => [`                    <!-- ${xml(i.reason)} -->`, `                    <ignoreClass>${xml(i.pattern)}</ignoreClass>`]),
    '                  </ignoreClasses>',
  ];
  return [
    '      <plugin>',
    '        <groupId>org.apache.maven.plugins</groupId>',
    '        <artifactId>maven-enforcer-plugin</artifactId>',
    `        <version>${BUILD_TOOLS.enforcerPlugin}</version>`,
    '        <dependencies>',
    '          <dependency>',
    '            <groupId>org.codehaus.mojo</groupId>',
    '            <artifactId>extra-enforcer-rules</artifactId>',
    `            <version>${BUILD_TOOLS.extraEnforcerRules}</version>`,
    '          </dependency>',
    '        </dependencies>',
    '        <executions>',
    '          <execution>',
    '            <id>one-version-per-class</id>',
    '            <goals>',
    '              <goal>enforce</goal>',
    '            </goals>',
    '            <configuration>',
    '              <rules>',
    '                <banDuplicateClasses>',
    '                  <scopes>',
    '                    <scope>compile</scope>',
    '                    <scope>runtime</scope>',
    '                  </scopes>',
    '                  <findAllDuplicates>true</findAllDuplicates>',
    '                  <ignoreWhenIdentical>true</ignoreWhenIdentical>',
    ...ignoreLines,
    '                </banDuplicateClasses>',
    '                <dependencyConvergence>',
    '                  <includes>',
    ...CONVERGING_GROUPS.map((g) => `                    <include>${g}</include>`),
    '                  </includes>',
    '                </dependencyConvergence>',
    '              </rules>',
    '            </configuration>',
    '          </execution>',
    '        </executions>',
    '      </plugin>',
  ].join('\n');
}
