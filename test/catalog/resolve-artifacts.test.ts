import { JavaVersion } from '../../lib/catalog/java-version';
import { KafkaConnectorVariant } from '../../lib/catalog/kafka-connector-variant';
import { coordinateId } from '../../lib/catalog/maven-coordinate';
import { resolveArtifacts } from '../../lib/catalog/resolve-artifacts';
import { ArtifactRequest, ResolvedArtifacts } from '../../lib/catalog/resolved-artifacts';
import { FlinkVersion } from '../../lib/definition/flink-version';
import { RecordFormat } from '../../lib/definition/kafka-options';
import { Flavor } from '../../lib/flavor';
import { PipelineValidationError } from '../../lib/validation/validation-problem';
import { examplePlan, exampleWith } from '../support/test-app';

const BOTH = Flavor.ALL;
const SELF = [Flavor.SELF_HOSTED];
const MANAGED = [Flavor.MANAGED];

function resolve(flinkVersion: FlinkVersion, flavors: readonly Flavor[], extra: Partial<ArtifactRequest> = {}): ResolvedArtifacts {
  return resolveArtifacts({ subject: 'pipeline "orders"', flinkVersion, flavors, writesIceberg: true, ...extra });
}

function ids(artifacts: ResolvedArtifacts): string[] {
  return artifacts.dependencies.map(coordinateId);
}

function errorOf(body: () => unknown): PipelineValidationError {
  try {
    body();
  } catch (e) {
    if (e instanceof PipelineValidationError) return e;
    throw e;
  }
  throw new Error('expected a PipelineValidationError');
}

