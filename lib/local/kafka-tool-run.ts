import { spawn } from 'child_process';
import { KafkaTool, LOCAL_KAFKA_TOOL_MAIN } from './kafka-tool';
import { ProgressListener, forEachLine, javaExecutable } from './kafka-maven';

/** Why a local Kafka tool command failed (from its exit code). */
export type KafkaToolFailureKind = 'authorization' | 'authentication' | 'usage' | 'failure';

/**
 * A local Kafka tool command that failed. `message` is the tool's one-line error: for a denied request
 * `error: authorization: org.apache.kafka.common.errors.TopicAuthorizationException: Not authorized to access topics: [clicks]`.
 */
export class KafkaToolError extends Error {
  constructor(
    message: string,
    /** `authorization` (exit 3), `authentication` (4), `usage` (2) or `failure` (anything else). */
    public readonly kind: KafkaToolFailureKind,
    public readonly exitCode: number,
  ) {
    super(message);
    this.name = 'KafkaToolError';
  }
}

const KINDS: Record<number, KafkaToolFailureKind> = { 2: 'usage', 3: 'authorization', 4: 'authentication' };

/**
 * Runs one command of the tool (`setup`, `produce`, …) in a JVM with the broker's jars and returns its stdout;
 * stderr lines (progress) go to `onProgress`. Rejects with a KafkaToolError carrying the tool's error line.
 */
export async function runKafkaTool(tool: KafkaTool, args: readonly string[], options: { onProgress?: ProgressListener; stdin?: string } = {}): Promise<string> {
  const child = spawn(javaExecutable(), ['-Xmx256m', '-XX:TieredStopAtLevel=1', '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
    '-cp', tool.classpath, LOCAL_KAFKA_TOOL_MAIN, ...args], { stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  let stdout = '';
  const errors: string[] = [];
  const { stdout: out, stderr: err } = child;
  if (out === null || err === null) throw new Error('local Kafka tool: no output pipes');
  out.setEncoding('utf8');
  out.on('data', (chunk: string) => {
    stdout += chunk;
  });
  forEachLine(err, (line) => {
    if (line.startsWith('error: ')) errors.push(line);
    else options.onProgress?.(line);
  });
  if (options.stdin !== undefined && child.stdin !== null) child.stdin.end(options.stdin);
  const code = await new Promise<number>((resolve, reject) => {
    child.on('error', (error) => reject(new Error(`local Kafka tool: could not start "${javaExecutable()}" (${error.message}) — install a JDK 17+ or set JAVA_HOME`)));
    child.on('close', (status) => resolve(status ?? 1));
  });
  if (code !== 0) {
    const message = errors.length > 0 ? errors.join('\n') : `error: local Kafka tool "${args[0]}" exited with ${code} without a message`;
    throw new KafkaToolError(message, KINDS[code] ?? 'failure', code);
  }
  return stdout;
}
