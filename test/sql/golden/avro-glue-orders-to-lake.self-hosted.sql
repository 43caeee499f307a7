-- Job "orders-to-lake" of pipeline "orders" (streaming), generated from the pipeline definition: do not edit.
SET 'execution.runtime-mode' = 'streaming';
SET 'pipeline.name' = 'orders-to-lake';

-- Topic "orders": key columns read from the value (the record key is not decoded); bad records: fail (an undecodable record fails the job).
CREATE TABLE `orders` (
  `order_id` STRING NOT NULL,
  `customer_id` STRING,
  `status` STRING,
  `amount` DECIMAL(12, 2),
  `currency` STRING,
  `order_ms` BIGINT NOT NULL,
  `order_ts` AS TO_TIMESTAMP_LTZ(`order_ms`, 3),
  WATERMARK FOR `order_ts` AS `order_ts` - INTERVAL '30' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'orders',
  'properties.bootstrap.servers' = 'orders-dev-kafka-bootstrap.orders.svc:9093',
  'properties.group.id' = 'orders.orders-to-lake',
  'properties.security.protocol' = 'SSL',
  'properties.ssl.truststore.location' = '/opt/flink/kafka-cluster-ca/ca.crt',
  'properties.ssl.truststore.type' = 'PEM',
  'scan.startup.mode' = 'group-offsets',
  'properties.auto.offset.reset' = 'earliest',
  'value.format' = 'avro-glue',
  'value.avro-glue.aws.region' = 'us-east-1',
  'value.avro-glue.registry.name' = 'orders-dev',
  'value.avro-glue.schema.name' = 'orders',
  'value.avro-glue.schema.autoRegistration' = 'false',
  'scan.watermark.idle-timeout' = '60 s'
);

CREATE CATALOG `lakehouse` WITH (
  'type' = 'iceberg',
  'catalog-impl' = 'org.apache.iceberg.aws.glue.GlueCatalog',
  'io-impl' = 'org.apache.iceberg.aws.s3.S3FileIO',
  'warehouse' = 's3://orders-dev-self-hosted-warehouse/warehouse/',
  'client.region' = 'us-east-1'
);

INSERT INTO `lakehouse`.`orders_self_hosted`.`orders` /*+ OPTIONS('upsert-enabled' = 'true', 'distribution-mode' = 'none') */
SELECT order_id, customer_id, UPPER(status) AS status, amount, UPPER(currency) AS currency, order_ts FROM orders WHERE amount >= 0;
