import { RemovalPolicy, aws_ec2 as ec2, aws_iam as iam, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct, DependencyGroup, IDependable } from 'constructs';
import { JobMode } from '../../lib/definition/job-options';
import { JobPlan, PipelinePlan, ProducerPlan } from '../../lib/plan/pipeline-plan';
import { SqlSettingsPlacement, jobSqlSettings } from '../../lib/sql/job-sql-settings';
import { renderJobSql } from '../../lib/sql/render-job-sql';
import { throwIfProblems } from '../../lib/validation/validation-problem';
import { IcebergLakehouse } from '../common/iceberg-lakehouse';
import { grantSchemaRead, grantSchemaRegister } from '../common/glue-schema-registry';
import { LOAD_GENERATOR_UNIT, ResourceShards } from '../common/resource-shards';
import { ownedTopics } from '../../lib/plan/resolve-topics';
import { managedApplicationName } from '../../lib/plan/plan-names';
import { BatchRunSchedule, batchRunCron } from './flink/batch-run-schedule';
import { ManagedFlinkApplication } from './flink/managed-flink-application';
import { ManagedLoadGenerator } from './flink/managed-load-generator';
import { PropertyGroups, SETTINGS_PROPERTY_GROUP, sqlPropertyGroups } from './flink/msf-property-groups';
import { IManagedKafkaCluster } from './kafka/managed-kafka-cluster';
import { EXPRESS_FIXED_SERVER_PROPERTIES } from './kafka/msk-server-properties';
import { MskTopics } from './topics/msk-topics';
import { ServerlessMskTopics } from './topics/serverless-msk-topics';
import { batchRunWindow, validateManagedPlan } from './validation/managed-plan-rules';

/** The job jar in S3 (the SQL runner built from the resolved artifacts, or a prebuilt jar). */
export interface JobCode {
  readonly bucket: s3.IBucket;
  readonly key: string;
}

/** Properties of {@link ManagedPipeline}. */
export interface ManagedPipelineProps {
  /** The resolved plan. */
  readonly plan: PipelinePlan;
  /** The platform's MSK cluster (imported by name, or the platform's own construct). */
  readonly kafka: IManagedKafkaCluster;
  /** The platform VPC (application ENIs in its private subnets). */
  readonly vpc: ec2.IVpc;
  /** The pipeline's Glue catalog and grants on the platform's lakehouse storage. */
  readonly lakehouse: IcebergLakehouse;
  /** The job jar every application runs. */
  readonly jobCode: JobCode;
  /**
   * Resources one stack may hold before further jobs go into nested stacks.
   * @default 250
   */
  readonly resourcesPerStack?: number;
  /**
   * Adds what belongs beside each job (e.g. its alarms) in the job's scope, so the job's shard counts it.
   * @default - nothing
   */
  readonly onJob?: (job: JobPlan, application: ManagedFlinkApplication) => void;
}

/**
 * A pipeline on a managed platform: its topics on the platform's MSK cluster, and one Managed Service for Apache
 * Flink application per job running the job's generated SQL — streaming jobs started by the deployment, batch jobs
 * run on their schedule — each with least-privilege access to its topics, group and tables. Jobs spill into nested
 * stacks when one stack would pass CloudFormation's limits.
 */
export class ManagedPipeline extends Construct {
  public readonly kafka: IManagedKafkaCluster;
  /** Every topic resource (an `AWS::MSK::Topic` each, or the Serverless topic resource). */
  public readonly topics: IDependable;
  private readonly topicResources = new Map<string, IDependable>();
  /** Applications by job name. */
  public readonly applications: ReadonlyMap<string, ManagedFlinkApplication>;
  /** The load generator's application (not started by the deployment), if the definition declares one. */
  public readonly loadGenerator?: ManagedLoadGenerator;
  private readonly plan: PipelinePlan;

