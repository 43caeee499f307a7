import { Duration } from 'aws-cdk-lib';

/** Serialization of a Kafka record key or value. */
export class RecordFormat {
  /** JSON objects, one per record (Flink format `json`). */
  public static readonly JSON = new RecordFormat('json');
  /** Avro with the schema registered in a Confluent-compatible schema registry (Flink format `avro-confluent`). */
  public static readonly AVRO = new RecordFormat('avro-confluent');
  /**
   * Avro with the schema in the pipeline's AWS Glue Schema Registry (Flink format `avro-glue`): the registry and one
   * schema per topic are provisioned from the topic's columns (`GlueSchemaRegistry`), on both flavors. Value only;
   * the key columns are read from the value (`KeyFormat.FROM_VALUE`).
   */
  public static readonly AVRO_GLUE = new RecordFormat('avro-glue');

  private constructor(
    /** The Flink SQL format identifier. */
    public readonly flinkFormat: string,
  ) {}

  public toString(): string {
    return this.flinkFormat;
  }
}

/**
 * Where the key columns of a topic's table come from, and how the Kafka record key is decoded (Flink `key.format`).
 * An enum-like class: compare by `id`.
 */
export class KeyFormat {
  /**
   * The key columns are read from the record value like every other column; the record key is not decoded at all
   * (no `key.format`). The safe default for the `kafka` connector: a plain string key such as `o-123` can never fail.
   */
  public static readonly FROM_VALUE = new KeyFormat('from-value');
  /**
   * The record key is one UTF-8 string (`key.format` = `raw`) holding the topic's single STRING key column, and the
   * value does not repeat it (`value.fields-include` = `EXCEPT_KEY`).
   */
  public static readonly RAW = new KeyFormat('raw', 'raw');
  /** The record key is a JSON object with the key columns (`key.format` = `json`); only when producers write JSON keys. */
  public static readonly JSON = new KeyFormat('json', 'json', RecordFormat.JSON);
  /** The record key is Avro registered in a Confluent-compatible schema registry (`key.format` = `avro-confluent`). */
  public static readonly AVRO = new KeyFormat('avro-confluent', 'avro-confluent', RecordFormat.AVRO);

  private constructor(
    public readonly id: 'from-value' | 'raw' | 'json' | 'avro-confluent',
    /** The Flink SQL `key.format`, if the key is decoded. */
    public readonly flinkFormat?: string,
    /** The record format of the key, when it needs format jars (JSON, Avro). */
    public readonly recordFormat?: RecordFormat,
  ) {}

  public toString(): string {
    return this.id;
  }
}

/**
 * What a job does with a record whose key or value cannot be decoded (not JSON, wrong type, bad timestamp).
 * An enum-like class: compare by `id`.
 */
export class BadRecordPolicy {
  /**
   * The job fails and restarts on the record, and keeps failing until the record is fixed or skipped: nothing is
   * dropped silently, and the restarts alarm. The default everywhere.
   */
  public static readonly FAIL = new BadRecordPolicy('fail');
  /**
   * JSON only (`json.ignore-parse-errors`): an unparsable record is dropped, and a field that cannot be parsed becomes
   * NULL. Flink counts neither: compare the source's `numRecordsIn` with its `numRecordsOut` to see drops.
   */
  public static readonly SKIP = new BadRecordPolicy('skip');

  private constructor(public readonly id: 'fail' | 'skip') {}

  public toString(): string {
    return this.id;
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
