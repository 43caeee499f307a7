import { Duration } from 'aws-cdk-lib';
import { ColumnDefinition } from './column-type';
import { FlinkVersion } from './flink-version';
import { CostControl, JobMode, JobSchedule, StateMigration, WriteMode } from './job-options';
import { BadRecordPolicy, BoundedRead, CleanupPolicy, KeyFormat, RecordFormat, StartPosition, TopicWorkload } from './kafka-options';
import { PartitionTransform, TableMaintenance } from './table-options';
import { SchemaMigration } from './schema-migration';
import { RawRetention } from './raw-retention';
import { ArtifactPins } from '../catalog/resolved-artifacts';
import { JobMonitoring, PipelineMonitoring } from './monitoring-options';
import { LoadGeneratorDefinition } from './load-generator';

/** A Kafka topic the pipeline reads. */
export interface TopicDefinition {
  /** Topic name: 1–249 characters of `a-z A-Z 0-9 . _ -`. */
  readonly name: string;
  /** The record value's schema, as typed columns (key columns included). */
  readonly columns: ColumnDefinition[];
  /**
   * Columns that form the record key.
   * @default - no key (records are spread round-robin over partitions)
   */
  readonly key?: string[];
  /**
   * Number of partitions.
   * @default - derived from `workload` by the sizing model; one of the two is required
   */
  readonly partitions?: number;
  /**
   * Expected load: the sizing model derives partitions, brokers, storage and job parallelism from it.
   * @default - none; then `partitions` is required and sizing uses the environment's minimums
   */
  readonly workload?: TopicWorkload;
  /**
   * How long records are kept (for `COMPACT` topics: how long before a segment is eligible for compaction).
   * @default Duration.days(7)
   */
  readonly retention?: Duration;
  /**
   * What happens to old records.
   * @default CleanupPolicy.DELETE
   */
  readonly cleanupPolicy?: CleanupPolicy;
  /**
   * Where the key columns come from: the value (the record key is not decoded), a raw string key, or a JSON/Avro key.
   * @default KeyFormat.FROM_VALUE
   */
  readonly keyFormat?: KeyFormat;
  /**
   * Format of the record value.
   * @default RecordFormat.JSON
   */
  readonly valueFormat?: RecordFormat;
  /**
   * What a job reading the topic does with a record it cannot decode. `SKIP` exists for JSON only.
   * @default BadRecordPolicy.FAIL
   */
  readonly badRecords?: BadRecordPolicy;
  /**
   * `COMPACT` topics: the longest a superseded record stays uncompacted (`max.compaction.lag.ms`). A full reload
   * (`WriteMode.REPLACE`) sees a key deleted upstream as gone once compaction removed its older values, so this bounds
   * how late deletes reach the lake.
   * @default Duration.hours(12) for COMPACT topics
   */
  readonly maxCompactionLag?: Duration;
  /**
   * The pipeline that owns this topic, when it is another pipeline's topic on the same platform: a shared input.
   * This pipeline's jobs may read it (their Kafka principals get read access to it and nothing else of the owner's),
   * but this pipeline creates, sizes and configures nothing for it; `columns` say what this pipeline reads.
   * Without it a pipeline cannot reach another pipeline's topics.
   * @default - this pipeline owns (creates) the topic
   */
  readonly sharedFrom?: string;
  /**
   * Pipelines allowed to read this topic as a shared input (their definitions name it with `sharedFrom`): the owner's
   * consent. The owner's stack publishes one grant per reader on the platform (an SSM parameter), and a reader's stack
   * does not deploy without it, also when the reader is deployed from another app. Only on a topic this pipeline owns.
   * @default - no other pipeline may read the topic
   */
  readonly readers?: string[];
  /**
   * An explicit migration for a change the environment's schema lock (`schemas/<env>.lock.json`) refuses: dropping
   * a column, or a rebuild for anything Kafka/Iceberg cannot change in place.
   * @default - none: compatible changes only
   */
  readonly schemaMigration?: SchemaMigration;
  /**
   * Keep the raw records longer than `retention` (which then is what the brokers hold on their disks), e.g.
   * `RawRetention.tieredStorage(Duration.days(90))` on MSK provisioned Standard brokers.
   * @default - none: records live as long as `retention`
   */
  readonly rawRetention?: RawRetention;
}

