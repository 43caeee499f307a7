import { deflateRawSync } from 'zlib';
import { JavaVersion } from '../../lib/catalog/java-version';
import { CLICKS_PIPELINE } from '../../lib/examples/clicks-pipeline';
import { Flavor } from '../../lib/flavor';
import { awsSdkProblems, classVersionProblems, flinkCoreProblems, kafkaProblems, relocationProblems, runtimeJava } from '../../lib/local/runner-jar-contents';
import { contentHash, runnerJarFiles } from '../../lib/local/runner-jar';
import { OpenJar, zipEntries, zipEntryData } from '../../lib/local/zip-entries';
import { examplePlan } from '../support/test-app';

/** A zip with deflated entries (no zip64), as a Buffer. */
function zip(files: Record<string, Buffer | string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = deflateRawSync(Buffer.from(content));
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(8, 8); local.writeUInt32LE(data.length, 18); local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(8, 10); central.writeUInt32LE(data.length, 20); central.writeUInt16LE(nameBytes.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0); eocd.writeUInt16LE(Object.keys(files).length, 10); eocd.writeUInt32LE(cd.length, 12); eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

function jarOf(files: Record<string, Buffer | string>): OpenJar {
  const buf = zip(files);
  const entries = zipEntries(buf);
  return { entries, read: (name) => { const e = entries.find((x) => x.name === name); return e === undefined ? undefined : zipEntryData(buf, e); } };
}

function classFile(major: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt32BE(0xcafebabe, 0); b.writeUInt16BE(major, 6);
  return b;
}

describe('runner jar build', () => {
  test('the build hashes only the pom and the sources: pipelines with the same artifacts share one jar, other flavors do not', () => {
    const orders = examplePlan('dev', [Flavor.MANAGED]);
    const clicks = examplePlan('dev', [Flavor.MANAGED], CLICKS_PIPELINE);
    const files = runnerJarFiles(orders.artifacts);
    expect(Object.keys(files).every((f) => f === 'pom.xml' || f.startsWith('src/'))).toBe(true);
    expect(contentHash(runnerJarFiles(clicks.artifacts))).toBe(contentHash(files));
    expect(contentHash(runnerJarFiles(examplePlan('dev', [Flavor.SELF_HOSTED]).artifacts))).not.toBe(contentHash(files));
  });

  test('the runtime Java of a jar is the lowest of its flavors (MSF 1.20: 11)', () => {
    expect(runtimeJava(examplePlan('dev').artifacts)).toBe(JavaVersion.JAVA_11);
    expect(runtimeJava(examplePlan('dev', [Flavor.SELF_HOSTED]).artifacts)).toBe(JavaVersion.JAVA_17);
  });
});

describe('runner jar contents', () => {
  const artifacts = examplePlan('dev').artifacts;
  const good = {
    'io/eventpipelines/shaded/org/apache/hadoop/conf/Configuration.class': classFile(52),
    'io/eventpipelines/sqlrunner/hadoop/CatalogHadoopUtils.class': classFile(55),
    'META-INF/maven/software.amazon.awssdk/s3/pom.properties': 'version=2.33.0\n',
    'META-INF/maven/software.amazon.awssdk/auth/pom.properties': 'version=2.33.0\n',
    'org/apache/flink/connector/kafka/source/KafkaSource.class': classFile(52),
    'org/apache/kafka/clients/consumer/KafkaConsumer.class': classFile(52),
    'kafka/kafka-version.properties': 'commitId=x\nversion=3.9.1\n',
    'META-INF/versions/17/org/x/Y.class': classFile(61),
    // Iceberg's own copy of a class the 2.x distribution hides in its planner loader (FLINK_CORE_ALLOWED).
    'org/apache/flink/table/api/runtime/types/FlinkScalaKryoInstantiator.class': classFile(55),
  };

  test('a jar as built passes every rule', () => {
    const jar = jarOf(good);
    expect([...relocationProblems(jar, artifacts), ...awsSdkProblems(jar), ...flinkCoreProblems(jar), ...kafkaProblems(jar), ...classVersionProblems(jar, JavaVersion.JAVA_11)]).toEqual([]);
  });

  test('finds unrelocated Hadoop, two SDK versions, Flink core classes, an old kafka-clients and Java 17 classes for a Java 11 runtime', () => {
    const jar = jarOf({
      ...good,
      'org/apache/hadoop/conf/Configuration.class': classFile(52),
      'META-INF/maven/software.amazon.awssdk/sts/pom.properties': 'version=2.32.26\n',
      'org/apache/flink/runtime/util/HadoopUtils.class': classFile(52),
      'kafka/kafka-version.properties': 'version=3.4.0\n',
      'org/apache/iceberg/Foo.class': classFile(61),
    });
    expect(relocationProblems(jar, artifacts)).toEqual([
      '1 classes of org.apache.hadoop.conf are not relocated (e.g. org/apache/hadoop/conf/Configuration.class): Hadoop Configuration from the jar, not parent-first from the Flink distribution (which has none)',
      expect.stringContaining('1 classes of org.apache.flink.runtime.util.HadoopUtils are not relocated'),
    ]);
    expect(awsSdkProblems(jar)).toEqual(['2 AWS SDK versions in the jar: 2.33.0 (s3, auth); 2.32.26 (sts) — one dependency brings its own SDK next to another\'s']);
    expect(flinkCoreProblems(jar)).toEqual([expect.stringContaining('1 classes under org/apache/flink/runtime/ (e.g. org/apache/flink/runtime/util/HadoopUtils.class)')]);
    expect(kafkaProblems(jar)).toEqual(['kafka-clients 3.4.0 is older than 3.8.0 (CVE-2024-31141, no FileConfigProvider allowed.paths)']);
    expect(classVersionProblems(jar, JavaVersion.JAVA_11)).toEqual(['1 class files of major version 61 (e.g. org/apache/iceberg/Foo.class) cannot load on Java 11 (class file 55): UnsupportedClassVersionError']);
  });
});
