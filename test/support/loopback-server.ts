import * as http from 'http';
import * as https from 'https';
import { AddressInfo } from 'net';

/** Per-test budget of a test that talks to a server on a real loopback socket (`allowRealSocketTime`). */
export const REAL_SOCKET_TEST_TIMEOUT_MS = 60_000;

/**
 * Starts `server` on a free port of 127.0.0.1 (never a fixed one) and resolves with the port once it listens, so a
 * client never connects before it does; a failure to listen rejects instead of leaving the test to time out.
 */
export function listen(server: http.Server | https.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    const failed = (error: Error): void => reject(error);
    server.once('error', failed);
    server.listen(0, '127.0.0.1', () => {
      server.removeListener('error', failed);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Stops `server`: drops every connection (idle or busy) first, so closing never waits on a kept-alive socket and no
 * client meets a half-closed one later; resolves when the port is released.
 */
export function close(server: http.Server | https.Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * Loads `@kubernetes/client-node` (an ES module Jest compiles on first use: seconds on a cold cache and a loaded
 * machine) in a `beforeAll` with its own bounded timeout, so no test's 5 s budget pays for it.
 */
export function preloadKubeClient(): void {
  beforeAll(async () => { await import('@kubernetes/client-node'); }, REAL_SOCKET_TEST_TIMEOUT_MS);
}

/**
 * Gives every test of the calling file `REAL_SOCKET_TEST_TIMEOUT_MS` instead of Jest's 5 s: the CLI reaches a fake API
 * server through real sockets and TLS, which on a loaded machine (load 10+ on 2 cores) can take seconds per request.
 * Only the budget is generous; no test waits on time (the CLI's waits run on a FakeClock).
 */
export function allowRealSocketTime(): void {
  jest.setTimeout(REAL_SOCKET_TEST_TIMEOUT_MS);
}
