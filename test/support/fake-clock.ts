import { Clock } from '../../lib/clock';

/**
 * A clock tests drive: `sleep(ms)` moves its time on by `ms` at once (nothing waits on a timer), so a poll loop, a
 * backoff or a timeout runs in microseconds and its elapsed times are exact whatever the machine's load.
 * `sleep` with an aborted signal returns without moving time, as the system clock's would return early.
 */
export class FakeClock implements Clock {
  /** Every sleep asked for, in order (ms). */
  public readonly slept: number[] = [];
  private time: number;

  /** @param start the clock's first time (ms since the epoch); default 2026-11-30T05:00:00Z */
  constructor(start: number = Date.parse('2026-11-30T05:00:00Z')) {
    this.time = start;
  }

  public now(): number {
    return this.time;
  }

  public sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted === true) return Promise.resolve();
    this.slept.push(ms);
    this.advance(ms);
    return Promise.resolve();
  }

  /** Moves time on by `ms` (a test playing an outside event that takes time). */
  public advance(ms: number): void {
    this.time += Math.max(0, ms);
  }
}
