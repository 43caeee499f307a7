import { RemovalPolicy, Size, aws_ec2 as ec2, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct, IDependable } from 'constructs';
import { JobMode } from '../../lib/definition/job-options';
import { JobPlan, PipelinePlan } from '../../lib/plan/pipeline-plan';
import { SqlSettingsPlacement, jobSqlSettings } from '../../lib/sql/job-sql-settings';
import { renderJobSql } from '../../lib/sql/render-job-sql';
import { throwIfProblems } from '../../lib/validation/validation-problem';
import { IcebergLakehouse } from '../common/iceberg-lakehouse';
import { BatchRunSchedule, batchRunCron } from './flink/batch-run-schedule';
import { ManagedFlinkApplication } from './flink/managed-flink-application';
import { PropertyGroups, SETTINGS_PROPERTY_GROUP, sqlPropertyGroups } from './flink/msf-property-groups';
import { IManagedKafkaCluster } from './kafka/managed-kafka-cluster';
import { EXPRESS_FIXED_SERVER_PROPERTIES } from './kafka/msk-server-properties';
import { ProvisionedMskCluster } from './kafka/provisioned-msk-cluster';
import { ServerlessMskCluster } from './kafka/serverless-msk-cluster';
import { MskTopics } from './topics/msk-topics';
import { ServerlessMskTopics } from './topics/serverless-msk-topics';
import { batchRunWindow, mskBrokerTypeOf, mskKafkaVersionOf, validateManagedPlan } from './validation/managed-plan-rules';

/** The job jar in S3 (the SQL runner built from the resolved artifacts, or a prebuilt jar). */
export interface JobCode {
  readonly bucket: s3.IBucket;
  readonly key: string;
}

/** Properties of {@link ManagedPipeline}. */
export interface ManagedPipelineProps {
  /** The resolved plan. */
  readonly plan: PipelinePlan;
  /** The pipeline VPC (brokers and application ENIs in its private subnets). */
  readonly vpc: ec2.IVpc;
  /** The lakehouse the jobs write. */
  readonly lakehouse: IcebergLakehouse;
  /** The job jar every application runs. */
  readonly jobCode: JobCode;
}

/**
 * The managed flavor of a plan: an MSK cluster of the environment's kind with the plan's topics, and one Managed
 * Service for Apache Flink application per job running the job's generated SQL — streaming jobs started by the
 * deployment, batch jobs run on their schedule — each with least-privilege access to its topics, group and tables.
 */
export class ManagedPipeline extends Construct {
  public readonly kafka: IManagedKafkaCluster;
  /** Construct that holds the topics (an `AWS::MSK::Topic` each, or the Serverless topic resource). */
  public readonly topics: IDependable;
  /** Applications by job name. */
  public readonly applications: ReadonlyMap<string, ManagedFlinkApplication>;

  constructor(scope: Construct, id: string, props: ManagedPipelineProps) {
    super(scope, id);
    const { plan } = props;
    throwIfProblems(`pipeline ${JSON.stringify(plan.pipelineName)} on the managed flavor`, validateManagedPlan(plan));
    const removalPolicy = plan.environment.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const mode = plan.environment.managed.mskMode ?? 'provisioned';

    if (mode === 'serverless') {
      const cluster = new ServerlessMskCluster(this, 'Kafka', { clusterName: plan.names.kafkaCluster, vpc: props.vpc, removalPolicy });
      this.kafka = cluster;
      this.topics = new ServerlessMskTopics(this, 'Topics', { cluster, vpc: props.vpc, topics: plan.topics, removalPolicy });
    } else {
      const sized = plan.sizing.kafka.managed;
      const brokerType = mskBrokerTypeOf(plan);
      const cluster = new ProvisionedMskCluster(this, 'Kafka', {
        clusterName: plan.names.kafkaCluster,
        vpc: props.vpc,
        kafkaVersion: mskKafkaVersionOf(plan),
        brokerType,
        brokersPerAz: sized.brokersPerZone,
        storagePerBroker: brokerType.isExpress ? undefined : Size.gibibytes(sized.storagePerBrokerGiB),
        maxStoragePerBroker: plan.environment.managed.maxStoragePerBrokerGiB === undefined ? undefined : Size.gibibytes(plan.environment.managed.maxStoragePerBrokerGiB),
        serverProperties: plan.kafka.serverProperties,
        removalPolicy,
        production: plan.environment.production,
      });
      this.kafka = cluster;
      this.topics = new MskTopics(this, 'Topics', {
        cluster,
        topics: plan.topics,
        removalPolicy,
        fixedConfigs: brokerType.isExpress ? Object.keys(EXPRESS_FIXED_SERVER_PROPERTIES) : [],
      });
    }

    const applications = new Map<string, ManagedFlinkApplication>();
    for (const job of plan.jobs) applications.set(job.name, this.addJob(job, props, removalPolicy));
    this.applications = applications;
  }

