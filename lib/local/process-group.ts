import { spawn } from 'child_process';
import * as fs from 'fs';

/**
 * Long-running child processes of the local runtime (the broker JVM), each in its own process group so that stopping
 * it stops everything it started. Every live group is killed when this process exits or receives SIGINT/SIGTERM:
 * no JVM is left behind by a finished, failed or interrupted run (a SIGKILL of this process cannot be caught).
 */

/** A child process group started by startProcessGroup. */
export interface ProcessGroup {
  readonly pid: number;
  /** Settles with the exit code (or the signal name) when the process ends. */
  readonly exited: Promise<number | string>;
  /** Whether the process has ended. */
  hasExited(): boolean;
  /**
   * SIGTERM to the group, SIGKILL after `graceMs` if the leader still runs; resolves once it has exited.
   * @param graceMs how long the group may take to shut down cleanly
   */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL to the whole group at once (a crash); resolves once the leader has exited. */
  kill(): Promise<void>;
}

const live = new Set<number>();
let handlersInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function onSignal(signal: NodeJS.Signals): void {
  // Another listener (the CLI's: it stops the jobs and the broker gracefully, and exits on a second Ctrl-C, which the
  // 'exit' hook below covers) owns this signal: leave the groups to it.
  if (process.listenerCount(signal) > 1) return;
  for (const pid of live) killGroup(pid, 'SIGKILL');
  live.clear();
  process.removeListener('SIGINT', onSigint);
  process.removeListener('SIGTERM', onSigterm);
  handlersInstalled = false;
  // Without another listener the signal's default (ending this process) must still happen.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}
const onSigint = (): void => onSignal('SIGINT');
const onSigterm = (): void => onSignal('SIGTERM');

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
}

process.on('exit', () => {
  for (const pid of live) killGroup(pid, 'SIGKILL');
});

/**
 * Starts `command` as the leader of a new process group, its stdout and stderr appended to `logFile`.
 * @param command executable
 * @param args its arguments
 */
export function startProcessGroup(command: string, args: readonly string[], options: { cwd: string; logFile: string; env?: NodeJS.ProcessEnv }): ProcessGroup {
  const log = fs.openSync(options.logFile, 'a');
  const child = spawn(command, [...args], { cwd: options.cwd, env: options.env ?? process.env, detached: true, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  let ended = false;
  const exited = new Promise<number | string>((resolve) => {
    child.on('error', (error) => {
      ended = true;
      resolve(`not started: ${error.message}`);
    });
    child.on('exit', (code, signal) => {
      ended = true;
      resolve(code ?? signal ?? 'unknown');
    });
  });
  const pid = child.pid;
  if (pid === undefined) {
    return { pid: -1, exited, hasExited: () => true, stop: async () => undefined, kill: async () => undefined };
  }
  live.add(pid);
  installHandlers();
  void exited.then(() => live.delete(pid));
  return {
    pid,
    exited,
    hasExited: () => ended,
    stop: async (graceMs = 10_000) => {
      if (ended) {
        killGroup(pid, 'SIGKILL');
        return;
      }
      killGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      // Anything the leader started and left running goes with the group.
      killGroup(pid, 'SIGKILL');
      live.delete(pid);
    },
    kill: async () => {
      killGroup(pid, 'SIGKILL');
      await exited;
      live.delete(pid);
    },
  };
}
