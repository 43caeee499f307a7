import { ChildProcess, execFile, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..', '..');
const CLIENT = path.join(__dirname, 'aws-emulator-client.py');

/** What the emulator answered: a result, or the AWS error code and message it returned. */
export type EmulatorAnswer =
  | { readonly ok: true; readonly result: Record<string, unknown> }
  | { readonly ok: false; readonly code: string; readonly message: string };

/** moto in server mode on a free local port, and a boto3 client for it (both from `.venv-moto`). */
export interface MotoServer {
  readonly endpoint: string;
  /** One API call, e.g. `call('ssm.get_parameters', { Names: [...] })`. */
  call(operation: string, params?: Record<string, unknown>): Promise<EmulatorAnswer>;
  /** Stops the server and removes the temporary files. */
  stop(): Promise<void>;
}

/** `.venv-moto` with the pinned moto (created by scripts/moto-venv.sh on first use); the path of its `bin/`. */
function motoBin(): string {
  const result = spawnSync(path.join(ROOT, 'scripts', 'moto-venv.sh'), { encoding: 'utf8', timeout: 15 * 60 * 1000 });
  if (result.status !== 0) throw new Error(`scripts/moto-venv.sh failed (${result.status}): ${result.stderr}`);
  return path.dirname(result.stdout.trim());
}

/** Starts moto's server on 127.0.0.1 and a free port; resolves once it says where it listens. */
export async function startMotoServer(): Promise<MotoServer> {
  const bin = motoBin();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'moto-claims-'));
  const child: ChildProcess = spawn(path.join(bin, 'moto_server'), ['-H', '127.0.0.1', '-p', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stopOnExit = () => child.kill('SIGKILL');
  process.once('exit', stopOnExit);
  const stop = async () => {
    process.removeListener('exit', stopOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(scratch, { recursive: true, force: true });
  };
  let output = '';
  const endpoint = await new Promise<string>((resolve, reject) => {
    // A real process: a generous bound on its start, not a timing assumption.
    const timer = setTimeout(() => reject(new Error(`moto_server did not start within 120 s:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`moto_server exited (${code}) before listening:\n${output}`)); });
  }).catch(async (error: unknown) => { await stop(); throw error; });
  // After start, keep only the server's last lines (tracebacks), for the error of a call it crashed on.
  child.stdout?.on('data', (chunk: Buffer) => { output = (output + chunk.toString()).slice(-20_000); });
  child.stderr?.on('data', (chunk: Buffer) => { output = (output + chunk.toString()).slice(-20_000); });
  let requests = 0;
  const call = (operation: string, params: Record<string, unknown> = {}) => new Promise<EmulatorAnswer>((resolve, reject) => {
    const file = path.join(scratch, `request-${++requests}.json`);
    fs.writeFileSync(file, JSON.stringify({ call: operation, params }));
    execFile(path.join(bin, 'python'), [CLIENT, endpoint, file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${operation} failed in the client: ${stderr || error.message}\nmoto_server's output since it started:\n${output.split('\n').filter((l) => !/ HTTP\/1\.1" /.test(l)).slice(-30).join('\n')}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as EmulatorAnswer);
    });
  });
  return { endpoint, call, stop };
}
