import { main } from '../../bin/cli';

/** Runs the CLI's main with captured output: exit code, stdout, stderr. */
export async function runCli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = []; const err: string[] = [];
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { out.push(String(chunk)); return true; });
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => { err.push(String(chunk)); return true; });
  try { const code = await main(argv); return { code, out: out.join(''), err: err.join('') }; } finally { o.mockRestore(); e.mockRestore(); }
}

/** `-c env=staging -c flavor=managed`: the example pipeline's staging environment on the managed flavor. */
export const STAGING_MANAGED = ['-c', 'env=staging', '-c', 'flavor=managed'];
