import { Duration } from 'aws-cdk-lib';
import { ColumnDefinition } from '../definition/column-type';
import { FlinkVersion } from '../definition/flink-version';
import { CostControl, JobMode, JobSchedule, StateMigration, WriteMode } from '../definition/job-options';
import { BadRecordPolicy, BoundedRead, CleanupPolicy, KeyFormat, RecordFormat, StartPosition } from '../definition/kafka-options';
import { PartitionTransform } from '../definition/table-options';
import { RawRetention } from '../definition/raw-retention';
import { PipelineEnvironment } from '../environment/pipeline-environment';
import { Flavor } from '../flavor';
import { SizingPlan } from '../sizing/sizing-plan';
import { ResolvedArtifacts } from '../catalog/resolved-artifacts';
import { ValidationProblem } from '../validation/validation-problem';
import { IcebergTableMetadata } from './iceberg-table-metadata';
import { MonitoringPlan } from './signal-thresholds';
import { LoadGeneratorPlan } from './load-generator-plan';
import { LockedPlacement } from './schema-lock';

/** A column with its defaults applied. */
export interface PlannedColumn extends ColumnDefinition {
  readonly nullable: boolean;
}

/** Names shared by both flavors. */
export interface PlanNames {
  /** `<pipeline>-<env>`: prefix of resource names. */
  readonly prefix: string;
  /** Kubernetes namespace of the pipeline's Kafka and Flink objects (self-hosted). */
  readonly namespace: string;
  /** Kafka cluster name (Strimzi `Kafka` name, MSK cluster name). */
  readonly kafkaCluster: string;
  /** Stack name of a flavor: `<pipeline>-<env>-<flavor>`. */
  stackName(flavor: Flavor): string;
  /** Physical Glue database of a logical database on a flavor: `<logical>_<flavor>`. */
  glueDatabase(logical: string, flavor: Flavor): string;
}

/** Expected load of a topic after the environment's scale was applied. */
export interface PlannedWorkload {
  readonly ingressMBps: number;
  readonly peakIngressMBps: number;
  readonly recordSizeBytes: number;
  /** Consumer groups that read the topic: the pipeline's jobs plus `extraConsumerGroups`. */
  readonly consumerGroups: number;
}

/** A Kafka topic, fully resolved. */
export interface TopicPlan {
  readonly name: string;
  readonly partitions: number;
  /** Whether `partitions` was given in the definition (`explicit`) or derived by the sizing model. */
  readonly partitionsSource: 'explicit' | 'derived';
  readonly replicationFactor: number;
  readonly minInSyncReplicas: number;
  readonly retention: Duration;
  readonly cleanupPolicy: CleanupPolicy;
  readonly key: string[];
  /** Where the key columns come from (`KeyFormat.FROM_VALUE` for topics without a key too). */
  readonly keyFormat: KeyFormat;
  readonly valueFormat: RecordFormat;
  /** What readers do with a record they cannot decode. */
  readonly badRecords: BadRecordPolicy;
  readonly columns: PlannedColumn[];
  /** Kafka topic configs, identical on both flavors (`retention.ms`, `cleanup.policy`, `min.insync.replicas`, …). */
  readonly configs: Readonly<Record<string, string>>;
  readonly workload?: PlannedWorkload;
  /**
   * The pipeline that owns the topic when it is another pipeline's shared input (read here, created there).
   * @default - this pipeline owns the topic
   */
  readonly owner?: string;
  /**
   * Pipelines the owner allows to read the topic as a shared input.
   * @default - none (always none on a shared input)
   */
  readonly readers?: readonly string[];
  /**
   * How raw records are kept beyond `retention` (the broker-disk retention), e.g. MSK tiered storage.
   * @default - none
   */
  readonly rawRetention?: RawRetention;
  /**
   * Avro-Glue topics the environment's lock records: the Avro definition their `AWS::Glue::Schema` was created with
   * (create-only in CloudFormation). When the topic's schema differs from it now, the registry registers the new one
   * as a schema version (see `planTopicRegistry`).
   * @default - not recorded: the schema is created with the topic's schema now
   */
  readonly registeredSchema?: string;
}

