import { main } from '../../bin/cli';
import { Clock } from '../../lib/clock';
import { FakeClock } from '../support/fake-clock';

/**
 * Runs the CLI's main with captured output: exit code, stdout, stderr. Its waits run on `clock` (a fake clock at
 * 2026-11-30T05:00:00Z unless given): polls and backoffs take no time, and elapsed times are exact.
 */
export async function runCli(argv: string[], clock: Clock = new FakeClock()): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = []; const err: string[] = [];
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { out.push(String(chunk)); return true; });
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => { err.push(String(chunk)); return true; });
  try { const code = await main(argv, clock); return { code, out: out.join(''), err: err.join('') }; } finally { o.mockRestore(); e.mockRestore(); }
}

/** `-c env=staging -c flavor=managed`: the example pipeline's staging environment on the managed flavor. */
export const STAGING_MANAGED = ['-c', 'env=staging', '-c', 'flavor=managed'];
