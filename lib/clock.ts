/**
 * Time as code that waits sees it: the current time and a sleep. Every wait, poll, retry and backoff of the CLI takes
 * a clock instead of calling `Date.now` or `setTimeout`, so a test drives time (a fake clock whose sleep moves its
 * time on at once) instead of racing the wall clock of a loaded machine.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /**
   * Resolves after `ms` milliseconds, or as soon as `signal` aborts (the rest of the wait is skipped; no error).
   * @param ms how long to wait; 0 or less resolves on the next turn of the event loop
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function timerSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) { resolve(); return; }
    const done = (): void => { clearTimeout(timer); resolve(); };
    const timer = setTimeout(() => { signal?.removeEventListener('abort', done); resolve(); }, Math.max(0, ms));
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** The machine's clock: `Date.now` and a timer. */
export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  sleep: timerSleep,
};

/** Whole seconds from `since` to the clock's now, for progress lines (`(12 s)`). */
export function secondsSince(clock: Clock, since: number): number {
  return Math.max(0, Math.round((clock.now() - since) / 1000));
}
