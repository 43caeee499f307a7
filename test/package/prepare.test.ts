import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { linkOwnBins } = require('../../scripts/prepare.js') as { linkOwnBins: (root: string) => string[] };

const ROOT = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; bin: Record<string, string> };

describe('`npx pipelines` right after `npm ci`', () => {
  test('`prepare` (run by npm ci, npm pack and git-URL installs) builds dist/ and links the bin; no prepack builds it twice', () => {
    expect(pkg.scripts.prepare).toBe('node scripts/prepare.js');
    expect(pkg.scripts.prepack).toBeUndefined();
    expect(pkg.bin).toEqual({ pipelines: 'dist/bin/cli.js' });
  });

  test('the checkout\'s own bin is linked into node_modules/.bin (npm links only dependencies\' bins)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipelines-prepare-'));
    try {
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'x', bin: pkg.bin }));
      fs.mkdirSync(path.join(dir, 'node_modules', '.bin'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'node_modules', '.bin', 'pipelines'), 'stale');
      const links = linkOwnBins(dir);
      expect(links).toEqual([path.join(dir, 'node_modules', '.bin', 'pipelines')]);
      expect(fs.readlinkSync(links[0] ?? '')).toBe(path.join('..', '..', 'dist', 'bin', 'cli.js'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('without node_modules (a tarball being packed elsewhere) it links nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipelines-prepare-'));
    try {
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'x', bin: pkg.bin }));
      expect(linkOwnBins(dir)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
