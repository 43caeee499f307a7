import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { processGroupGone } from '../support/process-groups';

/**
 * No JVM is left behind when the process that started the broker is interrupted (SIGINT, SIGTERM) or exits: the
 * child below starts a broker and never stops it; the signal alone must take the broker's process group down.
 */
const CHILD = path.join(__dirname, 'support', 'start-local-kafka-child.ts');
const TSX = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');

async function startBrokerInChild(dir: string): Promise<{ child: ReturnType<typeof spawn>; brokerPid: number }> {
  const child = spawn(TSX, [CHILD, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const brokerPid = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk) => {
      out += String(chunk);
      const match = /ready (\d+)/.exec(out);
      if (match !== null) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`child exited with ${code} before the broker was ready: ${stderr}`)));
  });
  return { child, brokerPid };
}

test.each(['SIGINT', 'SIGTERM'] as const)('%s to the starting process stops the broker JVM and its group', async (signal) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-kafka-interrupt-'));
  const { child, brokerPid } = await startBrokerInChild(dir);
  try {
    expect(processGroupGone(brokerPid)).toBe(false);
    const exited = new Promise((resolve) => child.on('exit', (code, sig) => resolve(sig ?? code)));
    child.kill(signal);
    // The script re-raises the signal after killing its process groups, so it ends by that signal (tsx, in between,
    // reports it as 128 + the signal number).
    expect([signal, 128 + os.constants.signals[signal]]).toContain(await exited);
    // SIGKILL is delivered at once but the kernel may reap the group a moment later.
    for (let i = 0; i < 50 && !processGroupGone(brokerPid); i++) await new Promise((r) => setTimeout(r, 100));
    expect(processGroupGone(brokerPid)).toBe(true);
  } finally {
    if (!processGroupGone(brokerPid)) process.kill(-brokerPid, 'SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
