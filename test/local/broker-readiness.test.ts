import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import { WaitClock, waitForBroker } from '../../lib/local/broker-readiness';

/** A clock whose sleeps advance time at once and run `onSleep` (the "world" changing meanwhile). */
function fakeClock(onSleep: (now: number) => void = () => undefined): WaitClock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
      onSleep(now);
    },
  };
}

const running = { hasExited: () => false, exited: new Promise<number | string>(() => undefined) };
let dir: string;
let logFile: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broker-readiness-'));
  logFile = path.join(dir, 'broker.log');
  fs.writeFileSync(logFile, 'starting\n');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('waitForBroker', () => {
  test('times out on the injected clock with the log tail when the broker never says it started', async () => {
    const clock = fakeClock();
    await expect(waitForBroker({ broker: running, logFile, port: 1, clock, timeout: Duration.seconds(5) }))
      .rejects.toThrow(`local Kafka: the broker did not start within 5 seconds; last lines of ${logFile}:\nstarting`);
    expect(clock.slept).toHaveLength(20);
    expect(clock.slept.every((ms) => ms === 250)).toBe(true);
  });

  test('fails at once with the exit code when the broker exits during start-up', async () => {
    fs.appendFileSync(logFile, 'ERROR bad config\n');
    const exited = { hasExited: () => true, exited: Promise.resolve<number | string>(1) };
    await expect(waitForBroker({ broker: exited, logFile, port: 1, clock: fakeClock(), timeout: Duration.seconds(5) }))
      .rejects.toThrow('the broker exited during start-up (1); last lines of');
  });

  test('keeps waiting while the log says started but the port refuses connections', async () => {
    fs.appendFileSync(logFile, '[KafkaRaftServer nodeId=1] Kafka Server started\n');
    // Port 1 on 127.0.0.1 refuses: the wait must not end as ready.
    await expect(waitForBroker({ broker: running, logFile, port: 1, clock: fakeClock(), timeout: Duration.seconds(1) }))
      .rejects.toThrow('did not start within 1 second');
  });

  test('returns once the log says started and the port accepts', async () => {
    const net = await import('net');
    const server = net.createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as import('net').AddressInfo).port;
    const clock = fakeClock((now) => {
      if (now >= 1000) fs.appendFileSync(logFile, '[KafkaRaftServer nodeId=1] Kafka Server started\n');
    });
    try {
      await waitForBroker({ broker: running, logFile, port, clock, timeout: Duration.seconds(30) });
      expect(clock.now()).toBe(1000);
    } finally {
      server.close();
    }
  });
});
