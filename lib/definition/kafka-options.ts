import { Duration } from 'aws-cdk-lib';

/** Serialization of a Kafka record key or value. */
export class RecordFormat {
  /** JSON objects, one per record (Flink format `json`). */
  public static readonly JSON = new RecordFormat('json');
  /** Avro with the schema registered in a Confluent-compatible schema registry (Flink format `avro-confluent`). */
  public static readonly AVRO = new RecordFormat('avro-confluent');

  private constructor(
    /** The Flink SQL format identifier. */
    public readonly flinkFormat: string,
  ) {}

  public toString(): string {
    return this.flinkFormat;
  }
}

/** What Kafka does with old records of a topic. */
export class CleanupPolicy {
  /** Delete segments older than the retention. */
  public static readonly DELETE = new CleanupPolicy('delete');
  /** Keep the latest record per key (a changelog: customers, reference data). */
  public static readonly COMPACT = new CleanupPolicy('compact');

  private constructor(public readonly value: string) {}

  public toString(): string {
    return this.value;
  }
}

/**
 * Where a job starts reading a topic when it has no restored state.
 * Once a job has state (checkpoint or savepoint), it resumes from the offsets in that state and ignores this.
 */
export class StartPosition {
  /** The committed offsets of the job's consumer group, else the earliest offset (the safe default: no repeated initial load). */
  public static readonly GROUP_OFFSETS = new StartPosition('group-offsets');
  /** The earliest offset: a full initial load. */
  public static readonly EARLIEST = new StartPosition('earliest-offset');
  /** The latest offset: only new records. */
  public static readonly LATEST = new StartPosition('latest-offset');

  /** The first record at or after the given instant. */
  public static timestamp(at: Date): StartPosition {
    return new StartPosition('timestamp', at);
  }

  private constructor(
    /** Flink `scan.startup.mode` value. */
    public readonly mode: string,
    /** For `timestamp`: the instant. */
    public readonly at?: Date,
  ) {}

  public toString(): string {
    return this.at ? `${this.mode}(${this.at.toISOString()})` : this.mode;
  }
}

/** Where a batch job stops reading a topic (Flink `scan.bounded.mode`). */
export class BoundedRead {
  /** Up to the latest offsets at the time the job starts. */
  public static readonly LATEST_OFFSET = new BoundedRead('latest-offset');
  /** Up to the committed offsets of the consumer group. */
  public static readonly GROUP_OFFSETS = new BoundedRead('group-offsets');

  /** Up to the given instant. */
  public static timestamp(at: Date): BoundedRead {
    return new BoundedRead('timestamp', at);
  }

  private constructor(
    /** Flink `scan.bounded.mode` value. */
    public readonly mode: string,
    /** For `timestamp`: the instant. */
    public readonly at?: Date,
  ) {}

  public toString(): string {
    return this.at ? `${this.mode}(${this.at.toISOString()})` : this.mode;
  }
}

/** Expected load of a topic, used to derive partitions, brokers, storage and parallelism. */
export interface TopicWorkload {
  /** Average ingress in MB/s (10^6 bytes per second). */
  readonly ingressMBps: number;
  /** Average record size in bytes (key + value + headers). */
  readonly recordSizeBytes: number;
  /**
   * Peak ingress divided by average ingress.
   * @default 2
   */
  readonly peakFactor?: number;
  /**
   * Consumer groups reading the topic besides the pipeline's own jobs (each reads every byte once).
   * @default 0
   */
  readonly extraConsumerGroups?: number;
}

/** Default retention of a topic when none is given. */
export const DEFAULT_TOPIC_RETENTION = Duration.days(7);