/** The Kafka cluster every topic lives in. */
export interface KafkaPlan {
  readonly replicationFactor: number;
  readonly minInSyncReplicas: number;
  /** Broker-level properties both flavors set (min ISR, no unclean election, no auto topic creation, …). */
  readonly serverProperties: Readonly<Record<string, string>>;
}

/** Glue table optimizers of a table, defaults applied (`undefined` on the table: not maintained). */
export interface TableMaintenancePlan {
  readonly compaction: boolean;
  /** Snapshot retention optimizer: expire snapshots older than this many days, keep at least `snapshotsToKeep`. */
  readonly snapshotRetentionDays: number;
  readonly snapshotsToKeep: number;
  /** Orphan file deletion optimizer: delete unreferenced files older than this many days. */
  readonly orphanFileRetentionDays: number;
}

/** An Iceberg table, fully resolved. */
export interface TablePlan {
  readonly database: string;
  readonly name: string;
  readonly columns: PlannedColumn[];
  readonly partitionBy: PartitionTransform[];
  readonly primaryKey: string[];
  /** Iceberg format version: 2 (row-level deletes for upserts). */
  readonly formatVersion: 2;
  /** Iceberg table properties. */
  readonly properties: Readonly<Record<string, string>>;
  readonly comment?: string;
  /** Table optimizers; undefined when the definition turned maintenance off. */
  readonly maintenance?: TableMaintenancePlan;
  /**
   * How the Glue table is rendered when the environment's lock records it (see `planTableCatalog`).
   * @default - not recorded: created from this plan
   */
  readonly catalog?: TableCatalogPlan;
}

/** A recorded table's Glue input: frozen as created, and the schema a deploy evolves it to. */
export interface TableCatalogPlan {
  /** The input the `AWS::Glue::Table` was created with (never changed by a template update). */
  readonly created: IcebergTableMetadata;
  /**
   * The metadata to evolve the Iceberg table to, field ids kept (`IcebergSchemaEvolution`); undefined when the
   * schema is still the one it was created with.
   */
  readonly evolved?: IcebergTableMetadata;
  /**
   * The lock's last column id with this plan's columns (Iceberg's `last-column-id`; only grows from one deploy to the
   * next): lets the evolution tell the rollback of an evolution from a forward change. Set with `evolved`.
   */
  readonly lastColumnId?: number;
}

/** S3 layout and Glue databases of the lakehouse. */
export interface LakehousePlan {
  /** Glue databases, sorted. */
  readonly databases: string[];
  readonly tables: TablePlan[];
  /** Key prefix of the Iceberg warehouse in the warehouse bucket. */
  readonly warehousePrefix: string;
}

/** Watermarking of a job's sources. */
export interface EventTimePlan {
  readonly column: string;
  readonly maxOutOfOrderness: Duration;
  readonly idleTimeout: Duration;
}

/** Checkpointing of a job. */
export interface CheckpointPlan {
  /** Whether checkpoints are taken (always for streaming; batch jobs run without). */
  readonly enabled: boolean;
  /** Checkpoint interval = Iceberg commit interval (the sink commits on each completed checkpoint). */
  readonly interval: Duration;
  /** Where `interval` comes from: the definition, the default for jobs writing upsert tables, or the plain default. */
  readonly intervalSource: 'explicit' | 'upsert-default' | 'default';
  readonly minPause: Duration;
  readonly timeout: Duration;
  readonly mode: 'EXACTLY_ONCE';
  readonly incremental: boolean;
  readonly retained: number;
  /** Key prefixes in the checkpoint bucket. */
  readonly checkpointPrefix: string;
  readonly savepointPrefix: string;
}

/** Parallelism of a job. */
export interface ParallelismPlan {
  readonly initial: number;
  readonly max: number;
  /** Key groups (`pipeline.max-parallelism`): fixed for the life of the state, ≥ max. */
  readonly maxParallelism: number;
  /** Whether `initial` / `max` came from the definition or from the sizing model. */
  readonly source: 'explicit' | 'derived';
}