  constructor(scope: Construct, id: string, props: ManagedPipelineProps) {
    super(scope, id);
    const { plan } = props;
    throwIfProblems(`pipeline ${JSON.stringify(plan.pipelineName)} on the managed flavor`, validateManagedPlan(plan));
    const removalPolicy = plan.environment.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const mode = plan.environment.managed.mskMode ?? 'provisioned';
    this.kafka = props.kafka;
    this.plan = plan;
    const topics = ownedTopics(plan.topics);
    const allTopics = new DependencyGroup();
    if (props.kafka.supportsTopicResources) {
      // One AWS::MSK::Topic each, under `Topics` in whichever part (this stack or a nested one) the topic is placed:
      // its logical id depends on its name and its part only, never on the topics around it.
      const shards = new ResourceShards({
        scope: this, id: 'TopicPart', budget: props.resourcesPerStack,
        createShard: (shardScope) => {
          const created = new MskTopics(shardScope, 'Topics', {
            cluster: props.kafka, topics: [], removalPolicy, fixedConfigs: mode === 'express' ? Object.keys(EXPRESS_FIXED_SERVER_PROPERTIES) : [],
          });
          allTopics.add(created);
          return created;
        },
      });
      shards.addAll(topics.map((topic) => ({ key: topic.name, build: (shard) => { this.topicResources.set(topic.name, shard.addTopic(topic)); } })));
    } else {
      const created = new ServerlessMskTopics(this, 'Topics', { cluster: props.kafka, vpc: props.vpc, topics, removalPolicy, logEncryptionKey: props.lakehouse.key });
      for (const topic of topics) this.topicResources.set(topic.name, created);
      allTopics.add(created);
    }
    this.topics = allTopics;

    const applications = new Map<string, ManagedFlinkApplication>();
    const shards = new ResourceShards({ scope: this, id: 'JobPart', budget: props.resourcesPerStack, createShard: (shardScope) => shardScope });
    const generator = plan.loadGenerator;
    let loadGenerator: ManagedLoadGenerator | undefined;
    shards.addAll([
      ...plan.jobs.map((job) => ({ key: job.name, build: (shardScope: Construct) => { applications.set(job.name, this.addJob(shardScope, job, props, removalPolicy)); } })),
      ...(generator === undefined ? [] : [{
        key: LOAD_GENERATOR_UNIT,
        build: (shardScope: Construct) => {
          loadGenerator = new ManagedLoadGenerator(shardScope, 'LoadGenerator', {
            plan, generator, kafka: props.kafka, vpc: props.vpc, code: props.jobCode, removalPolicy, logEncryptionKey: props.lakehouse.key,
          });
        },
      }]),
    ]);
    this.applications = applications;
    this.loadGenerator = loadGenerator;
    for (const producer of plan.producers) this.admitProducer(producer);
  }

  /**
   * Lets a producer write its topics: the produce grant (connect, idempotent writes, its topics only) on its own role,
   * and ingress on the brokers' listener from its security groups and CIDRs. The rules and the policy belong to this
   * pipeline's stack, so they go with it.
   */
  private admitProducer(producer: ProducerPlan): void {
    const id = `Producer-${producer.name}`;
    if (producer.roleArn !== undefined) {
      const role = iam.Role.fromRoleArn(this, `${id}-Role`, producer.roleArn);
      this.kafka.grantProduce(role, producer.topics);
      grantSchemaRegister(role, this.plan, producer.topics);
    }
    const description = `Producer ${producer.name} (MSK IAM over TLS)`;
    for (const sg of producer.securityGroupIds) this.kafka.connections.allowDefaultPortFrom(ec2.Peer.securityGroupId(sg), description);
    for (const cidr of producer.cidrs) this.kafka.connections.allowDefaultPortFrom(ec2.Peer.ipv4(cidr), description);
  }

  private addJob(scope: Construct, job: JobPlan, props: ManagedPipelineProps, removalPolicy: RemovalPolicy): ManagedFlinkApplication {
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
    const streaming = job.mode.value === JobMode.STREAMING.value;
    const applicationName = managedApplicationName(plan.names, job.name);
    const app = new ManagedFlinkApplication(scope, `Job-${job.name}`, {
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
      logEncryptionKey: props.lakehouse.key,
    });
    app.connections.allowToDefaultPort(this.kafka, 'Kafka (MSK IAM over TLS)');
    this.kafka.grantConsume(app, job.sources, job.consumerGroupId);
    grantSchemaRead(app, plan, job.sources);
    props.lakehouse.grantTablesReadWrite(app, job.sinks);
    // Topics must exist before a job starts reading them.
    // A job starts after its own topics and tables exist (not after every topic of the pipeline).
    const ready = [
      ...job.sources.flatMap((t) => this.topicResources.get(t) ?? []),
      ...job.sinks.map((t) => props.lakehouse.tableReady(t)),
    ];
    if (app.starter) app.starter.node.addDependency(...ready);
    // An application update restarts the job, which must find its tables' evolved schema.
    app.resource.node.addDependency(...job.sinks.flatMap((t) => props.lakehouse.schemaEvolution(t) ?? []));
    if (!streaming && job.schedule !== undefined) {
      const cron = batchRunCron(job.schedule.expression, batchRunWindow(job.costControl.hoursPerDay), `jobs.${job.name}.schedule`);
      if ('start' in cron) {
        const schedule = new BatchRunSchedule(app, 'Schedule', {
          applicationName, applicationArn: app.applicationArn, cron, logGroup: app.logGroup, logEncryptionKey: props.lakehouse.key,
        });
        schedule.node.addDependency(app.resource, ...ready);
      }
    }
    props.onJob?.(job, app);
    return app;
  }
}
