import { RemovalPolicy, Size, aws_iam as iam } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { MskBrokerType } from '../../constructs/managed/kafka/msk-broker-type';
import { MskKafkaVersion } from '../../constructs/managed/kafka/msk-kafka-version';
import { ProvisionedMskCluster, ProvisionedMskClusterProps } from '../../constructs/managed/kafka/provisioned-msk-cluster';
import { testStackWithVpc } from './support';

const SERVER_PROPERTIES = {
  'min.insync.replicas': '2',
  'default.replication.factor': '3',
  'unclean.leader.election.enable': 'false',
  'auto.create.topics.enable': 'false',
};

function synth(overrides: Partial<ProvisionedMskClusterProps> = {}, zones = 3) {
  const { stack, vpc } = testStackWithVpc(zones);
  const cluster = new ProvisionedMskCluster(stack, 'Kafka', {
    clusterName: 'orders-prod',
    vpc,
    brokerType: MskBrokerType.KAFKA_M7G_LARGE,
    brokersPerAz: 1,
    serverProperties: SERVER_PROPERTIES,
    ...overrides,
  });
  const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('kinesisanalytics.amazonaws.com') });
  cluster.grantConsume(role, ['orders'], 'orders.orders-to-lake');
  return { cluster, template: Template.fromStack(stack) };
}

describe('ProvisionedMskCluster with Standard brokers', () => {
  const { cluster, template } = synth({ storagePerBroker: Size.gibibytes(200) });

  test('KRaft version, brokers per zone × zones, broker size and EBS volume', () => {
    template.hasResourceProperties('AWS::MSK::Cluster', {
      ClusterName: 'orders-prod',
      KafkaVersion: '3.9.x.kraft',
      NumberOfBrokerNodes: 3,
      BrokerNodeGroupInfo: Match.objectLike({
        InstanceType: 'kafka.m7g.large',
        StorageInfo: { EBSStorageInfo: { VolumeSize: 200 } },
      }),
    });
    const clusters = template.findResources('AWS::MSK::Cluster');
    const info = Object.values(clusters)[0].Properties.BrokerNodeGroupInfo;
    expect(info.ClientSubnets).toHaveLength(3);
  });

  test('IAM authentication only, TLS client-broker and in-cluster, KMS at rest', () => {
    template.hasResourceProperties('AWS::MSK::Cluster', {
      ClientAuthentication: { Sasl: { Iam: { Enabled: true } }, Unauthenticated: { Enabled: false } },
      EncryptionInfo: {
        EncryptionAtRest: { DataVolumeKMSKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('KafkaKey'), 'Arn'] } },
        EncryptionInTransit: { ClientBroker: 'TLS', InCluster: true },
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('broker logs go to a retained, KMS-encrypted CloudWatch log group kept a year in production', () => {
    template.hasResourceProperties('AWS::MSK::Cluster', {
      LoggingInfo: { BrokerLogs: { CloudWatchLogs: { Enabled: true, LogGroup: { Ref: Match.stringLikeRegexp('KafkaBrokerLogs') } } } },
    });
    template.hasResource('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('KafkaKey'), 'Arn'] } }, DeletionPolicy: 'Retain' });
    template.hasResource('AWS::MSK::Cluster', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('a cluster configuration carries the plan broker properties, sorted, and the cluster uses its latest revision', () => {
    template.hasResourceProperties('AWS::MSK::Configuration', {
      Name: 'orders-prod-brokers',
      ServerProperties: 'auto.create.topics.enable=false\ndefault.replication.factor=3\nmin.insync.replicas=2\nunclean.leader.election.enable=false\n',
    });
    template.hasResourceProperties('AWS::MSK::Cluster', {
      ConfigurationInfo: {
        Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('KafkaConfiguration'), 'Arn'] },
        Revision: { 'Fn::GetAtt': [Match.stringLikeRegexp('KafkaConfiguration'), 'LatestRevision.Revision'] },
      },
    });
  });

  test('storage autoscaling: kafka:broker-storage:VolumeSize from the volume to 4×, target tracking without scale-in', () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ServiceNamespace: 'kafka',
      ScalableDimension: 'kafka:broker-storage:VolumeSize',
      ResourceId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Kafka'), 'Arn'] },
      MinCapacity: 200,
      MaxCapacity: 800,
      RoleARN: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([Match.stringLikeRegexp('AWSServiceRoleForApplicationAutoScaling_KafkaCluster')])]) }),
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'KafkaBrokerStorageUtilization' },
        TargetValue: 60,
        DisableScaleIn: true,
      },
    });
  });

  test('bootstrap servers come from kafka:GetBootstrapBrokers on this cluster only', () => {
    template.hasResourceProperties('Custom::MskBootstrapBrokers', {
      Create: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([Match.stringLikeRegexp('"action":"GetBootstrapBrokers"')])]) }),
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
        Action: 'kafka:GetBootstrapBrokers',
        Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('Kafka'), 'Arn'] },
      })]) },
    });
    expect(cluster.connection.properties['sasl.mechanism']).toBe('AWS_MSK_IAM');
    expect(cluster.connection.properties['security.protocol']).toBe('SASL_SSL');
  });

  test('the bootstrap lookup runs again whenever the cluster changes: its physical id carries the cluster\'s CurrentVersion', () => {
    const lookup = Object.values(template.findResources('Custom::MskBootstrapBrokers'))[0];
    for (const event of ['Create', 'Update']) {
      const parts = lookup.Properties[event]['Fn::Join'][1] as unknown[];
      const at = parts.indexOf('@');
      expect(parts[at - 2]).toMatch(/"physicalResourceId":\{"id":"$/);
      expect(parts.slice(at - 1, at + 2)).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^Kafka/), 'Arn'] }, '@', { 'Fn::GetAtt': [expect.stringMatching(/^Kafka/), 'CurrentVersion'] }]);
    }
  });

  test('the broker security group has no egress and opens nothing by default', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Brokers of MSK cluster orders-prod: IAM/TLS listener only',
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32' })],
    });
    expect(cluster.connections.defaultPort?.toString()).toBe('9098');
  });

  test('grantConsume scopes Connect to the cluster, read to the named topic and the group to its ARN', () => {
    const policy = Object.values(template.findResources('AWS::IAM::Policy')).find((p) =>
      JSON.stringify(p.Properties.Roles).includes('Reader'));
    const statements = JSON.stringify(policy?.Properties.PolicyDocument.Statement);
    expect(statements).toContain('"kafka-cluster:Connect"');
    expect(statements).toContain(':topic/orders-prod/');
    expect(statements).toContain('/orders"');
    expect(statements).toContain(':group/orders-prod/');
    expect(statements).toContain('/orders.orders-to-lake"');
    expect(statements).not.toContain('kafka-cluster:*');
    expect(statements).not.toContain('"Resource":"*"');
    expect(statements).not.toContain('WriteData');
  });
});

