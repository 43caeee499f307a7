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
