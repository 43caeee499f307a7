import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { STRIMZI_1_2 } from '../../lib/catalog/strimzi-release';
import { LOCAL_KAFKA_VERSION, kafkaDistributionPom, resolveKafkaDistribution } from '../../lib/local/kafka-distribution';
import { localCacheDir } from '../../lib/local/kafka-maven';

describe('the local broker version', () => {
  test('is the self-hosted platform default (Strimzi 1.2.0: Kafka 4.3.1)', () => {
    expect(LOCAL_KAFKA_VERSION).toBe(STRIMZI_1_2.defaultKafkaVersion);
    expect(LOCAL_KAFKA_VERSION).toBe('4.3.1');
  });
});

describe('kafkaDistributionPom', () => {
  const pom = kafkaDistributionPom('4.3.1');
  test.each(['kafka_2.13', 'kafka-server', 'kafka-tools', 'kafka-clients'])('depends on org.apache.kafka:%s at the version', (artifact) => {
    expect(pom).toContain(`<groupId>org.apache.kafka</groupId><artifactId>${artifact}</artifactId><version>4.3.1</version>`);
  });
  test('pins the dependency plugin and binds SLF4J for the broker log', () => {
    expect(pom).toContain('<artifactId>maven-dependency-plugin</artifactId><version>3.8.1</version>');
    expect(pom).toContain('<artifactId>slf4j-simple</artifactId>');
  });
  test('fails if the version is not a release', () => {
    expect(() => kafkaDistributionPom('latest')).toThrow('Kafka version "latest" is not a release version (major.minor.patch, e.g. 4.3.1)');
  });
});

describe('resolveKafkaDistribution', () => {
  test('a completed cache is used as it is: no POM written, no Maven run', async () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-cache-'));
    try {
      const libs = path.join(cacheDir, 'kafka-4.3.1', 'libs');
      fs.mkdirSync(libs, { recursive: true });
      fs.writeFileSync(path.join(libs, 'kafka-clients-4.3.1.jar'), '');
      fs.writeFileSync(path.join(libs, '.complete'), createHash('sha256').update(kafkaDistributionPom('4.3.1')).digest('hex'));
      const distribution = await resolveKafkaDistribution({ cacheDir, onProgress: () => { throw new Error('resolved again'); } });
      expect(distribution.jars).toEqual([path.join(libs, 'kafka-clients-4.3.1.jar')]);
      expect(fs.existsSync(path.join(cacheDir, 'kafka-4.3.1', 'pom.xml'))).toBe(false);
    } finally {
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});

describe('localCacheDir', () => {
  test('$PIPELINES_CACHE_DIR, else ~/.cache/event-pipelines', () => {
    expect(localCacheDir({ PIPELINES_CACHE_DIR: '/var/cache/p' })).toBe('/var/cache/p');
    expect(localCacheDir({})).toBe(path.join(os.homedir(), '.cache', 'event-pipelines'));
  });
});
