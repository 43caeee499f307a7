import * as path from 'path';
import { JavaVersion } from '../catalog/java-version';
import { runMaven } from './maven';
import { findJdk, pipelinesCacheDir } from './toolchain';

/**
 * What the local Kafka needs of the shared toolchain (`lib/local/maven.ts`, `lib/local/toolchain.ts`): Maven with a
 * purpose in its errors, the JDK, the cache directory, and a line splitter for the broker's and the tool's output.
 */

/** A line of output of a child process, for progress. */
export type ProgressListener = (line: string) => void;

/** The directory local runs cache downloads and builds in (the shared toolchain's `pipelinesCacheDir`). */
export function localCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return pipelinesCacheDir(env);
}

/** The `java` of the local broker and its tool: a JDK 17 (`JAVA_HOME` if set), as the shared toolchain finds it. */
export function javaExecutable(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(findJdk(JavaVersion.JAVA_17, { env }).home, 'bin', 'java');
}

/** Options of runMavenGoals. */
export interface MavenRun {
  /** Directory of the `pom.xml`. */
  readonly projectDir: string;
  /** Goals and `-D` options, e.g. `['dependency:copy-dependencies', '-DoutputDirectory=libs']`. */
  readonly args: readonly string[];
  /** Receives the download lines. */
  readonly onProgress?: ProgressListener;
  /** What the run is for, in the error message. */
  readonly purpose: string;
}

/** Runs Maven through the shared `runMaven` (JDK 17, batch mode, Maven's last lines on failure), naming the purpose. */
export async function runMavenGoals(run: MavenRun): Promise<void> {
  try {
    await runMaven({ projectDir: run.projectDir, goals: run.args, javaHome: findJdk(JavaVersion.JAVA_17).home, ...(run.onProgress !== undefined ? { onProgress: run.onProgress } : {}) });
  } catch (error) {
    throw new Error(`${run.purpose}: ${(error as Error).message}`);
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
