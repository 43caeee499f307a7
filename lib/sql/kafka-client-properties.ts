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

/** Where each self-hosted Flink pod finds its own Kafka credentials (written by its init container). */
export const STRIMZI_CREDENTIALS_FILE = '/opt/flink/kafka-credentials/client.properties';

/**
 * Strimzi's TLS listener with SCRAM-SHA-512 authentication: the job's `sasl.jaas.config` is not in the SQL but read at
 * run time by Kafka's FileConfigProvider from the pod's credentials file (copied from the job's KafkaUser Secret), so
 * the script, the ConfigMap and the FlinkDeployment carry no password.
 * @param caCertificatePath path of the PEM CA certificate in the Flink pods
 * @param credentialsFile properties file with the `sasl.jaas.config` entry
 */
export function strimziScramClientProperties(caCertificatePath: string = STRIMZI_CLUSTER_CA_PATH, credentialsFile: string = STRIMZI_CREDENTIALS_FILE): Record<string, string> {
  const directory = credentialsFile.replace(/\/[^/]+$/, '');
  return {
    ...strimziTlsClientProperties(caCertificatePath),
    'security.protocol': 'SASL_SSL',
    'sasl.mechanism': 'SCRAM-SHA-512',
    'sasl.jaas.config': `\${file:${credentialsFile}:sasl.jaas.config}`,
    'config.providers': 'file',
    'config.providers.file.class': 'org.apache.kafka.common.config.provider.FileConfigProvider',
    'config.providers.file.param.allowed.paths': directory,
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
