import * as fs from 'fs';
import * as net from 'net';
import { Duration } from 'aws-cdk-lib';
import { ProcessGroup } from './process-group';

/** Time as the waits see it: injectable, so tests drive it instead of racing it. */
export interface WaitClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** The real clock. */
export const SYSTEM_CLOCK: WaitClock = { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

/** What waitForBroker watches. */
export interface BrokerReadiness {
  /** The broker process: its exit ends the wait with an error. */
  readonly broker: Pick<ProcessGroup, 'hasExited' | 'exited'>;
  /** The broker's log: ready once it says `Kafka Server started`. */
  readonly logFile: string;
  /** The client port: ready once it also accepts a connection. */
  readonly port: number;
  readonly clock: WaitClock;
  readonly timeout: Duration;
  /** Pause between checks. @default Duration.millis(250) */
  readonly interval?: Duration;
}

/** Log line a KRaft broker writes when it has started (`[KafkaRaftServer nodeId=1] Kafka Server started`). */
const STARTED = /Kafka Server started/;

/**
 * Waits until the broker has logged that it started and its port accepts connections. Fails with the log's last
 * lines when the process exits first or the timeout (measured on `clock`) passes.
 */
export async function waitForBroker(wait: BrokerReadiness): Promise<void> {
  const deadline = wait.clock.now() + wait.timeout.toMilliseconds();
  for (;;) {
    if (wait.broker.hasExited()) {
      throw new Error(`local Kafka: the broker exited during start-up (${await wait.broker.exited}); last lines of ${wait.logFile}:\n${tail(wait.logFile)}`);
    }
    if (fs.existsSync(wait.logFile) && STARTED.test(fs.readFileSync(wait.logFile, 'utf8')) && await accepts(wait.port)) return;
    if (wait.clock.now() >= deadline) {
      throw new Error(`local Kafka: the broker did not start within ${wait.timeout.toHumanString()}; last lines of ${wait.logFile}:\n${tail(wait.logFile)}`);
    }
    await wait.clock.sleep((wait.interval ?? Duration.millis(250)).toMilliseconds());
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/** The last lines of a file, for error messages. */
export function tail(file: string, lines = 20): string {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') : '(no log)';
}
