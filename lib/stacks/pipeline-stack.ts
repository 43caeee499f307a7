import { RemovalPolicy, Stack, StackProps, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { IcebergLakehouse } from '../../constructs/common/iceberg-lakehouse';
import { PipelineNetwork } from '../../constructs/common/pipeline-network';
import { Flavor } from '../flavor';
import { PipelinePlan } from '../plan/pipeline-plan';

/** Props of a flavor stack. */
export interface PipelineStackProps extends Omit<StackProps, 'env' | 'stackName'> {
  /** The resolved plan the stack renders. */
  readonly plan: PipelinePlan;
}

/**
 * What both flavor stacks share: environment, name, tags, the VPC and the Iceberg lakehouse, all from the plan.
 * Subclasses add only what their platform needs.
 */
export abstract class PipelineStack extends Stack {
  public readonly plan: PipelinePlan;
  public readonly flavor: Flavor;
  public readonly network: PipelineNetwork;
  public readonly lakehouse: IcebergLakehouse;

  protected constructor(scope: Construct, flavor: Flavor, props: PipelineStackProps) {
    const { plan } = props;
    const stackName = plan.names.stackName(flavor);
    super(scope, stackName, {
      ...props,
      stackName,
      env: { account: plan.environment.account, region: plan.environment.region },
      description: `Pipeline ${plan.pipelineName} (${plan.environment.name}): ${flavor.title}`,
      terminationProtection: props.terminationProtection ?? plan.environment.production,
    });
    this.plan = plan;
    this.flavor = flavor;
    Tags.of(this).add('pipeline', plan.pipelineName);
    Tags.of(this).add('environment', plan.environment.name);
    Tags.of(this).add('flavor', flavor.id);
    this.network = new PipelineNetwork(this, 'Network', {
      availabilityZones: plan.environment.availabilityZones,
      natGateways: plan.environment.natGateways,
      removalPolicy: this.dataRemovalPolicy,
    });
    this.lakehouse = new IcebergLakehouse(this, 'Lakehouse', { plan, flavor });
  }

  /** RETAIN for data-bearing resources unless the environment says `retainData: false`. */
  public get dataRemovalPolicy(): RemovalPolicy {
    return this.plan.environment.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
  }
}
