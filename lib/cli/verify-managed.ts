import { Clock } from '../clock';
import { GetSchemaVersionCommand, GlueClient } from '@aws-sdk/client-glue';
import { GetBootstrapBrokersCommand, KafkaClient, ListClustersV2Command } from '@aws-sdk/client-kafka';
import { glueSchemaLocation, isAvroGlue } from '../plan/glue-schema-registry-plan';
import { PipelinePlan, TopicPlan } from '../plan/pipeline-plan';
import { platformNames } from '../plan/platform-names';
import { OperationError } from './operations';
import { ManagedProducerFactory, TopicBatch } from './verify-producer';
import { VerifyTransport } from './verify-transport';

/** The AWS clients the managed transport calls. */
export interface ManagedVerifyClients {
  readonly kafka: KafkaClient;
  readonly glue: GlueClient;
}

/**
 * The managed flavor's transport: the platform's MSK cluster (`platformNames(environment).kafkaCluster`) found by
 * name, its IAM bootstrap brokers (`BootstrapBrokerStringSaslIam`, port 9098), and a producer with MSK IAM auth.
 */
export function managedTransport(plan: PipelinePlan, clients: ManagedVerifyClients, producerFactory: ManagedProducerFactory, clock: Clock): VerifyTransport {
  const cluster = platformNames(plan.environment).kafkaCluster;
  const region = plan.environment.region;
  return {
    textOnly: false,
    describe: (topics) => [
      `Kafka: MSK cluster ${cluster} (${region}), bootstrap brokers from GetBootstrapBrokers (BootstrapBrokerStringSaslIam, port 9098)`,
      '  producer: kafkajs, TLS + SASL OAUTHBEARER signed by aws-msk-iam-sasl-signer-js (the default AWS credential chain), acks=all',
      `  runs only where the brokers are reachable (inside the VPC) with kafka-cluster:Connect, DescribeTopic and WriteData on ${topics.map((t) => t.name).join(', ')}`,
      ...topics.filter(isAvroGlue).map((t) => {
        const glue = glueSchemaLocation(plan.pipelineName, plan.environment.name, region, t);
        return `  ${t.name}: schema version id from Glue GetSchemaVersion (registry ${glue.registryName}, schema ${glue.schemaName}, latest version)`;
      }),
    ],
    async schemaVersionIds(topics: readonly TopicPlan[]): Promise<ReadonlyMap<string, string>> {
      const ids = new Map<string, string>();
      for (const topic of topics.filter(isAvroGlue)) {
        const glue = glueSchemaLocation(plan.pipelineName, plan.environment.name, region, topic);
        const version = await clients.glue.send(new GetSchemaVersionCommand({
          SchemaId: { RegistryName: glue.registryName, SchemaName: glue.schemaName }, SchemaVersionNumber: { LatestVersion: true },
        })).catch((error: unknown) => {
          if (error instanceof Error && error.name === 'EntityNotFoundException') throw new OperationError(`schema ${glue.schemaName} not found in Glue registry ${glue.registryName}: the pipeline is not deployed in environment ${plan.environment.name} (${region})`);
          throw error;
        });
        if (version.SchemaVersionId === undefined) throw new OperationError(`schema ${glue.registryName}/${glue.schemaName} has no version: deploy the pipeline first`);
        ids.set(topic.name, version.SchemaVersionId);
      }
      return ids;
    },
    async produce(batches: readonly TopicBatch[], _run: string, progress: (line: string) => void): Promise<number> {
      const listed = await clients.kafka.send(new ListClustersV2Command({ ClusterNameFilter: cluster }));
      const arn = (listed.ClusterInfoList ?? []).find((c) => c.ClusterName === cluster)?.ClusterArn;
      if (arn === undefined) throw new OperationError(`MSK cluster ${cluster} not found: the platform is not deployed in environment ${plan.environment.name} (${region})`);
      const brokers = (await clients.kafka.send(new GetBootstrapBrokersCommand({ ClusterArn: arn }))).BootstrapBrokerStringSaslIam;
      if (brokers === undefined) throw new OperationError(`MSK cluster ${cluster} has no IAM bootstrap brokers (BootstrapBrokerStringSaslIam): the pipelines use IAM access control`);
      progress(`producing to ${batches.map((b) => b.topic).join(', ')} through ${brokers}`);
      const producedAt = clock.now();
      await producerFactory(brokers, region).produce(batches);
      return producedAt;
    },
  };
}
