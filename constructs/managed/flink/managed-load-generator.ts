import { RemovalPolicy, aws_ec2 as ec2, aws_kms as kms, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { LoadGeneratorPlan } from '../../../lib/plan/load-generator-plan';
import { managedApplicationName } from '../../../lib/plan/plan-names';
import { PipelinePlan } from '../../../lib/plan/pipeline-plan';
import { SqlSettingsPlacement, jobSqlSettings } from '../../../lib/sql/job-sql-settings';
import { renderLoadGeneratorSql } from '../../../lib/sql/load-generator-sql';
import { grantSchemaRegister } from '../../common/glue-schema-registry';
import { IManagedKafkaCluster } from '../kafka/managed-kafka-cluster';
import { ManagedFlinkApplication } from './managed-flink-application';
import { PropertyGroups, SETTINGS_PROPERTY_GROUP, sqlPropertyGroups } from './msf-property-groups';

/** Properties of {@link ManagedLoadGenerator}. */
export interface ManagedLoadGeneratorProps {
  readonly plan: PipelinePlan;
  readonly generator: LoadGeneratorPlan;
  readonly kafka: IManagedKafkaCluster;
  readonly vpc: ec2.IVpc;
  /** The job jar (the same SQL runner as the pipeline's jobs). */
  readonly code: { readonly bucket: s3.IBucket; readonly key: string };
  readonly removalPolicy: RemovalPolicy;
  /**
   * KMS key of the application's log group.
   * @default - CloudWatch Logs' own encryption
   */
  readonly logEncryptionKey?: kms.IKey;
}

/**
 * The pipeline's load generator on Managed Service for Apache Flink: an application running the generator's SQL
 * through the same runner jar, created but NOT started (no starter: `READY`, no KPUs billed) until
 * `pipelines verify --load` starts it without a snapshot; no checkpoints or snapshots (its rows are random, it has no
 * state). Its role may produce to its topics only (MSK IAM) and read their Avro-Glue schemas.
 */
export class ManagedLoadGenerator extends Construct {
  public readonly application: ManagedFlinkApplication;

  constructor(scope: Construct, id: string, props: ManagedLoadGeneratorProps) {
    super(scope, id);
    const { plan, generator } = props;
    const managed = plan.artifacts.managed;
    if (managed === undefined) throw new Error(`the plan of ${plan.pipelineName} was not resolved for the managed flavor`);
    const settingsInScript = managed.allowsSetStatements;
    const sql = renderLoadGeneratorSql(plan, generator, props.kafka.connection, {
      settings: settingsInScript ? SqlSettingsPlacement.SET_STATEMENTS : SqlSettingsPlacement.RUNNER_CONFIGURATION,
    });
    const propertyGroups: PropertyGroups = {
      ...sqlPropertyGroups(sql),
      ...(settingsInScript ? {} : { [SETTINGS_PROPERTY_GROUP]: jobSqlSettings(generator.job) }),
    };
    const topics = generator.topics.map((t) => t.topic);
    this.application = new ManagedFlinkApplication(this, 'Application', {
      applicationName: managedApplicationName(plan.names, generator.job.name),
      description: `Load generator of pipeline ${plan.pipelineName} (${plan.environment.name}): ${generator.mbPerSecond} MB/s to ${topics.join(', ')}; started by pipelines verify --load`,
      runtimeEnvironment: managed.runtimeEnvironment,
      code: props.code,
      propertyGroups,
      parallelism: generator.job.parallelism.initial,
      parallelismPerKpu: generator.sizing.managed.parallelismPerKpu,
      autoScaling: false,
      checkpointing: undefined,
      snapshots: false,
      restoreState: false,
      vpc: props.vpc,
      startOnDeploy: false,
      removalPolicy: props.removalPolicy,
      logEncryptionKey: props.logEncryptionKey,
    });
    this.application.connections.allowToDefaultPort(props.kafka, 'Kafka (MSK IAM over TLS)');
    props.kafka.grantProduce(this.application, topics);
    grantSchemaRegister(this.application, plan, topics);
  }
}
