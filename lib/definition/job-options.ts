/** How a job runs. */
export class JobMode {
  /** Unbounded, continuously running: real-time ingestion. */
  public static readonly STREAMING = new JobMode('streaming');
  /** Bounded reads, run on a schedule: periodic (re-)ingestion. */
  public static readonly BATCH = new JobMode('batch');

  private constructor(
    /** Flink `execution.runtime-mode` value. */
    public readonly value: 'streaming' | 'batch',
  ) {}

  public toString(): string {
    return this.value;
  }
}

/** When a batch job runs. */
export class JobSchedule {
  /**
   * A cron expression in the Kubernetes CronJob / EventBridge form of 5 fields, UTC: `minute hour day-of-month month day-of-week`.
   * Example: `JobSchedule.cron('0 2 * * *')` runs daily at 02:00 UTC.
   */
  public static cron(expression: string): JobSchedule {
    return new JobSchedule(expression);
  }

  private constructor(public readonly expression: string) {}

  public toString(): string {
    return this.expression;
  }
}

/**
 * How a job's compute is controlled, the lever the cost model prices.
 */
export class CostControl {
  /** Runs all the time at its initial parallelism. */
  public static readonly CONTINUOUS = new CostControl('continuous');
  /** Runs all the time, autoscaled between `parallelism.initial` (as the floor) and `parallelism.max`. */
  public static readonly AUTOSCALED = new CostControl('autoscaled');
  /** Runs only `hoursPerDay` hours a day (the rest of the day it is suspended with a savepoint). */
  public static scheduledWindow(hoursPerDay: number): CostControl {
    return new CostControl('scheduled', hoursPerDay);
  }

  private constructor(
    public readonly mode: 'continuous' | 'autoscaled' | 'scheduled',
    public readonly hoursPerDay: number = 24,
  ) {}

  public toString(): string {
    return this.mode === 'scheduled' ? `scheduled(${this.hoursPerDay}h/day)` : this.mode;
  }
}

/**
 * How a job writes its sink tables. An enum-like class: compare by `id`.
 */
export class WriteMode {
  /**
   * `INSERT INTO`: rows with a primary key replace earlier rows (Iceberg upsert, equality deletes), others are appended.
   * The mode of streaming jobs. Deletes upstream are not applied (the `kafka` connector skips tombstones).
   */
  public static readonly INCREMENTAL = new WriteMode('incremental');
  /**
   * `INSERT OVERWRITE` in batch mode: each run replaces the table's snapshot with the latest record per key of its
   * compacted source topics (read from the earliest offset). Keys deleted upstream disappear once Kafka compacted their
   * older values away, and no equality deletes accumulate. The default of batch jobs.
   */
  public static readonly REPLACE = new WriteMode('replace');

  private constructor(public readonly id: 'incremental' | 'replace') {}

  public toString(): string {
    return this.id;
  }
}

/**
 * What a deployment does with a streaming job's state when its state-relevant shape (SQL, schemas, key groups, Flink
 * version) changed since the fingerprint recorded for the environment (`schemas/<env>.lock.json`).
 * An enum-like class: compare by `id`.
 */
export class StateMigration {
  /** Restore the last savepoint/snapshot. A changed shape is refused in production and a warning elsewhere. */
  public static readonly RESTORE = new StateMigration('restore', '');

  /**
   * Start the changed job without its state. Only takes effect when the shape changed. The committed consumer-group
   * offsets can be ahead of the tables' last Iceberg commit, so a job whose tables all have a primary key replays from
   * the earliest retained offset (idempotent by key) and rebuilds join/aggregation state from there; a job writing a
   * table without one must give a primary key or an explicit `startPosition` (see `freshStartPosition`,
   * `jobFreshStartRule`).
   * @param reason why dropping the state is acceptable (kept in the plan and the deploy log)
   */
  public static freshStart(reason: string): StateMigration {
    return new StateMigration('fresh-start', reason);
  }

  private constructor(
    public readonly id: 'restore' | 'fresh-start',
    public readonly reason: string,
  ) {}

  public toString(): string {
    return this.id === 'restore' ? this.id : `fresh-start(${JSON.stringify(this.reason)})`;
  }
}
