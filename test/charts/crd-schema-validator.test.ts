import { CrdSchemaValidator } from './support/crd-schema-validator';

const validator = CrdSchemaValidator.fromDirectory();

const topic = {
  apiVersion: 'kafka.strimzi.io/v1',
  kind: 'KafkaTopic',
  metadata: { name: 'orders', namespace: 'orders', labels: { 'strimzi.io/cluster': 'orders-dev' } },
  spec: { partitions: 6, replicas: 3, config: { 'retention.ms': '604800000' } },
};

describe('CrdSchemaValidator', () => {
  test('loads every served version of the in-project CRDs', () => {
    expect(validator.kinds).toEqual([
      'flink.apache.org/v1beta1 FlinkDeployment',
      'flink.apache.org/v1beta1 FlinkSessionJob',
      'kafka.strimzi.io/v1 Kafka',
      'kafka.strimzi.io/v1 KafkaNodePool',
      'kafka.strimzi.io/v1 KafkaTopic',
      'kafka.strimzi.io/v1 KafkaUser',
      'monitoring.coreos.com/v1 PodMonitor',
      'monitoring.coreos.com/v1 PrometheusRule',
    ]);
  });

  test('accepts a valid object', () => {
    expect(validator.validate(topic)).toEqual([]);
  });

  test('fails on a wrong type', () => {
    expect(validator.validate({ ...topic, spec: { ...topic.spec, partitions: '6' } })).toEqual(['/spec/partitions must be integer']);
  });

  test('fails on a field the schema does not declare (strict field validation)', () => {
    expect(validator.validate({ ...topic, spec: { ...topic.spec, partitionCount: 6 } })).toEqual(['/spec must NOT have additional properties (partitionCount)']);
  });

  test('fails on a value outside an enum', () => {
    const deployment = {
      apiVersion: 'flink.apache.org/v1beta1',
      kind: 'FlinkDeployment',
      metadata: { name: 'job' },
      spec: { flinkVersion: 'v1_20', job: { upgradeMode: 'keep-state' } },
    };
    expect(validator.validate(deployment)).toEqual(['/spec/job/upgradeMode must be equal to one of the allowed values']);
  });

  test('fails on a missing required field', () => {
    const pool = { apiVersion: 'kafka.strimzi.io/v1', kind: 'KafkaNodePool', metadata: { name: 'brokers' }, spec: { replicas: 3, roles: ['broker'] } };
    expect(validator.validate(pool)).toEqual(["/spec must have required property 'storage'"]);
  });

  test('refuses an object of an unknown kind (it would not be checked at all)', () => {
    expect(() => validator.validate({ apiVersion: 'kafka.strimzi.io/v1beta2', kind: 'Kafka' })).toThrow('no CRD schema for kafka.strimzi.io/v1beta2 Kafka');
  });

  test('preserves unknown fields where the CRD says so (flinkConfiguration is free-form)', () => {
    const deployment = {
      apiVersion: 'flink.apache.org/v1beta1',
      kind: 'FlinkDeployment',
      metadata: { name: 'job' },
      spec: { flinkVersion: 'v1_20', flinkConfiguration: { 'state.backend.type': 'rocksdb' } },
    };
    expect(validator.validate(deployment)).toEqual([]);
  });

  test('reads a leading (?i) of a CRD pattern as Go does: case-insensitive (prometheus-operator CRDs)', () => {
    const rule = (strategy: string) => ({
      apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'r', namespace: 'orders' },
      spec: { groups: [{ name: 'g', partial_response_strategy: strategy, rules: [{ record: 'x:y', expr: 'up' }] }] },
    });
    expect(validator.validate(rule('WARN'))).toEqual([]);
    expect(validator.validate(rule('ignore'))).toEqual(['/spec/groups/0/partial_response_strategy must match pattern "^(?i)(abort|warn)?$"']);
  });
});