  private addJob(job: JobPlan, props: ManagedPipelineProps, removalPolicy: RemovalPolicy): ManagedFlinkApplication {
    const { plan } = props;
    const managed = plan.artifacts.managed;
    if (managed === undefined) throw new Error(`the plan of ${plan.pipelineName} was not resolved for the managed flavor`);
    const settingsInScript = managed.allowsSetStatements;
    const sql = renderJobSql(plan, job, this.kafka.connection, props.lakehouse.connection, {
      settings: settingsInScript ? SqlSettingsPlacement.SET_STATEMENTS : SqlSettingsPlacement.RUNNER_CONFIGURATION,
    });
    const propertyGroups: PropertyGroups = {
      ...sqlPropertyGroups(sql),
      ...(settingsInScript ? {} : { [SETTINGS_PROPERTY_GROUP]: jobSqlSettings(job) }),
    };
    const sizing = plan.sizing.jobs.find((j) => j.job === job.name);
    if (sizing === undefined) throw new Error(`the plan has no sizing for job ${job.name}`);
    const streaming = job.mode === JobMode.STREAMING;
    const applicationName = `${plan.names.prefix}-${job.name}`;
    const app = new ManagedFlinkApplication(this, `Job-${job.name}`, {
      applicationName,
      description: `Job ${job.name} (${job.mode.value}) of pipeline ${plan.pipelineName} (${plan.environment.name})`,
      runtimeEnvironment: managed.runtimeEnvironment,
      code: props.jobCode,
      propertyGroups,
      parallelism: job.parallelism.initial,
      parallelismPerKpu: sizing.managed.parallelismPerKpu,
      autoScaling: streaming && job.costControl.mode === 'autoscaled',
      checkpointing: streaming && job.checkpointing.enabled
        ? { interval: job.checkpointing.interval, minPause: job.checkpointing.minPause }
        : undefined,
      snapshots: streaming,
      restoreState: job.upgradeMode !== 'stateless',
      vpc: props.vpc,
      startOnDeploy: streaming,
      removalPolicy,
    });
    app.connections.allowToDefaultPort(this.kafka, 'Kafka (MSK IAM over TLS)');
    this.kafka.grantConsume(app, job.sources, job.consumerGroupId);
    props.lakehouse.grantTablesReadWrite(app, job.sinks);
    // Topics must exist before a job starts reading them.
    if (app.starter) app.starter.node.addDependency(this.topics);
    if (!streaming && job.schedule !== undefined) {
      const cron = batchRunCron(job.schedule.expression, batchRunWindow(job.costControl.hoursPerDay), `jobs.${job.name}.schedule`);
      if ('start' in cron) {
        const schedule = new BatchRunSchedule(app, 'Schedule', { applicationName, applicationArn: app.applicationArn, cron });
        schedule.node.addDependency(app.resource, this.topics);
      }
    }
    return app;
  }
}
