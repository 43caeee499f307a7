import { Flavor } from '../../lib/flavor';
import { KafkaClientConnection, LakehouseConnection } from '../../lib/plan/connections';
import { PipelinePlan } from '../../lib/plan/pipeline-plan';
import { mskIamClientProperties, strimziTlsClientProperties } from '../../lib/sql/kafka-client-properties';

/** A self-hosted-like Kafka connection: the Strimzi TLS listener on 9093. */
export const STRIMZI_TLS: KafkaClientConnection = {
  bootstrapServers: 'orders-dev-kafka-bootstrap.orders.svc:9093',
  properties: strimziTlsClientProperties(),
};

/** A managed-like Kafka connection: MSK IAM on 9098. */
export const MSK_IAM: KafkaClientConnection = {
  bootstrapServers: 'b-1.orders-dev.abc123.c2.kafka.us-east-1.amazonaws.com:9098,b-2.orders-dev.abc123.c2.kafka.us-east-1.amazonaws.com:9098',
  properties: mskIamClientProperties(),
};

/** The flavors' Kafka connections in the golden tests. */
export const KAFKA_OF: ReadonlyMap<Flavor, KafkaClientConnection> = new Map([[Flavor.SELF_HOSTED, STRIMZI_TLS], [Flavor.MANAGED, MSK_IAM]]);

/** A lakehouse connection of a flavor, with the plan's physical Glue database names. */
export function lakehouseOf(plan: PipelinePlan, flavor: Flavor): LakehouseConnection {
  return {
    warehouseUri: `s3://orders-dev-${flavor.id}-warehouse/${plan.lakehouse.warehousePrefix}`,
    checkpointBucketUri: `s3://orders-dev-${flavor.id}-checkpoints`,
    region: plan.environment.region,
    glueDatabaseName: (db) => plan.names.glueDatabase(db, flavor),
  };
}
