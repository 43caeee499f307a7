import { Duration } from 'aws-cdk-lib';
import { icebergMinimumJava, kafkaConnectorMinimumJava, mskIamAuthMinimumJava } from '../../lib/catalog/artifact-catalog';
import { FLINK_RELEASES, findFlinkRelease, flinkImageTag } from '../../lib/catalog/flink-release-catalog';
import { flinkDuration, flinkStateConfiguration, flinkStateKeys } from '../../lib/catalog/flink-state-configuration';
import { JavaVersion } from '../../lib/catalog/java-version';
import { compareVersions } from '../../lib/catalog/maven-coordinate';
import { FlinkVersion } from '../../lib/definition/flink-version';
import { CheckpointPlan } from '../../lib/plan/pipeline-plan';

describe('the catalog holds the facts of reference/versions.md', () => {
  // minor, patch, Java, connector versions, Iceberg range, operator, MSF runtime (Java)
  const facts: Array<[string, string, number[], string[], string | undefined, string | undefined, string | undefined, string | undefined]> = [
    ['1.19', '1.19.3', [8, 11, 17], ['3.2.0', '3.3.0'], '1.6.0', '1.10.2', 'v1_19', 'FLINK-1_19 (Java 11)'],
    ['1.20', '1.20.4', [8, 11, 17], ['3.3.0', '3.4.0'], '1.7.0', '1.11.0', 'v1_20', 'FLINK-1_20 (Java 11)'],
    ['2.0', '2.0.2', [11, 17, 21], ['4.0.0', '4.0.1'], '1.10.0', '1.11.0', 'v2_0', undefined],
    ['2.1', '2.1.2', [11, 17, 21], ['5.0.0'], '1.11.0', '1.11.0', 'v2_1', undefined],
    ['2.2', '2.2.1', [11, 17, 21], ['5.0.0'], undefined, undefined, 'v2_2', 'FLINK-2_2 (Java 17)'],
  ];

  test.each(facts)('Flink %s', (minor, patch, java, connectors, icebergFirst, icebergLast, operator, msf) => {
    const r = findFlinkRelease(minor);
    expect(r?.patch).toBe(patch);
    expect(r?.javaVersions.map((j) => j.release)).toEqual(java);
    expect(r?.kafkaConnectorVersions).toEqual(connectors);
    expect(r?.icebergVersions[0]).toBe(icebergFirst);
    expect(r?.icebergVersions[(r?.icebergVersions.length ?? 0) - 1]).toBe(icebergLast);
    expect(r?.operatorFlinkVersion).toBe(operator);
    expect(r?.managedRuntime && `${r.managedRuntime.runtimeEnvironment} (Java ${r.managedRuntime.java.release})`).toBe(msf);
  });

  test('every minor has a constant of FlinkVersion and the catalog is ordered', () => {
    expect(FLINK_RELEASES.map((r) => r.minor)).toEqual([FlinkVersion.V1_19, FlinkVersion.V1_20, FlinkVersion.V2_0, FlinkVersion.V2_1, FlinkVersion.V2_2].map(String));
    for (const r of FLINK_RELEASES) {
      expect([...r.icebergVersions].sort(compareVersions)).toEqual(r.icebergVersions);
      expect(r.javaVersions).toContain(r.defaultImageJava);
    }
  });

  test('untagged 1.x images are Java 11, so images are always tagged with their Java', () => {
    expect(findFlinkRelease('1.20')?.untaggedImageJava).toBe(JavaVersion.JAVA_11);
    expect(flinkImageTag('1.20.4', JavaVersion.JAVA_17)).toBe('flink:1.20.4-scala_2.12-java17');
  });

  test.each([
    ['1.6.1', 8], ['1.7.0', 11], ['1.10.2', 11], ['1.11.0', 17],
  ])('Iceberg %s needs Java %i', (version, java) => expect(icebergMinimumJava(version).release).toBe(java));

  test.each([
    ['2.3.4', 8], ['2.3.5', 17],
  ])('aws-msk-iam-auth %s needs Java %i', (version, java) => expect(mskIamAuthMinimumJava(version).release).toBe(java));

  test.each([
    ['3.4.0', 8], ['4.0.1', 8], ['5.0.0', 11],
  ])('flink-connector-kafka %s needs Java %i', (version, java) => expect(kafkaConnectorMinimumJava(version).release).toBe(java));

  test.each([
    [JavaVersion.JAVA_8, 52], [JavaVersion.JAVA_11, 55], [JavaVersion.JAVA_17, 61], [JavaVersion.JAVA_21, 65],
  ])('%s emits class file %i', (java, classFile) => expect(java.classFileVersion).toBe(classFile));
});

