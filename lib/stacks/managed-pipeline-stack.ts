import { Construct } from 'constructs';
import { JobArtifactJar } from '../../constructs/common/job-artifact-jar';
import { ManagedPipeline } from '../../constructs/managed/managed-pipeline';
import { Flavor } from '../flavor';
import { PipelineStack, PipelineStackProps } from './pipeline-stack';

/**
 * The managed flavor: Amazon MSK with the pipeline's topics, and one Managed Service for Apache Flink application per
 * job, started by the deployment, on the shared VPC and lakehouse.
 */
export class ManagedPipelineStack extends PipelineStack {
  /** The runner jar every application runs. */
  public readonly jobArtifact: JobArtifactJar;
  /** MSK, topics and MSF applications. */
  public readonly pipeline: ManagedPipeline;

  constructor(scope: Construct, props: PipelineStackProps) {
    super(scope, Flavor.MANAGED, props);
    this.jobArtifact = new JobArtifactJar(this, 'JobArtifact', {
      artifacts: this.plan.artifacts,
      plan: this.plan,
      buildEncryptionKey: this.lakehouse.key,
      serverAccessLogsBucket: this.lakehouse.accessLogsBucket,
    });
    this.pipeline = new ManagedPipeline(this, 'Pipeline', {
      plan: this.plan,
      vpc: this.network.vpc,
      lakehouse: this.lakehouse,
      jobCode: { bucket: this.jobArtifact.bucket, key: this.jobArtifact.key },
    });
  }
}
