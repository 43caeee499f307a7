-- Job "customers-nightly" of pipeline "orders" (batch), generated from the pipeline definition: do not edit.
SET 'execution.runtime-mode' = 'batch';
SET 'pipeline.name' = 'customers-nightly';

-- Topic "customers": key columns read from the value (the record key is not decoded); bad records: fail (an undecodable record fails the job).
CREATE TABLE `customers__log` (
  `customer_id` STRING NOT NULL,
  `name` STRING,
  `email` STRING,
  `country` STRING,
  `updated_at` TIMESTAMP_LTZ(3),
  `__kafka_partition` INT METADATA FROM 'partition' VIRTUAL,
  `__kafka_offset` BIGINT METADATA FROM 'offset' VIRTUAL,
  `__kafka_timestamp` TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL
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
  'value.format' = 'json',
  'value.json.timestamp-format.standard' = 'ISO-8601',
  'value.json.ignore-parse-errors' = 'false'
);
CREATE TEMPORARY VIEW `customers` AS
SELECT `customer_id`, `name`, `email`, `country`, `updated_at`
FROM (
  SELECT `customer_id`, `name`, `email`, `country`, `updated_at`, ROW_NUMBER() OVER (PARTITION BY `customer_id` ORDER BY `__kafka_timestamp` DESC, `__kafka_partition` DESC) AS `__row`
  FROM (
    SELECT `customer_id`, `name`, `email`, `country`, `updated_at`, `__kafka_partition`, `__kafka_timestamp`, ROW_NUMBER() OVER (PARTITION BY `customer_id`, `__kafka_partition` ORDER BY `__kafka_offset` DESC) AS `__row_in_partition`
    FROM `customers__log`
  )
  WHERE `__row_in_partition` = 1
)
WHERE `__row` = 1;

CREATE CATALOG `lakehouse` WITH (
  'type' = 'iceberg',
  'catalog-impl' = 'org.apache.iceberg.aws.glue.GlueCatalog',
  'io-impl' = 'org.apache.iceberg.aws.s3.S3FileIO',
  'warehouse' = 's3://orders-dev-self-hosted-warehouse/warehouse/',
  'client.region' = 'us-east-1'
);

INSERT OVERWRITE `lakehouse`.`orders_self_hosted`.`customers` /*+ OPTIONS('upsert-enabled' = 'false', 'distribution-mode' = 'none') */
SELECT `customer_id`, `name`, `email`, `country`, `updated_at` FROM `customers`;