describe('a valid resolution for every supported Flink version × flavor', () => {
  // [minor, flavors, writes Iceberg, runner Java, Iceberg, aws-msk-iam-auth, Kafka connector, image, operator, MSF runtime]
  const cases: Array<[FlinkVersion, readonly Flavor[], boolean, number, string | undefined, string | undefined, string, string | undefined, string | undefined, string | undefined]> = [
    [FlinkVersion.V1_19, SELF, true, 17, '1.10.2', undefined, '3.3.0-1.19', 'flink:1.19.3-scala_2.12-java17', 'v1_19', undefined],
    [FlinkVersion.V1_19, MANAGED, true, 11, '1.10.2', '2.3.4', '3.3.0-1.19', undefined, undefined, 'FLINK-1_19'],
    [FlinkVersion.V1_19, BOTH, true, 11, '1.10.2', '2.3.4', '3.3.0-1.19', 'flink:1.19.3-scala_2.12-java17', 'v1_19', 'FLINK-1_19'],
    [FlinkVersion.V1_20, SELF, true, 17, '1.11.0', undefined, '3.4.0-1.20', 'flink:1.20.4-scala_2.12-java17', 'v1_20', undefined],
    [FlinkVersion.V1_20, MANAGED, true, 11, '1.10.2', '2.3.4', '3.4.0-1.20', undefined, undefined, 'FLINK-1_20'],
    [FlinkVersion.V1_20, BOTH, true, 11, '1.10.2', '2.3.4', '3.4.0-1.20', 'flink:1.20.4-scala_2.12-java17', 'v1_20', 'FLINK-1_20'],
    [FlinkVersion.V2_0, SELF, true, 17, '1.11.0', undefined, '4.0.1-2.0', 'flink:2.0.2-scala_2.12-java17', 'v2_0', undefined],
    [FlinkVersion.V2_1, SELF, true, 17, '1.11.0', undefined, '5.0.0-2.1', 'flink:2.1.2-scala_2.12-java17', 'v2_1', undefined],
    [FlinkVersion.V2_2, SELF, false, 17, undefined, undefined, '5.0.0-2.2', 'flink:2.2.1-scala_2.12-java17', 'v2_2', undefined],
    [FlinkVersion.V2_2, MANAGED, false, 17, undefined, '2.3.5', '5.0.0-2.2', undefined, undefined, 'FLINK-2_2'],
    [FlinkVersion.V2_2, BOTH, false, 17, undefined, '2.3.5', '5.0.0-2.2', 'flink:2.2.1-scala_2.12-java17', 'v2_2', 'FLINK-2_2'],
  ];

  test.each(cases)('Flink %s on %s (Iceberg: %s)', (version, flavors, writesIceberg, runnerJava, iceberg, iamAuth, connector, image, operator, msf) => {
    const a = resolve(version, flavors, { writesIceberg });
    expect(a.runnerJava.release).toBe(runnerJava);
    expect(a.icebergVersion).toBe(iceberg);
    expect(a.selfHosted?.image).toBe(image);
    expect(a.selfHosted?.operatorFlinkVersion).toBe(operator);
    expect(a.managed?.runtimeEnvironment).toBe(msf);
    expect(ids(a)).toContain(`org.apache.flink:flink-connector-kafka:${connector}`);
    const iam = ids(a).filter((id) => id.startsWith('software.amazon.msk:aws-msk-iam-auth:'));
    expect(iam).toEqual(iamAuth === undefined ? [] : [`software.amazon.msk:aws-msk-iam-auth:${iamAuth}`]);
    const icebergIds = ids(a).filter((id) => id.startsWith('org.apache.iceberg:'));
    expect(icebergIds).toEqual(iceberg === undefined ? [] : [
      `org.apache.iceberg:iceberg-flink-runtime-${version.minor}:${iceberg}`,
      `org.apache.iceberg:iceberg-aws-bundle:${iceberg}`,
    ]);
    // One jar runs everywhere: no bundled artifact needs a newer Java than the oldest runtime.
    for (const d of a.dependencies) expect(a.runnerJava.canRun(d.minimumJava)).toBe(true);
    for (const runtime of [a.selfHosted, a.managed]) if (runtime) expect(runtime.java.canRun(a.runnerJava)).toBe(true);
  });

  test('the default path Kafka → Flink → Iceberg on both flavors is Flink 1.20 with Iceberg 1.10.x on Java 11', () => {
    const a = examplePlan('dev', BOTH).artifacts;
    expect(a.flinkPatch).toBe('1.20.4');
    expect(a.runnerJava).toBe(JavaVersion.JAVA_11);
    expect(ids(a)).toEqual([
      'org.apache.flink:flink-connector-kafka:3.4.0-1.20',
      'org.apache.kafka:kafka-clients:3.9.1',
      'org.apache.flink:flink-connector-base:1.20.4',
      'org.apache.flink:flink-json:1.20.4',
      'software.amazon.msk:aws-msk-iam-auth:2.3.4',
      'org.apache.iceberg:iceberg-flink-runtime-1.20:1.10.2',
      'org.apache.iceberg:iceberg-aws-bundle:1.10.2',
      'org.apache.hadoop:hadoop-common:3.4.1',
      'org.apache.hadoop:hadoop-mapreduce-client-core:3.4.1',
    ]);
    expect(a.providedDependencies.map(coordinateId)).toEqual([
      'org.apache.flink:flink-table-api-java:1.20.4',
      'com.amazonaws:aws-kinesisanalytics-runtime:1.2.0',
      'org.slf4j:slf4j-api:1.7.36',
    ]);
    expect(a.warnings).toEqual([]);
  });

  test('a pipeline writing Iceberg relocates Hadoop conf and Flink\'s HadoopUtils (CREATE CATALOG), each fact with its source', () => {
    const a = examplePlan('dev', BOTH).artifacts;
    expect(a.relocations.map((r) => `${r.pattern} -> ${r.shadedPattern}`)).toEqual([
      'org.apache.hadoop.conf -> io.eventpipelines.shaded.org.apache.hadoop.conf',
      'org.apache.flink.runtime.util.HadoopUtils -> io.eventpipelines.sqlrunner.hadoop.CatalogHadoopUtils',
    ]);
    for (const r of a.relocations) expect(r.source).toContain('aws-samples/amazon-managed-service-for-apache-flink-examples');
    expect(resolve(FlinkVersion.V1_20, BOTH, { writesIceberg: false }).relocations).toEqual([]);
  });

  test('pins are honoured when compatible', () => {
    const a = resolve(FlinkVersion.V1_20, BOTH, { pins: { icebergVersion: '1.9.2', kafkaConnectorVersion: '3.3.0', selfHostedJava: JavaVersion.JAVA_11 } });
    expect(a.icebergVersion).toBe('1.9.2');
    expect(ids(a)).toContain('org.apache.flink:flink-connector-kafka:3.3.0-1.20');
    expect(a.selfHosted?.image).toBe('flink:1.20.4-scala_2.12-java11');
  });

  test('the shaded SQL connector is allowed without MSK IAM where it carries a fixed kafka-clients (Flink 2.0: 3.9.1)', () => {
    const a = resolve(FlinkVersion.V2_0, SELF, { pins: { kafkaConnectorVariant: KafkaConnectorVariant.SHADED_SQL } });
    expect(ids(a)).toContain('org.apache.flink:flink-sql-connector-kafka:4.0.1-2.0');
    expect(ids(a)).not.toContain('org.apache.kafka:kafka-clients:3.9.1');
  });

  test('kafka-clients 3.4.0 of the 3.x connectors is replaced by 3.9.1 (excluded from the connector, so the versions converge); 4.x connectors keep theirs', () => {
    const a = resolve(FlinkVersion.V1_20, SELF);
    const connector = a.dependencies.find((d) => d.artifactId === 'flink-connector-kafka');
    const clients = a.dependencies.find((d) => d.artifactId === 'kafka-clients');
    expect(clients?.version).toBe('3.9.1');
    expect(clients?.purpose).toContain('CVE-2024-31141');
    expect(connector?.exclusions).toEqual(expect.arrayContaining([{ groupId: 'org.apache.kafka', artifactId: 'kafka-clients' }]));
    expect(ids(resolve(FlinkVersion.V1_19, SELF))).toContain('org.apache.kafka:kafka-clients:3.9.1');
    expect(resolve(FlinkVersion.V2_0, SELF).dependencies.some((d) => d.artifactId === 'kafka-clients')).toBe(false);
    expect(resolve(FlinkVersion.V2_1, SELF).dependencies.some((d) => d.artifactId === 'kafka-clients')).toBe(false);
  });

  test('one AWS SDK and one zstd-jni in the jar: aws-msk-iam-auth takes the SDK of iceberg-aws-bundle, Kafka the zstd-jni of the Iceberg runtime', () => {
    const a = resolve(FlinkVersion.V1_20, BOTH);
    const iam = a.dependencies.find((d) => d.artifactId === 'aws-msk-iam-auth');
    expect(iam?.exclusions).toEqual([{ groupId: 'software.amazon.awssdk', artifactId: '*' }]);
    for (const id of ['flink-connector-kafka', 'kafka-clients']) {
      expect(a.dependencies.find((d) => d.artifactId === id)?.exclusions).toEqual(expect.arrayContaining([{ groupId: 'com.github.luben', artifactId: 'zstd-jni' }]));
    }
    // Without Iceberg, aws-msk-iam-auth keeps its own SDK and Kafka its zstd-jni.
    const noIceberg = resolve(FlinkVersion.V1_20, BOTH, { writesIceberg: false });
    expect(noIceberg.dependencies.find((d) => d.artifactId === 'aws-msk-iam-auth')?.exclusions).toBeUndefined();
    expect(noIceberg.dependencies.find((d) => d.artifactId === 'kafka-clients')?.exclusions).toBeUndefined();
  });

  test('Avro sources add the Confluent registry format, JSON-free pipelines drop flink-json', () => {
    const a = resolve(FlinkVersion.V1_20, SELF, { recordFormats: [RecordFormat.AVRO] });
    expect(ids(a)).toContain('org.apache.flink:flink-sql-avro-confluent-registry:1.20.4');
    expect(ids(a)).not.toContain('org.apache.flink:flink-json:1.20.4');
  });

  test('the Kafka connector suffixes of 2.1 and 2.2 are verified on Maven Central: no warning', () => {
    expect(resolve(FlinkVersion.V2_1, SELF).warnings).toEqual([]);
    expect(resolve(FlinkVersion.V2_2, SELF, { writesIceberg: false }).warnings).toEqual([]);
  });
});

