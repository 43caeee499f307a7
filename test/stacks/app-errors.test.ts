import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

function run(script: string, args: string[] = []) {
  return spawnSync(process.execPath, [require.resolve('ts-node/dist/bin'), '--swc', script, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CDK_OUTDIR: require('fs').mkdtempSync(path.join(require('os').tmpdir(), 'broken-')) },
  });
}

describe('the CDK app on bad input', () => {
  test('a broken definition exits 1 and prints every problem with its path, without a stack trace', () => {
    const result = run('test/fixtures/broken-pipeline-app.ts');
    expect(result.status).toBe(1);
    expect(result.stderr).toBe([
      'pipeline "orders" has 3 problems:',
      '  - topics[0] ("orders").partitions: must be a whole number ≥ 1, got 0 — set at least 1 partition (or leave it out to derive it from the workload)',
      '  - jobs[1] ("customers-nightly").sinks[0]: unknown table "customer"; known tables: orders, customers — name a table of the pipeline',
      '  - jobs[0] ("orders-to-lake").parallelism.max: must be ≥ parallelism.initial (8), got 2 — raise max or lower initial',
      '',
    ].join('\n'));
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
