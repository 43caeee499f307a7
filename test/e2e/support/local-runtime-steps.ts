import * as fs from 'fs';
import { LocalRuntimeBroker } from '../../../lib/local/default-toolchain';
import { LocalRuntime } from '../../../lib/local/local-runtime';

/**
 * Steps the end-to-end tests share on a `LocalRuntime` (real Kafka, Flink MiniClusters, Iceberg tables). Each takes
 * the runtime when it is called, so a test that replaces its runtime (a restart with a new plan) passes the new one.
 */

/** The runtime's broker, with the admin client the tests produce and read lag through. */
export function brokerOf(runtime: LocalRuntime): LocalRuntimeBroker {
  return runtime.broker as LocalRuntimeBroker;
}

/** Waits for `n` more completed checkpoints of `job` than it had when called (each commits what it read to Iceberg). */
export async function awaitCheckpoints(runtime: LocalRuntime, job: string, n: number): Promise<void> {
  const now = (await runtime.awaitJobRunning(job)).checkpointsCompleted;
  await runtime.awaitProgress(job, (p) => p.checkpointsCompleted >= now + n);
}

/** `afterAll` of a runtime test: stops every process the runtime started (if it got that far), then removes `dirs`. */
export async function stopAndRemove(runtime: LocalRuntime | undefined, ...dirs: Array<string | undefined>): Promise<void> {
  try {
    await runtime?.stop();
  } finally {
    for (const dir of dirs) if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  }
}