describe('ProvisionedMskCluster with Express brokers', () => {
  const expressProps = {
    brokerType: MskBrokerType.EXPRESS_M7G_LARGE,
    kafkaVersion: MskKafkaVersion.V3_9_X_KRAFT,
  };
  const { template } = synth(expressProps);

  test('no EBS storage and no storage autoscaling', () => {
    const info = Object.values(template.findResources('AWS::MSK::Cluster'))[0].Properties.BrokerNodeGroupInfo;
    expect(info.InstanceType).toBe('express.m7g.large');
    expect(info.StorageInfo).toBeUndefined();
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
  });

  test('the configuration leaves out the properties MSK fixes on Express brokers', () => {
    template.hasResourceProperties('AWS::MSK::Configuration', { ServerProperties: 'auto.create.topics.enable=false\n' });
  });

  test('fails if Express brokers get other than 3 zones', () => {
    expect(() => synth(expressProps, 2)).toThrow('has 2 zone(s) but Express brokers run in exactly 3 — use 3 availability zones, or Standard brokers (mskMode "provisioned")');
  });

  test('fails if Express brokers get a storage size', () => {
    expect(() => synth({ ...expressProps, storagePerBroker: Size.gibibytes(100) })).toThrow('sets broker storage, but Express brokers have storage managed by MSK (no EBS, no storage autoscaling)');
  });

  test('fails if the plan asks Express brokers for min ISR 1', () => {
    expect(() => synth({ ...expressProps, serverProperties: { ...SERVER_PROPERTIES, 'min.insync.replicas': '1' } }))
      .toThrow('.serverProperties["min.insync.replicas"]: is 1 but Express brokers fix it at 2 — use kafka.replicationFactor 3 and kafka.minInSyncReplicas 2 in the environment, or Standard brokers');
  });
});

describe('ProvisionedMskCluster validation', () => {
  test('fails if the Kafka version is a ZooKeeper version', () => {
    expect(() => synth({ kafkaVersion: MskKafkaVersion.of('3.9.x') })).toThrow('kafkaVersion: must be a KRaft version like "3.9.x.kraft", got "3.9.x"');
  });
  test('fails if the broker size is unknown', () => {
    expect(() => synth({ brokerType: MskBrokerType.of('kafka.m9.huge') })).toThrow('brokerInstanceType: is not an MSK broker size, got "kafka.m9.huge"');
  });
  test('fails if brokers per zone is not a whole number ≥ 1', () => {
    expect(() => synth({ brokersPerAz: 0 })).toThrow('brokersPerAz: must be a whole number ≥ 1, got 0');
  });
  test('fails if the cluster would exceed 60 brokers', () => {
    expect(() => synth({ brokersPerAz: 21 })).toThrow('gives 63 brokers, more than the 60 an MSK KRaft cluster may have');
  });
  test('fails if a production cluster uses kafka.t3.small', () => {
    expect(() => synth({ brokerType: MskBrokerType.KAFKA_T3_SMALL })).toThrow('is the burstable kafka.t3.small in a production environment');
  });
  test('accepts kafka.t3.small outside production', () => {
    expect(() => synth({ brokerType: MskBrokerType.KAFKA_T3_SMALL, production: false })).not.toThrow();
  });
  test('fails if the storage autoscaling ceiling is below the volume', () => {
    expect(() => synth({ storagePerBroker: Size.gibibytes(500), maxStoragePerBroker: Size.gibibytes(100) }))
      .toThrow('maxStoragePerBrokerGiB: must be a whole number of GiB from storagePerBrokerGiB (500) to 16384, got 100');
  });
  test('fails if the cluster spans one zone', () => {
    expect(() => synth({}, 1)).toThrow('has 1 zone(s) but MSK brokers spread over 2 or 3');
  });
  test('a DESTROY removal policy reaches cluster, configuration, key and logs (dev)', () => {
    const { template } = synth({ removalPolicy: RemovalPolicy.DESTROY });
    for (const type of ['AWS::MSK::Cluster', 'AWS::MSK::Configuration', 'AWS::KMS::Key', 'AWS::Logs::LogGroup']) {
      template.hasResource(type, { DeletionPolicy: 'Delete' });
    }
  });
});
