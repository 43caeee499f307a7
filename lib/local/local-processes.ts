import * as fs from 'fs';
import { startProcessGroup } from './process-group';

/**
 * Child processes of a local run (each job's Flink JVM; the broker uses `startProcessGroup` directly): each in its own
 * process group, so stopping one stops everything it started, and every group is killed when this process exits —
 * normally, on an error, on Ctrl-C (SIGINT) or SIGTERM. Nothing is left running after `pipelines local` ends.
 */

/** A child process of a local run, with its output going to a log file. */
export interface LocalProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Resolves with the exit code (or the signal's name) once the process ended. */
  readonly exited: Promise<number | string>;
  /** Whether it is still running. */
  running(): boolean;
  /** SIGTERM to the group, then SIGKILL after `graceMs`; resolves once it ended. */
  stop(graceMs?: number): Promise<number | string>;
  /** SIGKILL to the group at once (a crash, as the exactly-once tests need). */
  kill(): Promise<number | string>;
}

/** Options of `startProcess`. */
export interface StartProcessOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Standard output and error are appended here. */
  readonly logFile: string;
}

/** Starts a command in its own process group (`startProcessGroup`: killed when this process exits or is signalled). */
export function startProcess(options: StartProcessOptions): LocalProcess {
  const group = startProcessGroup(options.command, options.args, { cwd: options.cwd ?? process.cwd(), logFile: options.logFile, ...(options.env !== undefined ? { env: options.env } : {}) });
  if (group.pid < 0) throw new Error(`could not start ${options.name} (${options.command})`);
  return {
    name: options.name,
    pid: group.pid,
    logFile: options.logFile,
    exited: group.exited,
    running: () => !group.hasExited(),
    async stop(graceMs = 15_000) {
      await group.stop(graceMs);
      return group.exited;
    },
    async kill() {
      await group.kill();
      return group.exited;
    },
  };
}

/** Whether a process id is alive (signal 0). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The last `lines` lines of a log file, for error messages. */
export function logTail(file: string, lines = 30): string {
  if (!fs.existsSync(file)) return '';
  const text = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  return text.slice(-lines).join('\n');
}

/**
 * The cause of a failed Flink client run, from its logs: the exception lines and their causes (`… Exception: …`,
 * `Caused by: …`), without the stack frames, and without the noise of Hadoop's shutdown hook failing to load a class
 * after Flink closed the job's class loader (harmless, printed by every run of a jar that bundles Hadoop).
 */
export function failureLines(files: readonly string[], max = 12): string {
  const lines: string[] = [];
  for (const file of files) {
    if (!fs.existsSync(file)) continue;
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      const trimmed = line.trim();
      if (/ShutdownHookManager/.test(trimmed)) continue;
      if (/^(Caused by: |[\w.$]+(Exception|Error)(: |$))/.test(trimmed) || /\b(ERROR)\b/.test(trimmed)) {
        if (!lines.includes(trimmed)) lines.push(trimmed.length > 400 ? `${trimmed.slice(0, 400)}…` : trimmed);
      }
    }
  }
  return lines.slice(0, max).join('\n');
}
