import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BadRecordPolicy, CleanupPolicy, KeyFormat, RecordFormat } from '../../lib/definition/kafka-options';
import { TopicPlan } from '../../lib/plan/pipeline-plan';
import { MskBrokerType } from '../../constructs/managed/kafka/msk-broker-type';
import { ProvisionedMskCluster } from '../../constructs/managed/kafka/provisioned-msk-cluster';
import { ServerlessMskCluster } from '../../constructs/managed/kafka/serverless-msk-cluster';
import { decodeTopicConfigs, encodeTopicConfigs } from '../../constructs/managed/topics/msk-topic-configs';
import { MskTopics } from '../../constructs/managed/topics/msk-topics';
import { testStackWithVpc } from './support';

function topic(name: string, partitions: number, configs: Record<string, string>): TopicPlan {
  return {
    name, partitions, partitionsSource: 'explicit', replicationFactor: 3, minInSyncReplicas: 2, retention: Duration.days(7),
    cleanupPolicy: CleanupPolicy.DELETE, key: [], keyFormat: KeyFormat.FROM_VALUE, valueFormat: RecordFormat.JSON, badRecords: BadRecordPolicy.FAIL, columns: [], configs,
  };
}

const TOPICS = [
  topic('orders', 12, { 'retention.ms': '604800000', 'cleanup.policy': 'delete', 'min.insync.replicas': '2' }),
  topic('customers', 6, { 'cleanup.policy': 'compact', 'min.insync.replicas': '2' }),
];

function synth(express = false, removalPolicy?: RemovalPolicy) {
  const { stack, vpc } = testStackWithVpc();
  const cluster = new ProvisionedMskCluster(stack, 'Kafka', {
    clusterName: 'orders-prod', vpc, brokersPerAz: 1,
    brokerType: express ? MskBrokerType.EXPRESS_M7G_LARGE : MskBrokerType.KAFKA_M7G_LARGE,
    serverProperties: { 'auto.create.topics.enable': 'false' },
  });
  new MskTopics(stack, 'Topics', { cluster, topics: TOPICS, removalPolicy, fixedConfigs: express ? ['min.insync.replicas'] : [] });
  return Template.fromStack(stack);
}

describe('MskTopics', () => {
  const template = synth();
  const topics = template.findResources('AWS::MSK::Topic');
  const byName = (name: string) => Object.values(topics).find((t) => t.Properties.TopicName === name);

  test('one AWS::MSK::Topic per plan topic, on the cluster, with partitions and replication factor', () => {
    template.resourceCountIs('AWS::MSK::Topic', 2);
    expect(byName('orders')?.Properties).toMatchObject({ PartitionCount: 12, ReplicationFactor: 3, ClusterArn: { 'Fn::GetAtt': [expect.stringMatching(/^Kafka/), 'Arn'] } });
    expect(byName('customers')?.Properties).toMatchObject({ PartitionCount: 6, ReplicationFactor: 3 });
  });

  test('configs are the plan configs, base64 of a JSON object with sorted keys', () => {
    expect(decodeTopicConfigs(byName('orders')?.Properties.Configs)).toEqual({ 'cleanup.policy': 'delete', 'min.insync.replicas': '2', 'retention.ms': '604800000' });
    expect(Buffer.from(byName('customers')?.Properties.Configs, 'base64').toString()).toBe('{"cleanup.policy":"compact","min.insync.replicas":"2"}');
  });

  test('topics are retained by default and deleted in dev', () => {
    expect(byName('orders')).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    const dev = synth(false, RemovalPolicy.DESTROY).findResources('AWS::MSK::Topic');
    expect(Object.values(dev).every((t) => t.DeletionPolicy === 'Delete')).toBe(true);
  });

  test('on Express brokers the configs MSK fixes are left out', () => {
    const express = Object.values(synth(true).findResources('AWS::MSK::Topic'));
    for (const t of express) expect(decodeTopicConfigs(t.Properties.Configs)).not.toHaveProperty('min.insync.replicas');
  });

  test('refuses an MSK Serverless cluster, which has no topic API', () => {
    const { stack, vpc } = testStackWithVpc();
    const cluster = new ServerlessMskCluster(stack, 'Kafka', { clusterName: 'orders-dev', vpc });
    expect(() => new MskTopics(stack, 'Topics', { cluster, topics: TOPICS })).toThrow('MskTopics: cluster orders-dev has no MSK topic API (MSK Serverless); use ServerlessMskTopics');
  });

  test('encodeTopicConfigs is stable whatever the key order', () => {
    expect(encodeTopicConfigs({ b: '1', a: '2' })).toBe(encodeTopicConfigs({ a: '2', b: '1' }));
  });
});
