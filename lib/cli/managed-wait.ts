/** Seconds between two polls of a long wait. */
export const POLL_INTERVAL_MS = 15_000;

/** Waits `ms` milliseconds (its own module so tests can make waits instant). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** `2 min 5 s` / `40 s`: how long a wait has lasted. */
export function elapsed(since: number, now: number = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - since) / 1000));
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
