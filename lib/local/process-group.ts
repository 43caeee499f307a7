import { spawn } from 'child_process';
import * as fs from 'fs';

/**
 * Long-running child processes of the local runtime (the broker JVM), each in its own process group so that stopping
 * it stops everything it started. Every live group is killed when this process exits or receives SIGINT, SIGTERM or
 * SIGHUP (a closed terminal). A SIGKILL of this process cannot be caught: for that, each group's leader is a small
 * `sh` watchdog that holds the read end of a pipe from this process, runs the command, and kills its own group when
 * the pipe reaches end-of-file, which the kernel makes happen when this process dies, however it dies. No JVM is left
 * behind by a finished, failed, interrupted or killed run.
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
  process.removeListener('SIGHUP', onSighup);
  handlersInstalled = false;
  // Without another listener the signal's default (ending this process) must still happen.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}
const onSigint = (): void => onSignal('SIGINT');
const onSigterm = (): void => onSignal('SIGTERM');
const onSighup = (): void => onSignal('SIGHUP');

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  process.on('SIGHUP', onSighup);
}

process.on('exit', () => {
  for (const pid of live) killGroup(pid, 'SIGKILL');
});

/**
 * The group leader: `sh -c WATCHDOG sh <command> <args…>`. Its standard input is a pipe from this process; it keeps
 * that pipe as descriptor 3 and gives the command /dev/null instead. A background subshell blocks reading descriptor 3
 * and, at end-of-file (this process is gone), kills the whole group. The leader itself waits for the command and exits
 * with its status; it ignores the SIGTERM/SIGINT a graceful `stop()` sends the group (the command gets it too and shuts
 * down), so the leader's exit still marks the command's end. `kill -KILL 0` is the group of the subshell, which is
 * the leader's group.
 */
const WATCHDOG = [
  'exec 3<&0 </dev/null',
  '"$@" 3<&- &',
  'c=$!',
  '( read -r _ <&3; kill -KILL 0 ) &',
  'w=$!',
  'exec 3<&-',
  "trap ':' TERM INT HUP",
  'while :; do wait "$c"; rc=$?; kill -0 "$c" 2>/dev/null || break; done',
  'kill "$w" 2>/dev/null',
  'exit "$rc"',
].join('\n');

/**
 * Starts `command` as the leader of a new process group, its stdout and stderr appended to `logFile`.
 * @param command executable
 * @param args its arguments
 */
export function startProcessGroup(command: string, args: readonly string[], options: { cwd: string; logFile: string; env?: NodeJS.ProcessEnv }): ProcessGroup {
  const log = fs.openSync(options.logFile, 'a');
  const child = spawn('/bin/sh', ['-c', WATCHDOG, 'sh', command, ...args], { cwd: options.cwd, env: options.env ?? process.env, detached: true, stdio: ['pipe', log, log] });
  fs.closeSync(log);
  // The pipe's write end stays open for as long as this process lives and is never written to; it must not keep this
  // process's event loop alive.
  child.stdin?.on('error', () => undefined);
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
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
