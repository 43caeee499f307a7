import { mskIamClientProperties } from '../../../lib/sql/kafka-client-properties';

/** Port of the MSK brokers' IAM-authenticated TLS listener (private connectivity). */
export const MSK_IAM_PORT = 9098;

/** Kafka client properties (without Flink's `properties.` prefix) that authenticate to MSK with IAM over TLS. */
export const MSK_IAM_CLIENT_PROPERTIES: Readonly<Record<string, string>> = Object.freeze(mskIamClientProperties());