/** An Iceberg table the pipeline writes, registered in the Glue Data Catalog. */
export interface TableDefinition {
  /** Table name: lower case letters, digits and underscores, 1–255 characters. */
  readonly name: string;
  /**
   * Glue database of the table.
   * @default - the pipeline's `database`
   */
  readonly database?: string;
  /** The table's columns. */
  readonly columns: ColumnDefinition[];
  /**
   * Iceberg partition spec (hidden partitioning).
   * @default - unpartitioned
   */
  readonly partitionBy?: PartitionTransform[];
  /**
   * Primary key for upserts (Iceberg format v2 equality deletes): re-ingesting a record replaces it instead of
   * duplicating it. Its columns must be NOT NULL and must contain every identity-partition column.
   * @default - append only
   */
  readonly primaryKey?: string[];
  /**
   * Table description, written to the Glue catalog.
   * @default - none
   */
  readonly comment?: string;
  /**
   * Compaction, snapshot expiry and orphan file deletion by Glue table optimizers.
   * @default - all three: compaction, snapshots kept 5 days (at least 10), orphan files deleted after 3 days
   */
  readonly maintenance?: TableMaintenance;
  /**
   * An explicit migration for a change the environment's schema lock (`schemas/<env>.lock.json`) refuses: dropping
   * a column, or a rebuild for anything Kafka/Iceberg cannot change in place.
   * @default - none: compatible changes only
   */
  readonly schemaMigration?: SchemaMigration;
}

/** Event-time handling of a job: which column carries the time and how late records may be. */
export interface EventTimeDefinition {
  /** Column of every source topic that carries the event time; must be `TIMESTAMP` or `TIMESTAMP_LTZ`. */
  readonly column: string;
  /**
   * Watermark = max event time seen − this. Records later than that are late: a query that only projects and filters
   * still writes them; window aggregations, interval joins and event-time temporal joins drop them.
   */
  readonly maxOutOfOrderness: Duration;
  /**
   * A partition without records for this long stops holding the watermark back (`scan.watermark.idle-timeout`).
   * @default Duration.minutes(1)
   */
  readonly idleTimeout?: Duration;
}

/** Parallelism bounds of a job. */
export interface ParallelismDefinition {
  /**
   * Parallelism the job starts with.
   * @default - derived from the sources' workload and `throughputPerSubtaskMBps`
   */
  readonly initial?: number;
  /**
   * Upper bound for the autoscaler (and the key-group count is derived from it).
   * @default - derived: the largest source partition count
   */
  readonly max?: number;
}

/** A Flink job: reads topics, writes tables, in SQL. */
export interface JobDefinition {
  /** Job name: lower case letters, digits and `-`, 1–40 characters (it names Kubernetes objects and MSF applications). */
  readonly name: string;
  /**
   * Streaming (continuous) or batch (bounded, scheduled).
   * @default JobMode.STREAMING
   */
  readonly mode?: JobMode;
  /** Topics the job reads, by name. */
  readonly sources: string[];
  /** Tables the job writes, by name. */
  readonly sinks: string[];
  /**
   * Per sink table, the SELECT that feeds it; it refers to source topics by their names.
   * @default - for each sink, `SELECT <sink columns> FROM <the only source>` (columns matched by name and type)
   */
  readonly transforms?: { readonly [sinkTable: string]: string };
  /**
   * Event time and watermarks.
   * @default - processing time, no watermarks
   */
  readonly eventTime?: EventTimeDefinition;
  /**
   * How the job writes its tables: incremental upserts/appends, or a full replace of each table's snapshot per run.
   * @default WriteMode.REPLACE for batch jobs, WriteMode.INCREMENTAL for streaming jobs
   */
  readonly writeMode?: WriteMode;
  /**
   * What a deployment does when the job's state-relevant shape changed since the environment's recorded fingerprint
   * (`schemas/<env>.lock.json`): production refuses the change unless this is `StateMigration.freshStart(reason)`.
   * @default StateMigration.RESTORE
   */
  readonly stateMigration?: StateMigration;
  /**
   * Where to start reading when the job has no restored state.
   * @default StartPosition.GROUP_OFFSETS; StartPosition.EARLIEST for WriteMode.REPLACE
   */
  readonly startPosition?: StartPosition;
  /**
   * Batch jobs: where reading stops. Required for `JobMode.BATCH`.
   * @default - none (streaming)
   */
  readonly boundedRead?: BoundedRead;
  /**
   * Batch jobs: when the job runs. Required for `JobMode.BATCH`.
   * @default - none (streaming)
   */
  readonly schedule?: JobSchedule;
  /**
   * Parallelism bounds.
   * @default - derived by the sizing model
   */
  readonly parallelism?: ParallelismDefinition;
  /**
   * Throughput one parallel instance sustains, in MB/s: the sizing model divides the peak ingress by it.
   * @default 5
   */
  readonly throughputPerSubtaskMBps?: number;
  /**
   * Checkpoint interval, which is also the Iceberg commit interval: the Flink sink commits one snapshot per table on
   * each completed checkpoint, so it sets the data freshness and the number of snapshots (and, for upserts, delete
   * files) a day: 1 min → 1,440 commits a day per table, 3 min → 480.
   * @default Duration.minutes(3) when the job writes an upsert table (one with a primary key), else Duration.minutes(1)
   */
  readonly checkpointInterval?: Duration;
  /**
   * Idle state retention (`table.exec.state.ttl`) for joins, aggregations and upsert materialization.
   * @default - state kept forever
   */
  readonly stateTtl?: Duration;
  /**
   * How the job's compute is controlled (and priced).
   * @default CostControl.AUTOSCALED for streaming, the schedule for batch
   */
  readonly costControl?: CostControl;
  /**
   * Kafka consumer group: keep it stable across deployments so committed offsets survive.
   * @default `<pipeline>.<job>`
   */
  readonly consumerGroupId?: string;
  /**
   * Thresholds of this job's health signals, over the pipeline's `monitoring` (a batch job takes only
   * `restartsPerHour` and `alarms`).
   * @default - the pipeline's `monitoring`
   */
  readonly monitoring?: JobMonitoring;
}

