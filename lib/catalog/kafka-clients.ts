import { JavaVersion } from './java-version';
import { KafkaConnectorVariant } from './kafka-connector-variant';
import { MavenCoordinate, compareVersions } from './maven-coordinate';
import { ValidationProblem } from '../validation/validation-problem';

/**
 * The `org.apache.kafka:kafka-clients` the runner jar carries. Each Kafka connector release brings the client it was
 * built with (`<kafka.version>` of `org.apache.flink:flink-connector-kafka-parent:<release>` on Maven Central, checked
 * 2026-12); the 3.x connectors of Flink 1.19 and 1.20 bring kafka-clients 3.4.0, which
 * - is inside CVE-2024-31141 (a client configuration can make `FileConfigProvider` and the other automatic config
 *   providers read any file; affected 2.3.0–3.7.x), and
 * - predates the `allowed.paths` option of `FileConfigProvider` (KIP-993, Kafka 3.8.0) that the self-hosted SCRAM
 *   client properties set (`lib/sql/kafka-client-properties.ts`): 3.4.0 ignores it and reads any path.
 * The unshaded connector gets a fixed client (a direct dependency wins over the connector's transitive one); the
 * shaded SQL connector cannot (its client is relocated inside it) and is refused when its client is too old.
 */

/** kafka-clients of each `flink-connector-kafka` release (without the Flink suffix). */
export const KAFKA_CONNECTOR_CLIENTS: Readonly<Record<string, string>> = {
  '3.2.0': '3.4.0',
  '3.3.0': '3.4.0',
  '3.4.0': '3.4.0',
  '4.0.0': '3.9.0',
  '4.0.1': '3.9.1',
  '5.0.0': '4.2.0',
};

/** The oldest kafka-clients with `FileConfigProvider`'s `allowed.paths` and outside CVE-2024-31141. */
export const KAFKA_CLIENTS_MINIMUM = '3.8.0';

/**
 * kafka-clients the runner pins where its connector brings an older one: the newest 3.x line (Java 8 class files,
 * so it runs on MSF's Java 11), the client flink-connector-kafka 4.0.1 is built with.
 */
export const KAFKA_CLIENTS_PIN = '3.9.1';

/** Minimum Java of kafka-clients: 3.x → 8, 4.x → 11. */
export function kafkaClientsMinimumJava(version: string): JavaVersion {
  return compareVersions(version, '4.0.0') >= 0 ? JavaVersion.JAVA_11 : JavaVersion.JAVA_8;
}

/** What the resolver adds or refuses for the Kafka client of a connector release. */
export interface KafkaClientsChoice {
  /** A direct kafka-clients dependency that replaces the connector's, if it is too old. */
  readonly coordinate?: MavenCoordinate;
  readonly problems: ValidationProblem[];
}

/** The kafka-clients rule: upgrade the unshaded connector's client, refuse a shaded connector with an old one. */
export function chooseKafkaClients(connectorVersion: string, variant: KafkaConnectorVariant): KafkaClientsChoice {
  const bundled = KAFKA_CONNECTOR_CLIENTS[connectorVersion];
  if (bundled === undefined || compareVersions(bundled, KAFKA_CLIENTS_MINIMUM) >= 0) return { problems: [] };
  if (variant.id === KafkaConnectorVariant.SHADED_SQL.id) {
    return {
      problems: [{
        path: 'artifacts.kafkaConnectorVariant',
        message: `org.apache.flink:flink-sql-connector-kafka ${connectorVersion} relocates kafka-clients ${bundled} inside it, older than ${KAFKA_CLIENTS_MINIMUM} (CVE-2024-31141; no FileConfigProvider allowed.paths), and the runner cannot replace it`,
        fix: `use KafkaConnectorVariant.UNSHADED (the default: the runner pins kafka-clients ${KAFKA_CLIENTS_PIN}), or Flink 2.0+ (connector 4.0.1 brings kafka-clients 3.9.1)`,
      }],
    };
  }
  return {
    problems: [],
    coordinate: {
      groupId: 'org.apache.kafka',
      artifactId: 'kafka-clients',
      version: KAFKA_CLIENTS_PIN,
      scope: 'compile',
      minimumJava: kafkaClientsMinimumJava(KAFKA_CLIENTS_PIN),
      purpose: `Kafka client, kept unrelocated: replaces the ${bundled} that flink-connector-kafka ${connectorVersion} brings (CVE-2024-31141, no FileConfigProvider allowed.paths before ${KAFKA_CLIENTS_MINIMUM})`,
    },
  };
}
