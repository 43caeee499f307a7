/**
 * How a flavor hands a job to the SQL runner (`runner/`): the entry point, where the jar is, and the runner's inputs.
 *
 * - Self-hosted (Flink Kubernetes Operator): `job.jarURI` = `SQL_RUNNER_IMAGE_JAR_URI`, `job.entryClass` =
 *   `SQL_RUNNER_MAIN_CLASS`, `job.args` = `sqlRunnerArguments(...)` over files mounted into the pods (e.g. a ConfigMap
 *   with the script from `renderJobSql` and the settings from `renderSettingsProperties`).
 * - Managed (MSF): the jar from the JobArtifactJar construct, no arguments; the script in runtime property groups
 *   `sql.0`, `sql.1`, … (keys `0000`, … concatenated in order) and the settings in group `settings`, as written by
 *   `constructs/managed/flink/msf-property-groups.ts`.
 */

/** Fully qualified main class of the runner. */
export const SQL_RUNNER_MAIN_CLASS = 'io.eventpipelines.sqlrunner.SqlRunner';

/** File name of the shaded runner jar (`target/<name>` of the Maven build). */
export const SQL_RUNNER_JAR_NAME = 'sql-runner.jar';

/** Path of the runner jar in the self-hosted image. */
export const SQL_RUNNER_IMAGE_JAR_PATH = `/opt/flink/usrlib/${SQL_RUNNER_JAR_NAME}`;

/** `job.jarURI` of a FlinkDeployment running the runner image. */
export const SQL_RUNNER_IMAGE_JAR_URI = `local://${SQL_RUNNER_IMAGE_JAR_PATH}`;

/** MSF property group prefix of the script parts (`sql.0`, `sql.1`, …), read by the runner. */
export const SQL_RUNNER_SCRIPT_GROUP_PREFIX = 'sql.';

/** MSF property group of the settings the runner creates the TableEnvironment with. */
export const SQL_RUNNER_SETTINGS_GROUP = 'settings';

/** Files the self-hosted flavor mounts for the runner. */
export interface SqlRunnerFiles {
  /** Path of the SQL script in the pod. */
  readonly scriptFile: string;
  /**
   * Path of a Java properties file with settings (`renderSettingsProperties`).
   * @default - no settings file (the script's SET statements only)
   */
  readonly settingsFile?: string;
}

/** The runner's program arguments (`job.args` of a FlinkDeployment). */
export function sqlRunnerArguments(files: SqlRunnerFiles): string[] {
  return ['--script-file', files.scriptFile, ...(files.settingsFile !== undefined ? ['--settings-file', files.settingsFile] : [])];
}

function escapeProperty(text: string, isKey: boolean): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') out += '\\\\';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if ((isKey && (c === '=' || c === ':' || c === ' ')) || ((c === '#' || c === '!') && i === 0) || (c === ' ' && i === 0)) out += `\\${c}`;
    else out += c;
  }
  return out;
}

/** Settings as a Java properties file (UTF-8), sorted by key, for `--settings-file`. */
export function renderSettingsProperties(settings: Readonly<Record<string, string>>): string {
  return Object.keys(settings).sort().map((k) => `${escapeProperty(k, true)}=${escapeProperty(settings[k], false)}\n`).join('');
}
