/** Port of the MSK brokers' IAM-authenticated TLS listener (private connectivity). */
export const MSK_IAM_PORT = 9098;

/**
 * Kafka client properties (without Flink's `properties.` prefix) that authenticate to MSK with IAM over TLS,
 * through the unshaded `aws-msk-iam-auth` login module and callback handler.
 */
export const MSK_IAM_CLIENT_PROPERTIES: Readonly<Record<string, string>> = Object.freeze({
  'security.protocol': 'SASL_SSL',
  'sasl.mechanism': 'AWS_MSK_IAM',
  'sasl.jaas.config': 'software.amazon.msk.auth.iam.IAMLoginModule required;',
  'sasl.client.callback.handler.class': 'software.amazon.msk.auth.iam.IAMClientCallbackHandler',
});
