import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Where Debian's `chromium` package puts the browser; `CHROMIUM`, when set, is the only place looked at. */
export function findChromium(): string | undefined {
  const override = process.env.CHROMIUM;
  const candidates = override !== undefined && override !== '' ? [override] : ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((c): c is string => c !== undefined && c.length > 0 && fs.existsSync(c));
}

/** Flags for a sandbox-less, offline, quiet headless run. */
function baseArgs(userDataDir: string): string[] {
  return ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--hide-scrollbars', `--user-data-dir=${userDataDir}`];
}

function run(binary: string, args: string[]): string {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-profile-'));
  try {
    const result = spawnSync(binary, [...baseArgs(userDataDir), ...args], { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
    if (result.error) throw result.error;
    if (result.status !== 0) throw new Error(`${binary} exited with ${result.status}: ${result.stderr}`);
    return result.stdout;
  } finally {
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

/** The DOM of a local HTML file after Chromium parsed and laid it out (`--dump-dom`). */
export function dumpDom(binary: string, htmlFile: string): string {
  return run(binary, ['--dump-dom', `file://${path.resolve(htmlFile)}`]);
}

/** A PNG screenshot of a local HTML file at a window size. */
export function screenshot(binary: string, htmlFile: string, pngFile: string, size: { readonly width: number; readonly height: number }): void {
  fs.mkdirSync(path.dirname(path.resolve(pngFile)), { recursive: true });
  run(binary, [`--screenshot=${path.resolve(pngFile)}`, `--window-size=${size.width},${size.height}`, `file://${path.resolve(htmlFile)}`]);
  if (!fs.existsSync(pngFile)) throw new Error(`${binary} wrote no screenshot to ${pngFile}`);
}
