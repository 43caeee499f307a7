import { spawn } from 'child_process';
import * as os from 'os';
import * as path from 'path';

/**
 * The local Kafka's own way to run Maven and Java: a small stand-in, private to `lib/local/kafka-*`, until the local
 * runtime's shared toolchain (`lib/local/maven.ts`, `lib/local/toolchain.ts`) replaces it. Keep it this small.
 */

/** A line of output of a child process, for progress. */
export type ProgressListener = (line: string) => void;

/** The directory local runs cache downloads and builds in: `$PIPELINES_CACHE_DIR`, else `~/.cache/event-pipelines`. */
export function localCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.PIPELINES_CACHE_DIR;
  return configured !== undefined && configured !== '' ? path.resolve(configured) : path.join(os.homedir(), '.cache', 'event-pipelines');
}

/** The `java` to run: `$JAVA_HOME/bin/java` when set, else `java` from the PATH. */
export function javaExecutable(env: NodeJS.ProcessEnv = process.env): string {
  return env.JAVA_HOME !== undefined && env.JAVA_HOME !== '' ? path.join(env.JAVA_HOME, 'bin', 'java') : 'java';
}

/** Options of runMavenGoals. */
export interface MavenRun {
  /** Directory of the `pom.xml`. */
  readonly projectDir: string;
  /** Goals and `-D` options, e.g. `['dependency:copy-dependencies', '-DoutputDirectory=libs']`. */
  readonly args: readonly string[];
  /** Receives every output line (downloads show as `Downloaded from central: …`). */
  readonly onProgress?: ProgressListener;
  /** What the run is for, in the error message. */
  readonly purpose: string;
}

/**
 * Runs `mvn -B <args>` in `projectDir` (batch mode, no colours, transfer progress per artifact, not per kilobyte).
 * Fails naming the purpose, the command and the last output lines when Maven is missing or exits non-zero.
 */
export async function runMavenGoals(run: MavenRun): Promise<void> {
  // Batch mode prints one "Downloaded from central: …" line per artifact (no per-kilobyte bar): progress without noise.
  const args = ['-B', '-Dstyle.color=never', ...run.args];
  const command = `mvn ${args.join(' ')}`;
  const tail: string[] = [];
  const onLine = (line: string): void => {
    tail.push(line);
    if (tail.length > 30) tail.shift();
    run.onProgress?.(line);
  };
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn('mvn', args, {
      cwd: run.projectDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    forEachLine(child.stdout, onLine);
    forEachLine(child.stderr, onLine);
    child.on('error', (error) => reject(new Error(`${run.purpose}: could not run Maven (${error.message}) — install Maven 3.8+ and put "mvn" on the PATH`)));
    child.on('close', (status) => resolve(status ?? 1));
  });
  if (code !== 0) {
    throw new Error(`${run.purpose}: "${command}" in ${run.projectDir} exited with ${code}; last lines:\n${tail.join('\n')}`);
  }
}

/** Calls `onLine` with every complete line the stream emits (and the unterminated rest at its end). */
export function forEachLine(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) onLine(line.replace(/\r$/, ''));
  });
  stream.on('end', () => {
    if (rest !== '') onLine(rest);
  });
}