/** One INSERT of a job: the SELECT that feeds a sink table. */
export interface InsertPlan {
  readonly sinkTable: string;
  /** A SELECT over source topic names; `generated` if the definition gave no transform. */
  readonly query: string;
  readonly generated: boolean;
}

/** A Flink job, fully resolved. */
export interface JobPlan {
  readonly name: string;
  readonly mode: JobMode;
  readonly sources: string[];
  readonly sinks: string[];
  readonly inserts: InsertPlan[];
  /** Incremental (`INSERT INTO`, upsert on primary keys) or a full replace per run (`INSERT OVERWRITE`, batch). */
  readonly writeMode: WriteMode;
  /** What a deployment does when the job's state-relevant shape changed (see `StateLockCheck`). */
  readonly stateMigration: StateMigration;
  readonly eventTime?: EventTimePlan;
  readonly startPosition: StartPosition;
  readonly boundedRead?: BoundedRead;
  readonly schedule?: JobSchedule;
  readonly parallelism: ParallelismPlan;
  readonly throughputPerSubtaskMBps: number;
  readonly checkpointing: CheckpointPlan;
  readonly stateTtl?: Duration;
  /**
   * Upgrades keep state: `savepoint` (or `last-state`). `stateless` only for a streaming job whose state-relevant shape
   * changed since the environment's state lock and that this deployment starts without state (see `checkStateLock`).
   */
  readonly upgradeMode: 'savepoint' | 'last-state' | 'stateless';
  /** Streaming jobs: the fingerprint of the state-relevant shape (`stateFingerprint`), as recorded in the state lock. */
  readonly stateFingerprint?: string;
  readonly consumerGroupId: string;
  readonly costControl: CostControl;
}

/** A producer of the pipeline's topics, resolved. */
export interface ProducerPlan {
  readonly name: string;
  readonly topics: string[];
  /** Managed: the role that gets the produce grant. */
  readonly roleArn?: string;
  /** Self-hosted: `<namespace>/<name>` of the service account that may read the producer's Kafka credentials. */
  readonly serviceAccount?: { readonly namespace: string; readonly name: string };
  readonly securityGroupIds: string[];
  readonly cidrs: string[];
}

/** Everything both flavors need, computed once from a definition and an environment. */
export interface PipelinePlan {
  readonly pipelineName: string;
  readonly environment: PipelineEnvironment;
  /** Flavors this plan was resolved for (artifacts are checked against each). */
  readonly flavors: readonly Flavor[];
  readonly flinkVersion: FlinkVersion;
  readonly names: PlanNames;
  readonly kafka: KafkaPlan;
  readonly topics: TopicPlan[];
  readonly lakehouse: LakehousePlan;
  readonly jobs: JobPlan[];
  /** Applications that write the pipeline's topics. */
  readonly producers: ProducerPlan[];
  /** Capacity of both flavors (brokers, node groups, TaskManagers, KPUs), with its assumptions. */
  readonly sizing: SizingPlan;
  /** What the state lock check has to say (changed shapes deployed with a fresh start, a missing lock outside production). */
  readonly stateWarnings: readonly ValidationProblem[];
  /**
   * Schema changes since the environment's lock that this deployment applies: compatible ones, and incompatible ones
   * a `schemaMigration` accepted (see `checkSchemaLock`). Said at synth as CDK warnings.
   */
  readonly schemaWarnings: readonly ValidationProblem[];
  /**
   * Where the deployment the state lock records placed the pipeline stack's units (per flavor, per group: part → unit
   * keys): the next synth keeps them there (`ResourceShards`).
   * @default - nothing recorded
   */
  readonly placement?: LockedPlacement;
  /** The checked artifact set (Flink patch, runner Java, Maven coordinates, each flavor's runtime): one runner for all flavors. */
  readonly artifacts: ResolvedArtifacts;
  /** Thresholds of the health signals, from the definition's `monitoring` with defaults (read by `pipelineSignals`). */
  readonly monitoring: MonitoringPlan;
  /**
   * The load generator (deployed stopped; `pipelines verify --load` runs it). Not among `jobs`.
   * @default - none
   */
  readonly loadGenerator?: LoadGeneratorPlan;
}
