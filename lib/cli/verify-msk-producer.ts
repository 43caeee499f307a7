import { generateAuthToken } from 'aws-msk-iam-sasl-signer-js';
import { Kafka, logLevel } from 'kafkajs';
import { OperationError } from './operations';
import { RecordProducer, TopicBatch } from './verify-producer';

/** How long to wait for a broker connection before saying where verify must run. */
export const MSK_CONNECT_TIMEOUT_MS = 10_000;

function isConnectionFailure(error: Error): boolean {
  const text = `${error.name} ${error.message}`;
  return /KafkaJSConnectionError|KafkaJSNumberOfRetriesExceeded|Connection timeout|ETIMEDOUT|ECONNREFUSED|ENOTFOUND|EHOSTUNREACH/i.test(text);
}

function isAuthorizationFailure(error: Error): boolean {
  return /SASL|authenticat|authoriz|TOPIC_AUTHORIZATION_FAILED|Access denied/i.test(`${error.name} ${error.message}`);
}

/**
 * A kafkajs producer for MSK with IAM access control: TLS, SASL OAUTHBEARER with a token from the AWS MSK IAM signer
 * (the default credential chain: AWS_PROFILE, environment, SSO, instance role). It must run where the brokers are
 * reachable (inside the VPC), with `kafka-cluster:Connect`, `DescribeTopic` and `WriteData` on the topics.
 */
export function mskIamProducer(bootstrapBrokers: string, region: string): RecordProducer {
  return {
    async produce(batches: readonly TopicBatch[]): Promise<void> {
      const kafka = new Kafka({
        clientId: 'pipelines-verify',
        brokers: bootstrapBrokers.split(','),
        ssl: true,
        sasl: { mechanism: 'oauthbearer', oauthBearerProvider: async () => ({ value: (await generateAuthToken({ region })).token }) },
        connectionTimeout: MSK_CONNECT_TIMEOUT_MS,
        retry: { retries: 2 },
        logLevel: logLevel.NOTHING,
      });
      const producer = kafka.producer({ allowAutoTopicCreation: false });
      try {
        await producer.connect();
        for (const batch of batches) {
          await producer.send({ topic: batch.topic, acks: -1, messages: batch.records.map((r) => ({ key: r.key, value: r.value })) });
        }
      } catch (error) {
        if (!(error instanceof Error)) throw error;
        if (isConnectionFailure(error)) {
          throw new OperationError(`could not connect to the MSK brokers ${bootstrapBrokers} (${error.message}; connection timeout ${MSK_CONNECT_TIMEOUT_MS / 1000} s): run verify where they are reachable, inside the VPC (a bastion, a CI runner in it), with kafka-cluster:Connect and kafka-cluster:WriteData on the source topics`);
        }
        if (isAuthorizationFailure(error)) {
          throw new OperationError(`MSK refused the records (${error.message}): the caller needs kafka-cluster:Connect, kafka-cluster:DescribeTopic and kafka-cluster:WriteData on the source topics`);
        }
        throw error;
      } finally {
        await producer.disconnect().catch(() => undefined);
      }
    },
  };
}
