-- Job "customers-nightly" of pipeline "orders" (batch), generated from the pipeline definition: do not edit.
SET 'execution.runtime-mode' = 'batch';
SET 'pipeline.name' = 'customers-nightly';

CREATE TABLE `customers` (
  `customer_id` STRING NOT NULL,
  `name` STRING,
  `email` STRING,
  `country` STRING,
  `updated_at` TIMESTAMP(3)
) WITH (
  'connector' = 'kafka',
  'topic' = 'customers',
  'properties.bootstrap.servers' = 'orders-dev-kafka-bootstrap.orders.svc:9093',
  'properties.group.id' = 'orders.customers-nightly',
  'properties.security.protocol' = 'SSL',
  'properties.ssl.truststore.location' = '/opt/flink/kafka-cluster-ca/ca.crt',
  'properties.ssl.truststore.type' = 'PEM',
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'latest-offset',
  'key.format' = 'json',
  'key.fields' = 'customer_id',
  'key.json.timestamp-format.standard' = 'ISO-8601',
  'value.format' = 'json',
  'value.json.timestamp-format.standard' = 'ISO-8601'
);

CREATE CATALOG `lakehouse` WITH (
  'type' = 'iceberg',
  'catalog-impl' = 'org.apache.iceberg.aws.glue.GlueCatalog',
  'io-impl' = 'org.apache.iceberg.aws.s3.S3FileIO',
  'warehouse' = 's3://orders-dev-self-hosted-warehouse/warehouse/',
  'client.region' = 'us-east-1'
);

INSERT INTO `lakehouse`.`orders_self_hosted`.`customers` /*+ OPTIONS('upsert-enabled' = 'true') */
SELECT `customer_id`, `name`, `email`, `country`, `updated_at` FROM `customers`;
