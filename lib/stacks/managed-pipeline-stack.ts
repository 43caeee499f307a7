import { Construct } from 'constructs';
import { Flavor } from '../flavor';
import { PipelineStack, PipelineStackProps } from './pipeline-stack';

/**
 * The managed flavor: Amazon MSK with the pipeline's topics, and one Managed Service for Apache Flink application per
 * job, started by the deployment, on the shared VPC and lakehouse.
 */
export class ManagedPipelineStack extends PipelineStack {
  constructor(scope: Construct, props: PipelineStackProps) {
    super(scope, Flavor.MANAGED, props);
  }
}
