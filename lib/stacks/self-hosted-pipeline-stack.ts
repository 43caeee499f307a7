import { Construct } from 'constructs';
import { SelfHostedPipeline } from '../../constructs/self-hosted/self-hosted-pipeline';
import { Flavor } from '../flavor';
import { PipelineStack, PipelineStackProps } from './pipeline-stack';

/**
 * The self-hosted flavor: EKS, cert-manager, Flink Kubernetes Operator and Strimzi, with the pipeline's Kafka cluster,
 * topics and Flink jobs as Kubernetes objects, on the shared VPC and lakehouse.
 */
export class SelfHostedPipelineStack extends PipelineStack {
  public readonly pipeline: SelfHostedPipeline;

  constructor(scope: Construct, props: PipelineStackProps) {
    super(scope, Flavor.SELF_HOSTED, props);
    this.pipeline = new SelfHostedPipeline(this, 'SelfHosted', { plan: this.plan, vpc: this.network.vpc, lakehouse: this.lakehouse });
  }
}