describe('synth-time compatibility errors name the artifact, the versions and the fix', () => {
  const cases: Array<[string, () => unknown, string]> = [
    ['Iceberg ≥ 1.11 on a Java 11 runtime', () => resolve(FlinkVersion.V1_20, BOTH, { pins: { icebergVersion: '1.11.0' } }),
      'artifacts.icebergVersion: org.apache.iceberg:iceberg-flink-runtime-1.20:1.11.0 needs Java 17 (class file 61), but the managed flavor (runtime FLINK-1_20) runs Java 11 (class file 55): the job would fail with UnsupportedClassVersionError — use Iceberg 1.10.2 (the newest for Java 11), or remove the pin'],
    ['aws-msk-iam-auth ≥ 2.3.5 on a Java 11 runtime', () => resolve(FlinkVersion.V1_20, MANAGED, { pins: { mskIamAuthVersion: '2.3.5' } }),
      'artifacts.mskIamAuthVersion: software.amazon.msk:aws-msk-iam-auth:2.3.5 needs Java 17 (class file 61), but the managed flavor (runtime FLINK-1_20) runs Java 11 (class file 55): the job would fail with UnsupportedClassVersionError — use aws-msk-iam-auth 2.3.4 (the newest for Java 11), or remove the pin'],
    ['a pinned self-hosted Java 11 image with Iceberg 1.11', () => resolve(FlinkVersion.V1_20, SELF, { pins: { icebergVersion: '1.11.0', selfHostedJava: JavaVersion.JAVA_11 } }),
      'artifacts.icebergVersion: org.apache.iceberg:iceberg-flink-runtime-1.20:1.11.0 needs Java 17 (class file 61), but the self-hosted flavor (image flink:1.20.4-scala_2.12-java11) runs Java 11 (class file 55): the job would fail with UnsupportedClassVersionError — use Iceberg 1.10.2 (the newest for Java 11), or remove the pin'],
    ['no Iceberg release runs on the runtime Java', () => resolve(FlinkVersion.V2_1, SELF, { pins: { selfHostedJava: JavaVersion.JAVA_11 } }),
      'flinkVersion: no Iceberg release for Flink 2.1 runs on Java 11: org.apache.iceberg:iceberg-flink-runtime-2.1:1.11.0 already needs Java 17 (class file 61), but the self-hosted flavor (image flink:2.1.2-scala_2.12-java11) runs Java 11 (class file 55) — run every flavor on Java 17 or newer, or use a Flink version with an Iceberg release for Java 11'],
    ['no Iceberg runtime for Flink 2.2 while the pipeline writes Iceberg', () => resolve(FlinkVersion.V2_2, BOTH),
      'flinkVersion: no org.apache.iceberg:iceberg-flink-runtime-2.2 is released for Flink 2.2, and the pipeline writes Iceberg tables — use Flink 1.20 (Iceberg 1.7.0–1.11.0) or 1.19 (Iceberg 1.6.0–1.10.2)'],
    ['no Iceberg runtime for Flink 2.2, self-hosted only', () => resolve(FlinkVersion.V2_2, SELF),
      'flinkVersion: no org.apache.iceberg:iceberg-flink-runtime-2.2 is released for Flink 2.2, and the pipeline writes Iceberg tables — use Flink 2.1 (Iceberg 1.11.0), 2.0 (Iceberg 1.10.0–1.11.0), 1.20 (Iceberg 1.7.0–1.11.0) or 1.19 (Iceberg 1.6.0–1.10.2)'],
    ['the managed flavor does not offer Flink 2.0', () => resolve(FlinkVersion.V2_0, BOTH),
      'flinkVersion: Flink 2.0 is not offered by the managed flavor (Managed Service for Apache Flink offers 1.19, 1.20, 2.2) — use Flink 1.19, 1.20 or 2.2, or deploy only the self-hosted flavor'],
    ['the managed flavor does not offer Flink 2.1', () => resolve(FlinkVersion.V2_1, MANAGED),
      'flinkVersion: Flink 2.1 is not offered by the managed flavor (Managed Service for Apache Flink offers 1.19, 1.20, 2.2) — use Flink 1.19, 1.20 or 2.2'],
    ['the shaded SQL Kafka connector with MSK IAM', () => resolve(FlinkVersion.V2_0, SELF, { mskIamAuth: true, pins: { kafkaConnectorVariant: KafkaConnectorVariant.SHADED_SQL } }),
      'artifacts.kafkaConnectorVariant: org.apache.flink:flink-sql-connector-kafka relocates org.apache.kafka, so MSK IAM authentication (software.amazon.msk.auth.iam.IAMClientCallbackHandler) fails with a ClassCastException — use KafkaConnectorVariant.UNSHADED (flink-connector-kafka + kafka-clients + aws-msk-iam-auth, unrelocated), the default'],
    ['the shaded SQL Kafka connector with kafka-clients 3.4.0 inside', () => resolve(FlinkVersion.V1_20, SELF, { pins: { kafkaConnectorVariant: KafkaConnectorVariant.SHADED_SQL } }),
      'artifacts.kafkaConnectorVariant: org.apache.flink:flink-sql-connector-kafka 3.4.0 relocates kafka-clients 3.4.0 inside it, older than 3.8.0 (CVE-2024-31141; no FileConfigProvider allowed.paths), and the runner cannot replace it — use KafkaConnectorVariant.UNSHADED (the default: the runner pins kafka-clients 3.9.1), or Flink 2.0+ (connector 4.0.1 brings kafka-clients 3.9.1)'],
    ['an unknown Flink minor', () => resolve(FlinkVersion.of('1.18'), BOTH),
      'flinkVersion: Flink 1.18 is not in the version catalog — use one of the known versions: 1.19, 1.20, 2.0, 2.1, 2.2'],
    ['a pinned Iceberg version without a runtime for the minor', () => resolve(FlinkVersion.V2_0, SELF, { pins: { icebergVersion: '1.9.2' } }),
      'artifacts.icebergVersion: org.apache.iceberg:iceberg-flink-runtime-2.0:1.9.2 is not released (Flink 2.0 has Iceberg 1.10.0–1.11.0) — use an Iceberg version from 1.10.0–1.11.0, or remove the pin'],
    ['a pinned Kafka connector not released for the minor', () => resolve(FlinkVersion.V1_20, SELF, { pins: { kafkaConnectorVersion: '3.2.0' } }),
      'artifacts.kafkaConnectorVersion: org.apache.flink:flink-connector-kafka:3.2.0-1.20 is not released for Flink 1.20 (released: 3.3.0-1.20, 3.4.0-1.20) — use 3.3.0 or 3.4.0, or remove the pin'],
    ['a self-hosted Java without an official image', () => resolve(FlinkVersion.V2_0, SELF, { pins: { selfHostedJava: JavaVersion.JAVA_8 } }),
      'artifacts.selfHostedJava: Flink 2.0 does not support Java 8 (flink:2.0.2-scala_2.12-java8); it supports Java 11, 17, 21 — use Java 17 (the default), or remove the pin'],
    ['a malformed pin', () => resolve(FlinkVersion.V1_20, SELF, { pins: { icebergVersion: 'latest' } }),
      'artifacts.icebergVersion: must be a version like 1.2.3, got "latest" — use a released version number, or remove the pin'],
  ];

  test.each(cases)('fails if %s', (_name, body, expected) => {
    const error = errorOf(body);
    expect(error.message).toBe(`pipeline "orders" has 1 problem:\n  - ${expected}`);
  });

  test('collects every problem into one error', () => {
    const error = errorOf(() => resolve(FlinkVersion.V1_20, BOTH, {
      pins: { icebergVersion: '1.11.0', mskIamAuthVersion: '2.3.5', kafkaConnectorVariant: KafkaConnectorVariant.SHADED_SQL },
    }));
    expect(error.problems.map((p) => p.path)).toEqual(['artifacts.kafkaConnectorVariant', 'artifacts.kafkaConnectorVariant', 'artifacts.mskIamAuthVersion', 'artifacts.icebergVersion']);
  });

  test('resolvePlan fails synth with the resolver error (Flink 2.2 writing Iceberg)', () => {
    const definition = exampleWith((d) => { d.flinkVersion = FlinkVersion.V2_2; });
    expect(() => examplePlan('dev', BOTH, definition)).toThrow(
      'pipeline "orders" has 1 problem:\n  - flinkVersion: no org.apache.iceberg:iceberg-flink-runtime-2.2 is released for Flink 2.2');
  });

  test('resolvePlan applies the definition\'s pins', () => {
    const definition = exampleWith((d) => { d.artifacts = { icebergVersion: '1.11.0' }; });
    expect(examplePlan('dev', SELF, definition).artifacts.icebergVersion).toBe('1.11.0');
    expect(() => examplePlan('dev', BOTH, definition)).toThrow('org.apache.iceberg:iceberg-flink-runtime-1.20:1.11.0 needs Java 17 (class file 61)');
  });
});
