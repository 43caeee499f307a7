import { JobPlan } from '../plan/pipeline-plan';
import { flinkDuration } from '../catalog/flink-state-configuration';

/**
 * Where a job's SQL settings go.
 */
export class SqlSettingsPlacement {
  /** `SET 'key' = 'value';` statements at the top of the script (the SQL client way; readable in the script). */
  public static readonly SET_STATEMENTS = new SqlSettingsPlacement('set-statements');
  /**
   * Not in the script: the runner applies them when it creates the TableEnvironment (from its settings file or the
   * MSF property group). Required on MSF 2.2, where the job may not change configuration with `SET`.
   */
  public static readonly RUNNER_CONFIGURATION = new SqlSettingsPlacement('runner-configuration');

  private constructor(public readonly id: 'set-statements' | 'runner-configuration') {}

  public toString(): string {
    return this.id;
  }
}

/**
 * The job-level settings of a job's SQL: runtime mode (`batch` for bounded jobs), the pipeline name shown in the Flink
 * UI and metrics, and the idle state retention (`table.exec.state.ttl`) when the job sets one. Checkpointing and state
 * are configured by each flavor's runtime (flinkConfiguration / MSF application), not here; per-source watermark idle
 * timeouts are table options of the sources.
 */
export function jobSqlSettings(job: JobPlan): Record<string, string> {
  return {
    'execution.runtime-mode': job.mode.value,
    'pipeline.name': job.name,
    ...(job.stateTtl !== undefined ? { 'table.exec.state.ttl': flinkDuration(job.stateTtl) } : {}),
  };
}
