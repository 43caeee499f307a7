import { Annotations, CfnOutput, RemovalPolicy, Stack, StackProps, aws_ec2 as ec2, aws_kms as kms, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { IcebergLakehouse } from '../../constructs/common/iceberg-lakehouse';
import { GlueSchemaRegistry } from '../../constructs/common/glue-schema-registry';
import { PartPlacement } from '../../constructs/common/part-placement';
import { ResourceShards } from '../../constructs/common/resource-shards';
import { listOutputs } from '../../constructs/common/list-outputs';
import { ClaimKind, PipelineClaims } from '../../constructs/common/pipeline-claims';
import { planPrincipals } from '../plan/kafka-principals';
import { glueDatabaseName } from '../plan/plan-names';
import { lockedTableKey } from '../plan/schema-lock';
import { ownedTopics } from '../plan/resolve-topics';
import { ILakehouseStorage } from '../../constructs/common/lakehouse-storage';
import { PlatformLookup, PlatformParameter } from '../../constructs/common/platform-parameters';
import { Flavor } from '../flavor';
import { environmentStackProps, environmentZones, tagStack } from './environment-stack';
import { PipelinePlan } from '../plan/pipeline-plan';
import { platformNames } from '../plan/platform-names';
import { PlatformNames } from '../plan/platform-plan';

/** The flavor-specific values of a pipeline stack's outputs. */
export interface PipelineOutputValues {
  readonly bootstrapServers: string;
  /** How clients authenticate, e.g. `SASL_SSL with AWS_MSK_IAM`. */
  readonly kafkaSecurity: string;
  /** Where clients find the CA (self-hosted). */
  readonly kafkaCa?: string;
  readonly jobs: string[];
  readonly jobsDescription: string;
  readonly producers: string[];
  readonly producersDescription: string;
}

/** Props of a pipeline stack. */
export interface PipelineStackProps extends Omit<StackProps, 'env' | 'stackName'> {
  /** The resolved plan the stack renders. */
  readonly plan: PipelinePlan;
  /**
   * Stack name.
   * @default - `<pipeline>-<env>-<flavor>`
   */
  readonly stackName?: string;
  /**
   * Resources one stack may hold before further jobs go into nested stacks (CloudFormation allows 500).
   * @default 250
   */
  readonly resourcesPerStack?: number;
}

/**
 * What both flavors' pipeline stacks share: environment, name, tags, the platform found by name (its VPC and
 * lakehouse storage, read from the SSM parameters it publishes at deploy time, never CloudFormation exports), and the
 * pipeline's Glue catalog. Deployable, updatable and deletable without touching the platform or other pipelines.
 */
export abstract class PipelineStack extends Stack {
  public readonly plan: PipelinePlan;
  public readonly flavor: Flavor;
  /** Names of the platform the pipeline targets (the environment's `platform.name`). */
  public readonly platformNames: PlatformNames;
  /** Reads what the platform published. */
  public readonly platform: PlatformLookup;
  private importedVpc?: ec2.IVpc;
  /** The pipeline's Glue databases and tables on the platform's lakehouse storage. */
  public readonly lakehouse: IcebergLakehouse;
  /** The pipeline's Glue Schema Registry and its Avro schemas (only with `RecordFormat.AVRO_GLUE` topics). */
  public readonly schemaRegistry?: GlueSchemaRegistry;
  /** The names the pipeline claims on the platform and the grants it publishes and needs (see PipelineClaims). */
  public readonly claims: PipelineClaims;

  protected constructor(scope: Construct, flavor: Flavor, props: PipelineStackProps) {
    const { plan } = props;
    const stackProps = environmentStackProps({
      props,
      environment: plan.environment,
      defaultStackName: plan.names.stackName(flavor),
      description: `Pipeline ${plan.pipelineName} (${plan.environment.name}) on platform ${platformNames(plan.environment).stackName(flavor)}: ${flavor.title}`,
    });
    super(scope, stackProps.stackName, stackProps);
    this.plan = plan;
    this.flavor = flavor;
    tagStack(this, { pipeline: plan.pipelineName, environment: plan.environment.name, flavor: flavor.id });
    // Where units go in nested stacks is recorded in the assembly, for `pipelines schema lock` after the deploy.
    PartPlacement.start(this, { pipeline: plan.pipelineName, environment: plan.environment.name, flavor: flavor.id }, plan.placement?.[flavor.id]);
    this.platformNames = platformNames(plan.environment);
    this.platform = new PlatformLookup(this, 'Platform', { names: this.platformNames, flavor, zones: plan.environment.availabilityZones.length });
    this.claims = new PipelineClaims(this, 'Claims', {
      names: this.platformNames,
      flavor,
      pipelineName: plan.pipelineName,
      stackName: this.stackName,
      claims: pipelineClaims(plan, flavor),
      readGrants: ownedTopics(plan.topics).flatMap((t) => (t.readers ?? []).map((reader) => ({ topic: t.name, reader }))),
      sharedInputs: plan.topics.flatMap((t) => (t.owner === undefined ? [] : [{ topic: t.name, owner: t.owner }])),
      resourcesPerStack: props.resourcesPerStack,
    });
    this.lakehouse = new IcebergLakehouse(this, 'Lakehouse', {
      plan,
      flavor,
      storage: new ImportedLakehouseStorage(this, 'LakehouseStorage', this.platform),
      createTables: false,
    });
    const tables = new ResourceShards({ scope: this.lakehouse, id: 'TablePart', budget: props.resourcesPerStack, createShard: (scope) => scope });
    tables.addAll(plan.lakehouse.tables.map((table) => ({ key: lockedTableKey(table), build: (scope) => { this.lakehouse.addTable(table, scope); } })));
    this.schemaRegistry = GlueSchemaRegistry.ifNeeded(this, 'SchemaRegistry', { plan, removalPolicy: this.dataRemovalPolicy });
    this.afterClaims(this.lakehouse, ...(this.schemaRegistry === undefined ? [] : [this.schemaRegistry]));
  }

  /**
   * What the pipeline makes is created only after its claims: a deployment whose claim conflicts with another
   * pipeline's fails before it touches a topic, table, grant or job.
   */
  protected afterClaims(...scopes: IConstruct[]): void {
    for (const scope of scopes) scope.node.addDependency(this.claims.gate);
  }

  /** Jobs start after the schemas of their Avro-Glue topics exist (no-op without a registry). */
  protected startAfterSchemas(jobs: readonly IConstruct[]): void {
    const registry = this.schemaRegistry;
    if (registry !== undefined) for (const job of jobs) job.node.addDependency(registry);
  }

  /** The platform's VPC (imported on first use: a stack reads only the platform values it uses). */
  public get vpc(): ec2.IVpc {
    if (this.importedVpc !== undefined) return this.importedVpc;
    const vpc = ec2.Vpc.fromVpcAttributes(this, 'Vpc', {
      vpcId: this.platform.value(PlatformParameter.VPC_ID),
      availabilityZones: this.plan.environment.availabilityZones,
      privateSubnetIds: this.platform.privateSubnetIds(),
    });
    for (const subnet of vpc.privateSubnets) {
      Annotations.of(subnet).acknowledgeWarning('@aws-cdk/aws-ec2:noSubnetRouteTableId', 'Pipelines place network interfaces in the platform\'s subnets and never read their route tables.');
    }
    this.importedVpc = vpc;
    return vpc;
  }

  /**
   * What teams need to use the pipeline, as stack outputs: how to reach Kafka, the topics to produce to, the tables to
   * query, the jobs to watch and each producer's principal.
   */
  protected addOutputs(values: PipelineOutputValues): void {
    new CfnOutput(this, 'KafkaBootstrapServers', { value: values.bootstrapServers, description: `Bootstrap servers of platform ${this.platformNames.stackName(this.flavor)} (${values.kafkaSecurity})` });
    if (values.kafkaCa !== undefined) new CfnOutput(this, 'KafkaClusterCa', { value: values.kafkaCa, description: 'Where clients find the Kafka cluster CA certificate' });
    const { plan } = this;
    listOutputs(this, 'Topics', 'Topics the pipeline creates', ownedTopics(plan.topics).map((t) => t.name));
    listOutputs(this, 'Tables', 'Iceberg tables in the Glue Data Catalog, <database>.<table>', plan.lakehouse.tables.map((t) => `${this.lakehouse.connection.glueDatabaseName(t.database)}.${t.name}`));
    listOutputs(this, 'Jobs', values.jobsDescription, values.jobs);
    if (values.producers.length > 0) listOutputs(this, 'Producers', values.producersDescription, values.producers);
    const shared = [...this.claims.grants].map(([topic, owner]) => `${topic} from ${owner}`);
    if (shared.length > 0) listOutputs(this, 'SharedInputs', 'Shared inputs, each with the pipeline whose grant admits this one', shared);
  }

  /** The environment's availability zones: no context lookup, so synthesis needs no `cdk.context.json`. */
  public get availabilityZones(): string[] {
    const environment = (this.plan as PipelinePlan | undefined)?.environment; // unset while Stack's constructor runs
    return environment !== undefined ? environmentZones(this, environment.availabilityZones) : super.availabilityZones;
  }

  /** RETAIN for data-bearing resources unless the environment says `retainData: false`. */
  public get dataRemovalPolicy(): RemovalPolicy {
    return this.plan.environment.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
  }
}

/** Every name a pipeline claims on its platform for one flavor, each once. */
export function pipelineClaims(plan: PipelinePlan, flavor: Flavor): Array<{ kind: ClaimKind; name: string }> {
  const of = (kind: ClaimKind, names: readonly string[]) => [...new Set(names)].map((name) => ({ kind, name }));
  return [
    ...of(ClaimKind.TOPIC, ownedTopics(plan.topics).map((t) => t.name)),
    ...of(ClaimKind.DATABASE, plan.lakehouse.databases.map((d) => glueDatabaseName(d, flavor))),
    ...of(ClaimKind.CONSUMER_GROUP, plan.jobs.map((j) => j.consumerGroupId)),
    ...of(ClaimKind.PRINCIPAL, planPrincipals(plan).map((p) => p.userName)),
  ];
}

/** The platform's lakehouse storage, each part imported on first use. */
class ImportedLakehouseStorage extends Construct implements ILakehouseStorage {
  private readonly platform: PlatformLookup;
  private importedKey?: kms.IKey;
  private readonly buckets = new Map<string, s3.IBucket>();

  constructor(scope: Construct, id: string, platform: PlatformLookup) {
    super(scope, id);
    this.platform = platform;
  }

  public get key(): kms.IKey {
    this.importedKey ??= kms.Key.fromKeyArn(this, 'Key', this.platform.value(PlatformParameter.LAKEHOUSE_KEY_ARN));
    return this.importedKey;
  }

  public get warehouseBucket(): s3.IBucket {
    return this.bucket('Warehouse', PlatformParameter.WAREHOUSE_BUCKET, true);
  }

  public get checkpointBucket(): s3.IBucket {
    return this.bucket('Checkpoints', PlatformParameter.CHECKPOINT_BUCKET, true);
  }

  public get accessLogsBucket(): s3.IBucket {
    return this.bucket('AccessLogs', PlatformParameter.ACCESS_LOGS_BUCKET, false);
  }

  private bucket(id: string, parameter: PlatformParameter, encrypted: boolean): s3.IBucket {
    const known = this.buckets.get(id);
    if (known !== undefined) return known;
    const bucket = s3.Bucket.fromBucketAttributes(this, id, { bucketName: this.platform.value(parameter), encryptionKey: encrypted ? this.key : undefined });
    this.buckets.set(id, bucket);
    return bucket;
  }
}