/** Where a producer connects from. */
export interface ProducerNetwork {
  /**
   * Managed: security groups of the producer (each gets an ingress rule on the platform's brokers).
   * @default - none
   */
  readonly securityGroupIds?: string[];
  /**
   * Managed: IPv4 CIDRs of the producer (each gets an ingress rule on the platform's brokers).
   * @default - none
   */
  readonly cidrs?: string[];
}

/**
 * An application that writes the pipeline's topics. It gets exactly: write access to the named topics (an IAM produce
 * grant on MSK; a Kafka principal with Write ACLs on Strimzi) and a network path to the brokers.
 */
export interface ProducerDefinition {
  /** Producer name: lower case letters, digits and `-`, 1–40 characters (it names the Kafka principal). */
  readonly name: string;
  /** Topics of this pipeline it writes. */
  readonly topics: string[];
  /**
   * Managed: the IAM role the producer runs as; the pipeline attaches the produce grant to it.
   * @default - no IAM grant (self-hosted only)
   */
  readonly roleArn?: string;
  /**
   * Self-hosted: the Kubernetes service account (`<namespace>/<name>`) the producer runs as; it may read its Kafka
   * credentials. The namespace must be declared on the platform (`platform.producerNamespaces`) for the listener to
   * admit it.
   * @default - no Kubernetes producer (managed only)
   */
  readonly serviceAccount?: string;
  /**
   * Where it connects from (managed).
   * @default - no extra network path
   */
  readonly network?: ProducerNetwork;
}

/** One pipeline: Kafka topics in, Flink jobs, Iceberg tables out. */
export interface PipelineDefinition {
  /** Pipeline name: lower case letters, digits and `-`, 1–32 characters; it prefixes stack and resource names. */
  readonly name: string;
  /**
   * Flink version of every job.
   * @default FlinkVersion.V1_20 (the only version with a Kafka → Flink → Iceberg path on both flavors today)
   */
  readonly flinkVersion?: FlinkVersion;
  /**
   * Default Glue database for the tables.
   * @default - the pipeline name with `-` replaced by `_`
   */
  readonly database?: string;
  /** Topics. */
  readonly topics: TopicDefinition[];
  /** Iceberg tables. */
  readonly tables: TableDefinition[];
  /** Jobs. */
  readonly jobs: JobDefinition[];
  /**
   * Applications that write the pipeline's topics: each gets write access to its topics and a network path to Kafka.
   * @default - none: nothing outside the platform can produce
   */
  readonly producers?: ProducerDefinition[];
  /**
   * Artifact versions to pin instead of the version catalog's choices (checked like the defaults).
   * @default - the catalog's choices for the Flink version and flavors
   */
  readonly artifacts?: ArtifactPins;
  /**
   * Thresholds of the health signals (alarms and dashboard), for every job unless a job overrides them.
   * @default - the documented defaults of each threshold
   */
  readonly monitoring?: PipelineMonitoring;
  /**
   * A load generator writing synthetic records to the pipeline's source topics, deployed stopped: `pipelines verify
   * --load` starts it to measure throughput, lag and checkpoints before real traffic.
   * @default - none
   */
  readonly loadGenerator?: LoadGeneratorDefinition;
}
