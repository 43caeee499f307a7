import {
  RemovalPolicy, Size, aws_ec2 as ec2, aws_kms as kms, aws_logs as logs, aws_msk as msk,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { GUARD_REASONS, GuardRule, acknowledgeGuardRules } from '../../common/guard-findings';
import { acknowledgeNonProductionRetention, allowLogGroupEncryption, auditLogRetention } from '../../common/log-group-encryption';
import { KafkaClientConnection } from '../../../lib/plan/connections';
import { throwIfProblems } from '../../../lib/validation/validation-problem';
import { validateProvisionedMsk } from '../validation/msk-cluster-rules';
import { MskClusterBase } from './managed-kafka-cluster';
import { MskBootstrapBrokers } from './msk-bootstrap-brokers';
import { MskBrokerType } from './msk-broker-type';
import { MSK_IAM_CLIENT_PROPERTIES, MSK_IAM_PORT } from './msk-iam-client-properties';
import { MskKafkaVersion } from './msk-kafka-version';
import { configurableServerProperties, renderServerProperties } from './msk-server-properties';
import { MskStorageAutoScaling } from './msk-storage-autoscaling';

/** Properties of {@link ProvisionedMskCluster}. */
export interface ProvisionedMskClusterProps {
  /** Cluster name (1–64 characters: letters, digits, `-`). */
  readonly clusterName: string;
  /** VPC of the brokers. */
  readonly vpc: ec2.IVpc;
  /**
   * Subnets of the brokers: one per availability zone, 2 or 3 zones (exactly 3 for Express brokers).
   * @default - the VPC's private subnets with egress, one per zone
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Kafka version (KRaft mode).
   * @default MskKafkaVersion.DEFAULT (3.9.x.kraft)
   */
  readonly kafkaVersion?: MskKafkaVersion;
  /** Broker size: Standard (`kafka.*`) or Express (`express.*`). */
  readonly brokerType: MskBrokerType;
  /** Brokers in each availability zone. */
  readonly brokersPerAz: number;
  /**
   * EBS volume of each Standard broker (ignored for Express brokers, whose storage MSK manages).
   * @default Size.gibibytes(100)
   */
  readonly storagePerBroker?: Size;
  /**
   * Ceiling of the storage autoscaling of Standard brokers.
   * @default - 4 × storagePerBroker, at most 16 TiB
   */
  readonly maxStoragePerBroker?: Size;
  /** Broker properties (`server.properties`) of the cluster configuration. */
  readonly serverProperties: Readonly<Record<string, string>>;
  /**
   * Key that encrypts the broker volumes at rest.
   * @default - a new customer-managed key with yearly rotation
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Retention of the broker logs in CloudWatch Logs.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the cluster, its key and its logs when removed from the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Whether the environment is production (burstable brokers are refused there).
   * @default true
   */
  readonly production?: boolean;
  /**
   * Run the cluster with MSK tiered storage (`StorageMode: TIERED`) so topics can keep closed segments beyond their
   * local retention (`remote.storage.enable`). Standard brokers only, not t3, Kafka 3.6 or later.
   * @default false (`StorageMode` left out: local EBS storage only)
   */
  readonly tieredStorage?: boolean;
}

/**
 * An MSK provisioned cluster (Standard or Express brokers) in KRaft mode: IAM authentication only, TLS between
 * clients and brokers and inside the cluster, volumes encrypted with KMS, broker logs in CloudWatch, a cluster
 * configuration with the plan's broker properties and, for Standard brokers, storage autoscaling.
 */
export class ProvisionedMskCluster extends MskClusterBase {
  public readonly clusterArn: string;
  public readonly clusterName: string;
  public readonly connection: KafkaClientConnection;
  public readonly connections: ec2.Connections;
  public readonly supportsTopicResources = true;
  /** The L1 cluster. */
  public readonly resource: msk.CfnCluster;
  /** The cluster configuration carrying the broker properties. */
  public readonly configuration: msk.CfnConfiguration;
  /** Broker log group. */
  public readonly logGroup: logs.ILogGroup;
  /** Key of the broker volumes. */
  public readonly encryptionKey: kms.IKey;
  /** Storage autoscaling of Standard brokers; undefined for Express brokers. */
  public readonly storageAutoScaling?: MskStorageAutoScaling;

  constructor(scope: Construct, id: string, props: ProvisionedMskClusterProps) {
    super(scope, id);
    const kafkaVersion = props.kafkaVersion ?? MskKafkaVersion.DEFAULT;
    const express = props.brokerType.isExpress;
    const subnets = props.vpc.selectSubnets(props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, onePerAz: true });
    const storage = express ? undefined : props.storagePerBroker ?? Size.gibibytes(100);
    throwIfProblems(`MSK cluster "${props.clusterName}"`, validateProvisionedMsk({
      path: `${this.node.path}`,
      kafkaVersion,
      brokerType: props.brokerType,
      brokersPerAz: props.brokersPerAz,
      availabilityZones: subnets.subnetIds.length,
      expressMode: express,
      production: props.production ?? true,
      storagePerBrokerGiB: express ? props.storagePerBroker?.toGibibytes() : storage?.toGibibytes(),
      maxStoragePerBrokerGiB: props.maxStoragePerBroker?.toGibibytes(),
      serverProperties: props.serverProperties,
      tieredStorage: props.tieredStorage,
    }));
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.clusterName = props.clusterName;

    this.encryptionKey = props.encryptionKey ?? new kms.Key(this, 'Key', {
      description: `Encrypts the broker volumes of MSK cluster ${props.clusterName}`,
      enableKeyRotation: true,
      removalPolicy,
    });
    if (this.encryptionKey instanceof kms.Key) {
      allowLogGroupEncryption(this.encryptionKey);
      acknowledgeGuardRules(this.encryptionKey, GUARD_REASONS.keyPolicyRoot, [GuardRule.KMS_GRANT_FOR_AWS_SERVICES]);
    }
    const logGroup = new logs.LogGroup(this, 'BrokerLogs', {
      retention: props.logRetention ?? auditLogRetention(props.production ?? true),
      encryptionKey: this.encryptionKey instanceof kms.Key ? this.encryptionKey : undefined,
      removalPolicy,
    });
    this.logGroup = logGroup;
    acknowledgeNonProductionRetention(logGroup, props.logRetention ?? auditLogRetention(props.production ?? true));

    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Brokers of MSK cluster ${props.clusterName}: IAM/TLS listener only`,
      allowAllOutbound: false,
    });
    this.connections = new ec2.Connections({ securityGroups: [securityGroup], defaultPort: ec2.Port.tcp(MSK_IAM_PORT) });

    this.configuration = new msk.CfnConfiguration(this, 'Configuration', {
      name: `${props.clusterName}-brokers`,
      description: `Broker properties of ${props.clusterName}, from the pipeline plan`,
      serverProperties: renderServerProperties(configurableServerProperties(props.serverProperties, express)),
    });
    this.configuration.applyRemovalPolicy(removalPolicy);

    this.resource = new msk.CfnCluster(this, 'Resource', {
      clusterName: props.clusterName,
      kafkaVersion: kafkaVersion.version,
      numberOfBrokerNodes: props.brokersPerAz * subnets.subnetIds.length,
      brokerNodeGroupInfo: {
        instanceType: props.brokerType.instanceType,
        clientSubnets: subnets.subnetIds,
        securityGroups: [securityGroup.securityGroupId],
        storageInfo: storage ? { ebsStorageInfo: { volumeSize: storage.toGibibytes() } } : undefined,
      },
      clientAuthentication: { sasl: { iam: { enabled: true } }, unauthenticated: { enabled: false } },
      encryptionInfo: {
        encryptionAtRest: { dataVolumeKmsKeyId: this.encryptionKey.keyArn },
        encryptionInTransit: { clientBroker: 'TLS', inCluster: true },
      },
      configurationInfo: { arn: this.configuration.attrArn, revision: this.configuration.attrLatestRevisionRevision },
      loggingInfo: { brokerLogs: { cloudWatchLogs: { enabled: true, logGroup: logGroup.logGroupName } } },
      enhancedMonitoring: 'PER_TOPIC_PER_BROKER',
      storageMode: props.tieredStorage === true ? 'TIERED' : undefined,
    });
    this.resource.applyRemovalPolicy(removalPolicy);
    this.clusterArn = this.resource.attrArn;

    if (storage) {
      this.storageAutoScaling = new MskStorageAutoScaling(this, 'StorageAutoScaling', {
        clusterArn: this.clusterArn,
        storagePerBroker: storage,
        maxStoragePerBroker: props.maxStoragePerBroker,
      });
    }

    const bootstrap = new MskBootstrapBrokers(this, 'BootstrapBrokers', {
      clusterArn: this.clusterArn,
      // Brokers added or the cluster otherwise updated: the broker string changes with it.
      clusterVersion: this.resource.attrCurrentVersion,
      logEncryptionKey: this.encryptionKey instanceof kms.Key ? this.encryptionKey : undefined,
      logRetention: props.logRetention ?? auditLogRetention(props.production ?? true),
    });
    this.connection = { bootstrapServers: bootstrap.saslIam, properties: MSK_IAM_CLIENT_PROPERTIES };
  }
}
