import { KafkaClientConnection } from '../plan/connections';

/**
 * Kafka client security properties of each flavor's listener, without Flink's `properties.` prefix. The flavors put
 * them into their KafkaClientConnection; the generated SQL is otherwise identical on both (see
 * `withoutKafkaConnection`, used by the parity test).
 */

/** MSK with IAM access control (port 9098): SASL over TLS with the `aws-msk-iam-auth` login module. */
export function mskIamClientProperties(): Record<string, string> {
  return {
    'security.protocol': 'SASL_SSL',
    'sasl.mechanism': 'AWS_MSK_IAM',
    'sasl.jaas.config': 'software.amazon.msk.auth.iam.IAMLoginModule required;',
    'sasl.client.callback.handler.class': 'software.amazon.msk.auth.iam.IAMClientCallbackHandler',
  };
}

/** Where the self-hosted flavor mounts the Strimzi cluster CA certificate (`<cluster>-cluster-ca-cert`, key `ca.crt`). */
export const STRIMZI_CLUSTER_CA_PATH = '/opt/flink/kafka-cluster-ca/ca.crt';

/**
 * Strimzi's TLS listener (port 9093): TLS, trusting the cluster CA from a mounted PEM file (no truststore password).
 * @param caCertificatePath path of the PEM CA certificate in the Flink pods
 */
export function strimziTlsClientProperties(caCertificatePath: string = STRIMZI_CLUSTER_CA_PATH): Record<string, string> {
  return {
    'security.protocol': 'SSL',
    'ssl.truststore.type': 'PEM',
    'ssl.truststore.location': caCertificatePath,
  };
}

/**
 * The script without the lines that carry the Kafka connection (bootstrap servers and every client property of the
 * connection), so the SQL of both flavors can be compared.
 */
export function withoutKafkaConnection(sql: string, kafka: KafkaClientConnection): string {
  const keys = new Set(['properties.bootstrap.servers', ...Object.keys(kafka.properties).map((k) => `properties.${k}`)]);
  return sql
    .split('\n')
    .filter((line) => {
      const match = /^\s*'([^']+)' = /.exec(line);
      return match === null || !keys.has(match[1]);
    })
    .join('\n');
}
