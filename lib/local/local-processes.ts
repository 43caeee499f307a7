import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';

/**
 * Child processes of a local run (the broker, each job's Flink JVM): each in its own process group, so stopping one
 * stops everything it started, and every group is killed when this process exits — normally, on an error, on Ctrl-C
 * (SIGINT) or SIGTERM. Nothing is left running after `pipelines local` ends.
 */

const LIVE = new Set<ChildProcess>();
let hooked = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  // 'exit' handlers run synchronously: SIGKILL is the only signal that cannot be outlived by a slow JVM shutdown hook.
  process.on('exit', () => {
    for (const child of LIVE) killGroup(child, 'SIGKILL');
  });
}

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

/** Starts a command in its own process group, logging to a file; it is killed when this process exits. */
export function startProcess(options: StartProcessOptions): LocalProcess {
  hookExit();
  const log = fs.openSync(options.logFile, 'a');
  const child = spawn(options.command, [...options.args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  if (child.pid === undefined) throw new Error(`could not start ${options.name} (${options.command})`);
  LIVE.add(child);
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => {
      LIVE.delete(child);
      resolve(code ?? signal ?? 'unknown');
    });
    child.on('error', (e) => {
      LIVE.delete(child);
      resolve(`error: ${e.message}`);
    });
  });
  const pid = child.pid;
  const running = () => LIVE.has(child);
  return {
    name: options.name,
    pid,
    logFile: options.logFile,
    exited,
    running,
    async stop(graceMs = 15_000) {
      if (!running()) return exited;
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(timer);
      // The group may still hold grandchildren.
      killGroup(child, 'SIGKILL');
      return result;
    },
    async kill() {
      killGroup(child, 'SIGKILL');
      return exited;
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