describe('checkpoint and state keys match the Flink version', () => {
  test.each([
    [FlinkVersion.V1_19, 'state.backend.incremental', 'state.checkpoints.dir', 'state.savepoints.dir', 'state.checkpoints.num-retained'],
    [FlinkVersion.V1_20, 'execution.checkpointing.incremental', 'execution.checkpointing.dir', 'execution.checkpointing.savepoint-dir', 'execution.checkpointing.num-retained'],
    [FlinkVersion.V2_0, 'execution.checkpointing.incremental', 'execution.checkpointing.dir', 'execution.checkpointing.savepoint-dir', 'execution.checkpointing.num-retained'],
    [FlinkVersion.V2_2, 'execution.checkpointing.incremental', 'execution.checkpointing.dir', 'execution.checkpointing.savepoint-dir', 'execution.checkpointing.num-retained'],
  ])('Flink %s', (version, incremental, checkpointDir, savepointDir, retained) => {
    expect(flinkStateKeys(version)).toEqual({ incremental, checkpointDir, savepointDir, retained });
  });

  const checkpointing: CheckpointPlan = {
    enabled: true,
    interval: Duration.minutes(1),
    intervalSource: 'explicit',
    minPause: Duration.seconds(30),
    timeout: Duration.minutes(10),
    mode: 'EXACTLY_ONCE',
    incremental: true,
    retained: 3,
    checkpointPrefix: 'checkpoints/orders-to-lake/',
    savepointPrefix: 'savepoints/orders-to-lake/',
  };

  test('a streaming job on Flink 1.20: RocksDB, incremental, S3 dirs, retained, interval', () => {
    expect(flinkStateConfiguration(FlinkVersion.V1_20, checkpointing, 's3://checkpoints-bucket')).toEqual({
      'state.backend.type': 'rocksdb',
      'execution.checkpointing.incremental': 'true',
      'execution.checkpointing.dir': 's3://checkpoints-bucket/checkpoints/orders-to-lake',
      'execution.checkpointing.savepoint-dir': 's3://checkpoints-bucket/savepoints/orders-to-lake',
      'execution.checkpointing.num-retained': '3',
      'execution.checkpointing.interval': '60 s',
      'execution.checkpointing.min-pause': '30 s',
      'execution.checkpointing.timeout': '600 s',
      'execution.checkpointing.mode': 'EXACTLY_ONCE',
      'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION',
    });
  });

  test('a batch job on Flink 1.19: old keys, no checkpoint interval', () => {
    const config = flinkStateConfiguration(FlinkVersion.V1_19, { ...checkpointing, enabled: false }, 's3://b/');
    expect(config).toEqual({
      'state.backend.type': 'rocksdb',
      'state.backend.incremental': 'true',
      'state.checkpoints.dir': 's3://b/checkpoints/orders-to-lake',
      'state.savepoints.dir': 's3://b/savepoints/orders-to-lake',
      'state.checkpoints.num-retained': '3',
    });
  });

  test('durations in Flink notation', () => {
    expect(flinkDuration(Duration.minutes(2))).toBe('120 s');
    expect(flinkDuration(Duration.millis(1500))).toBe('1500 ms');
  });
});
