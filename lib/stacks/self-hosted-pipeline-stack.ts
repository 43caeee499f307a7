import { Construct } from 'constructs';
import { Flavor } from '../flavor';
import { PipelineStack, PipelineStackProps } from './pipeline-stack';

/**
 * The self-hosted flavor: EKS, cert-manager, Flink Kubernetes Operator and Strimzi, with the pipeline's Kafka cluster,
 * topics and Flink jobs as Kubernetes objects, on the shared VPC and lakehouse.
 */
export class SelfHostedPipelineStack extends PipelineStack {
  constructor(scope: Construct, props: PipelineStackProps) {
    super(scope, Flavor.SELF_HOSTED, props);
  }
}
