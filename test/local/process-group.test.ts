import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { processGroupGone } from '../support/process-groups';
import { startProcessGroup } from '../../lib/local/process-group';

/** Real processes (sh, sleep, a node child running the TypeScript through tsx's loader: no tsx wrapper process between); nothing timed: every wait is for an event, bounded by jest's timeout. */
jest.setTimeout(60_000);

const CHILD = path.join(__dirname, 'support', 'start-group-child.ts');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'process-group-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function until(predicate: () => boolean): Promise<void> {
  while (!predicate()) await new Promise((resolve) => setTimeout(resolve, 20));
}

test('the command\'s exit status is the group\'s, and its output goes to the log file', async () => {
  const log = path.join(dir, 'out.log');
  const group = startProcessGroup('sh', ['-c', 'echo hello; exit 7'], { cwd: dir, logFile: log });
  expect(await group.exited).toBe(7);
  expect(fs.readFileSync(log, 'utf8')).toBe('hello\n');
  expect(group.hasExited()).toBe(true);
});

test('stop(): the command gets SIGTERM and the group ends only when the command has finished shutting down', async () => {
  const log = path.join(dir, 'out.log');
  const marker = path.join(dir, 'shut-down');
  // The command traps TERM, writes a marker after its shutdown work, and exits 0.
  const script = `trap 'sleep 0.3; echo done > "${marker}"; exit 0' TERM; echo up; while :; do sleep 0.05; done`;
  const group = startProcessGroup('sh', ['-c', script], { cwd: dir, logFile: log });
  await until(() => fs.existsSync(log) && fs.readFileSync(log, 'utf8').includes('up'));
  await group.stop(30_000);
  expect(fs.existsSync(marker)).toBe(true);
  expect(await group.exited).toBe(0);
});

test('a command that cannot be started ends the group with 127 and says why in the log', async () => {
  const log = path.join(dir, 'out.log');
  const group = startProcessGroup(path.join(dir, 'no-such-program'), [], { cwd: dir, logFile: log });
  expect(await group.exited).toBe(127);
  expect(fs.readFileSync(log, 'utf8')).toMatch(/no-such-program/);
});

test.each(['SIGKILL', 'SIGHUP'] as const)('%s to the process that started the group takes the group down (no process left behind)', async (signal) => {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, path.join(dir, 'out.log')], { stdio: ['ignore', 'pipe', 'pipe'] });
  const groupPid = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk) => {
      out += String(chunk);
      const match = /ready (\d+)/.exec(out);
      if (match !== null) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`child exited with ${code} before starting the group`)));
  });
  try {
    expect(processGroupGone(groupPid)).toBe(false);
    const exited = new Promise((resolve) => child.on('exit', (code, sig) => resolve(sig ?? code)));
    child.kill(signal);
    await exited;
    await until(() => processGroupGone(groupPid));
    expect(processGroupGone(groupPid)).toBe(true);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    if (!processGroupGone(groupPid)) process.kill(-groupPid, 'SIGKILL');
  }
});
