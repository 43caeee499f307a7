/** Milliseconds between two polls of a long wait. */
export const POLL_INTERVAL_MS = 15_000;

/** `2 min 5 s` / `40 s`: how long a wait has lasted, from `since` to `now` (both from the wait's clock). */
export function elapsed(since: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - since) / 1000));
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
