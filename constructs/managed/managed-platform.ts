import { RemovalPolicy, Size, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { PlatformPlan, platformNeedsTieredStorage } from '../../lib/plan/platform-plan';
import { throwIfProblems } from '../../lib/validation/validation-problem';
import { MskClusterBase } from './kafka/managed-kafka-cluster';
import { ProvisionedMskCluster } from './kafka/provisioned-msk-cluster';
import { ServerlessMskCluster } from './kafka/serverless-msk-cluster';
import { mskBrokerTypeOf, mskKafkaVersionOf, validateManagedPlatform } from './validation/managed-plan-rules';

/** Props of ManagedPlatform. */
export interface ManagedPlatformProps {
  /** The platform plan (Kafka settings and the sizing of every declared pipeline). */
  readonly platform: PlatformPlan;
  /** The platform VPC (brokers in its private subnets). */
  readonly vpc: ec2.IVpc;
}

/**
 * The managed platform of an environment: one MSK cluster of the environment's kind (provisioned, Express or
 * Serverless) sized for every pipeline declared for the platform. Managed Service for Apache Flink needs nothing
 * shared beyond the network: each pipeline brings its applications.
 */
export class ManagedPlatform extends Construct {
  public readonly kafka: MskClusterBase;

  constructor(scope: Construct, id: string, props: ManagedPlatformProps) {
    super(scope, id);
    const { platform } = props;
    throwIfProblems(`platform ${JSON.stringify(platform.names.prefix)} on the managed flavor`, validateManagedPlatform(platform));
    const removalPolicy = platform.environment.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const mode = platform.environment.managed.mskMode ?? 'provisioned';
    if (mode === 'serverless') {
      this.kafka = new ServerlessMskCluster(this, 'Kafka', { clusterName: platform.names.kafkaCluster, vpc: props.vpc, removalPolicy });
      return;
    }
    const sized = platform.sizing.kafka.managed;
    const { managed } = platform.environment;
    const brokerType = mskBrokerTypeOf(platform);
    this.kafka = new ProvisionedMskCluster(this, 'Kafka', {
      clusterName: platform.names.kafkaCluster,
      vpc: props.vpc,
      kafkaVersion: mskKafkaVersionOf(platform),
      brokerType,
      brokersPerAz: sized.brokersPerZone,
      storagePerBroker: brokerType.isExpress ? undefined : Size.gibibytes(sized.storagePerBrokerGiB),
      maxStoragePerBroker: managed.maxStoragePerBrokerGiB === undefined ? undefined : Size.gibibytes(managed.maxStoragePerBrokerGiB),
      serverProperties: platform.kafka.serverProperties,
      removalPolicy,
      production: platform.environment.production,
      tieredStorage: platformNeedsTieredStorage(platform),
    });
  }
}
