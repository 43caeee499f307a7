import { spawn } from 'child_process';
import { findMaven } from './toolchain';

/**
 * Runs Maven for local builds (the runner jar, the local Flink home). The default local repository (`~/.m2`) is used,
 * so the first run downloads from Maven Central and later runs can work offline.
 */

/** Options of `runMaven`. */
export interface RunMavenOptions {
  /** Directory holding the `pom.xml`. */
  readonly projectDir: string;
  /** Goals and phases, e.g. `['package']`. */
  readonly goals: readonly string[];
  /** `JAVA_HOME` Maven runs with (and compiles with). */
  readonly javaHome: string;
  /**
   * Work offline (`-o`): only the local repository, no network.
   * @default false
   */
  readonly offline?: boolean;
  /**
   * Called with each download line (`Downloading from central: …`, `Downloaded from central: …`); without it Maven runs
   * with `-ntp` and prints none.
   * @default - no progress
   */
  readonly onProgress?: (line: string) => void;
  /**
   * Extra environment variables for Maven (over this process's environment).
   * @default - none
   */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Extra arguments, e.g. `['-DskipTests']` or `-D` properties.
   * @default - none
   */
  readonly args?: readonly string[];
  /**
   * The `mvn` executable.
   * @default - findMaven()
   */
  readonly mvn?: string;
}

/** How many of Maven's meaningful output lines a failure reports. */
export const MAVEN_FAILURE_LINES = 40;

/** The command-line arguments of a Maven run (batch mode, no colors, `-ntp` without progress, `-o` offline). */
export function mavenArguments(options: Pick<RunMavenOptions, 'goals' | 'offline' | 'onProgress' | 'args'>): string[] {
  return [
    '-B',
    '-Dstyle.color=never',
    ...(options.onProgress === undefined ? ['-ntp'] : []),
    ...(options.offline === true ? ['-o'] : []),
    ...(options.args ?? []),
    ...options.goals,
  ];
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** A line of Maven output without color codes and trailing blanks. */
export function plainLine(line: string): string {
  return line.replace(ANSI, '').replace(/\s+$/, '');
}

/** Whether a Maven output line is worth reporting: not blank, not a separator or help boilerplate. */
export function isMeaningfulLine(line: string): boolean {
  const text = line.replace(/^\[(INFO|WARNING|ERROR)\]\s?/, '').trim();
  if (text === '') return false;
  if (/^-+$/.test(text) || /^-+<.*>-+$/.test(text)) return false;
  if (/^-> \[Help 1\]$/.test(text) || /^\[Help 1\] http/.test(text)) return false;
  if (/^(To see the full stack trace|Re-run Maven using|For more information about the errors|After correcting the problems)/.test(text)) return false;
  return true;
}

/** Whether a line reports a download. */
export function isProgressLine(line: string): boolean {
  return /^(\[INFO\] )?(Downloading|Downloaded) from /.test(line);
}

/** Keeps the last `limit` meaningful lines of Maven's output, fed in chunks as they arrive. */
export class MavenOutputTail {
  private readonly lines: string[] = [];
  private partial = '';

  public constructor(private readonly limit: number = MAVEN_FAILURE_LINES, private readonly onLine?: (line: string) => void) {}

  /** Adds a chunk of output (it may end in the middle of a line). */
  public push(chunk: string): void {
    const text = this.partial + chunk;
    const parts = text.split(/\r?\n/);
    this.partial = parts.pop() ?? '';
    for (const part of parts) this.add(part);
  }

  /** The retained lines, after the last partial line. */
  public finish(): string[] {
    if (this.partial !== '') this.add(this.partial);
    this.partial = '';
    return [...this.lines];
  }

  private add(raw: string): void {
    const line = plainLine(raw);
    this.onLine?.(line);
    if (!isMeaningfulLine(line)) return;
    this.lines.push(line);
    if (this.lines.length > this.limit) this.lines.shift();
  }
}

/** The error of a failed Maven run: what ran, where, and Maven's last meaningful lines. */
export function mavenFailure(args: readonly string[], projectDir: string, exit: string, tail: readonly string[]): Error {
  return new Error(`mvn ${args.join(' ')} failed in ${projectDir} (${exit}); its last ${tail.length} lines:\n${tail.join('\n')}`);
}

/**
 * Runs `mvn` in `projectDir` with `JAVA_HOME` set. Resolves when Maven succeeds; rejects with an Error holding Maven's
 * last ~40 meaningful output lines when it fails (or cannot start).
 */
export function runMaven(options: RunMavenOptions): Promise<void> {
  const mvn = options.mvn ?? findMaven();
  const args = mavenArguments(options);
  const progress = options.onProgress;
  const tail = new MavenOutputTail(MAVEN_FAILURE_LINES, progress === undefined ? undefined : (line) => {
    if (isProgressLine(line)) progress(line.replace(/^\[INFO\] /, ''));
  });
  return new Promise((resolve, reject) => {
    const child = spawn(mvn, args, {
      cwd: options.projectDir,
      env: { ...process.env, ...options.env, JAVA_HOME: options.javaHome },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => tail.push(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => tail.push(chunk));
    child.on('error', (error) => reject(new Error(`cannot run ${mvn} in ${options.projectDir}: ${error.message} — install Maven 3.8+ or set MAVEN_HOME`)));
    child.on('close', (code, signal) => {
      const lines = tail.finish();
      if (code === 0) resolve();
      else reject(mavenFailure(args, options.projectDir, signal !== null ? `killed by ${signal}` : `exit code ${code}`, lines));
    });
  });
}
