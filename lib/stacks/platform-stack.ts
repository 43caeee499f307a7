import { CfnOutput, RemovalPolicy, Stack, StackProps, aws_ec2 as ec2 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { LakehouseStorage } from '../../constructs/common/lakehouse-storage';
import { PipelineNetwork } from '../../constructs/common/pipeline-network';
import { PlatformParameter, PlatformParameters } from '../../constructs/common/platform-parameters';
import { Flavor } from '../flavor';
import { environmentStackProps, environmentZones, tagStack } from './environment-stack';
import { PlatformPlan } from '../plan/platform-plan';

/** Props of a platform stack. */
export interface PlatformStackProps extends Omit<StackProps, 'env' | 'stackName'> {
  /** The resolved platform plan. */
  readonly platform: PlatformPlan;
  /**
   * Stack name.
   * @default - `<platform>-<env>-<flavor>`
   */
  readonly stackName?: string;
  /**
   * An existing VPC with private subnets (with egress) in the environment's availability zones.
   * @default - a new VPC (PipelineNetwork)
   */
  readonly vpc?: ec2.IVpc;
}

/**
 * What both flavors' platform stacks share: environment, name, tags, the network (a new VPC or the given one), the
 * lakehouse storage, and the SSM parameters through which pipelines find all of it by the platform's name.
 */
export abstract class PlatformStack extends Stack {
  public readonly platform: PlatformPlan;
  public readonly flavor: Flavor;
  /** The VPC the platform created, if it created one. */
  public readonly network?: PipelineNetwork;
  public readonly vpc: ec2.IVpc;
  public readonly storage: LakehouseStorage;
  /** The values published for pipelines. */
  public readonly parameters: PlatformParameters;

  protected constructor(scope: Construct, flavor: Flavor, props: PlatformStackProps) {
    const { platform } = props;
    const stackProps = environmentStackProps({
      props,
      environment: platform.environment,
      defaultStackName: platform.names.stackName(flavor),
      description: `Platform ${platform.names.prefix}: ${flavor.title}, hosting ${platform.pipelines.map((p) => p.name).join(', ') || 'no pipeline yet'}`,
    });
    super(scope, stackProps.stackName, stackProps);
    const stackName = stackProps.stackName;
    this.platform = platform;
    this.flavor = flavor;
    tagStack(this, { platform: platform.platformName, environment: platform.environment.name, flavor: flavor.id });
    if (props.vpc !== undefined) {
      this.vpc = props.vpc;
    } else {
      this.network = new PipelineNetwork(this, 'Network', {
        availabilityZones: platform.environment.availabilityZones,
        natGateways: platform.environment.natGateways,
        removalPolicy: this.dataRemovalPolicy,
        production: platform.environment.production,
      });
      this.vpc = this.network.vpc;
    }
    this.storage = new LakehouseStorage(this, 'Lakehouse', { ownerName: stackName, retainData: platform.environment.retainData });
    this.parameters = new PlatformParameters(this, 'Parameters', { names: platform.names, flavor });
    const subnets = this.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, onePerAz: true });
    this.parameters.publish(PlatformParameter.VPC_ID, this.vpc.vpcId);
    this.parameters.publish(PlatformParameter.PRIVATE_SUBNET_IDS, subnets.subnetIds.join(','));
    this.parameters.publish(PlatformParameter.LAKEHOUSE_KEY_ARN, this.storage.key.keyArn);
    this.parameters.publish(PlatformParameter.WAREHOUSE_BUCKET, this.storage.warehouseBucket.bucketName);
    this.parameters.publish(PlatformParameter.CHECKPOINT_BUCKET, this.storage.checkpointBucket.bucketName);
    this.parameters.publish(PlatformParameter.ACCESS_LOGS_BUCKET, this.storage.accessLogsBucket.bucketName);
    new CfnOutput(this, 'ParameterPath', { value: platform.names.parameterName(flavor, ''), description: 'SSM path of the values pipelines read to find this platform' });
    new CfnOutput(this, 'KafkaCluster', { value: platform.names.kafkaCluster, description: 'Name of the Kafka cluster' });
  }

  /** The environment's availability zones: no context lookup, so synthesis needs no `cdk.context.json`. */
  public get availabilityZones(): string[] {
    const environment = (this.platform as PlatformPlan | undefined)?.environment; // unset while Stack's constructor runs
    return environment !== undefined ? environmentZones(this, environment.availabilityZones) : super.availabilityZones;
  }

  /** RETAIN for data-bearing resources unless the environment says `retainData: false`. */
  public get dataRemovalPolicy(): RemovalPolicy {
    return this.platform.environment.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
  }
}
