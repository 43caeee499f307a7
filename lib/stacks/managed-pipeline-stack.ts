import { Annotations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { JobArtifactJar, PrebuiltJar } from '../../constructs/common/job-artifact-jar';
import { PlatformParameter } from '../../constructs/common/platform-parameters';
import { ImportedMskCluster } from '../../constructs/managed/kafka/imported-msk-cluster';
import { ManagedPipeline } from '../../constructs/managed/managed-pipeline';
import { PipelineAlarms } from '../../constructs/managed/observability/pipeline-alarms';
import { pipelineSignals } from '../plan/pipeline-signals';
import { Flavor } from '../flavor';
import { PipelineStack, PipelineStackProps } from './pipeline-stack';

/** Props of ManagedPipelineStack. */
export interface ManagedPipelineStackProps extends PipelineStackProps {
  /**
   * A prebuilt runner jar instead of the deploy-time build from the plan's artifacts.
   * @default - built at deploy time (CodeBuild) from the plan's artifacts
   */
  readonly prebuiltJar?: PrebuiltJar;
}

/**
 * A pipeline on the environment's managed platform: its topics on the platform's MSK cluster (found by the platform's
 * name), the runner jar, and one Managed Service for Apache Flink application per job, started by the deployment.
 */
export class ManagedPipelineStack extends PipelineStack {
  /** The runner jar every application runs. */
  public readonly jobArtifact: JobArtifactJar;
  /** Topics and MSF applications. */
  public readonly pipeline: ManagedPipeline;

  constructor(scope: Construct, props: ManagedPipelineStackProps) {
    super(scope, Flavor.MANAGED, props);
    this.jobArtifact = new JobArtifactJar(this, 'JobArtifact', {
      artifacts: this.plan.artifacts,
      plan: this.plan,
      prebuilt: props.prebuiltJar,
      buildEncryptionKey: this.lakehouse.key,
      serverAccessLogsBucket: this.lakehouse.accessLogsBucket,
    });
    Annotations.of(this.jobArtifact.bucket).acknowledgeWarning('@aws-cdk/aws-s3:accessLogsPolicyNotAdded',
      'The platform\'s access-log bucket policy admits S3 server access logging from every bucket of the account.');
    const kafka = new ImportedMskCluster(this, 'Kafka', {
      clusterArn: this.platform.value(PlatformParameter.KAFKA_CLUSTER_ARN),
      clusterName: this.platformNames.kafkaCluster,
      bootstrapServers: this.platform.value(PlatformParameter.KAFKA_BOOTSTRAP_SERVERS),
      securityGroupId: this.platform.value(PlatformParameter.KAFKA_SECURITY_GROUP_ID),
      supportsTopicResources: (this.plan.environment.managed.mskMode ?? 'provisioned') !== 'serverless',
    });
    // The signals: alarms beside each job (same nested stack), one SNS topic and one dashboard for the pipeline.
    const alarms = new PipelineAlarms(this, 'Alarms', {
      names: this.plan.names, kafkaClusterName: this.platformNames.kafkaCluster, signals: pipelineSignals(this.plan), flinkVersion: this.plan.flinkVersion,
      encryptionKey: this.lakehouse.key, emails: this.plan.environment.managed.alarmEmails,
    });
    this.pipeline = new ManagedPipeline(this, 'Pipeline', {
      onJob: (job, app) => alarms.addJob(app, job.name, app.logGroup),
      plan: this.plan,
      kafka,
      vpc: this.vpc,
      lakehouse: this.lakehouse,
      jobCode: { bucket: this.jobArtifact.bucket, key: this.jobArtifact.key },
      resourcesPerStack: props.resourcesPerStack,
    });
    this.afterClaims(this.jobArtifact, kafka, alarms, this.pipeline);
    this.startAfterSchemas([...this.pipeline.applications.values()].map((a) => a.resource));
    this.addOutputs({
      bootstrapServers: kafka.connection.bootstrapServers,
      kafkaSecurity: 'SASL_SSL with AWS_MSK_IAM on port 9098',
      jobs: [...this.pipeline.applications.values()].map((a) => a.applicationName),
      jobsDescription: 'Managed Service for Apache Flink applications',
      producers: this.plan.producers.map((p) => `${p.name}=${p.roleArn ?? 'no role'}`),
      producersDescription: 'Producers and the IAM roles granted to write their topics',
    });
  }
}
