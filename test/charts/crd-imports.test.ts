import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CRD_DIRECTORY } from './support/crd-schema-validator';

const ROOT = path.join(__dirname, '..', '..');
const SHARED_CRDS = path.join(ROOT, '..', 'shared', 'crds');

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** The id git gives a file's content (`git hash-object`): what UPSTREAM.md records per file. */
function gitBlobId(file: string): string {
  const content = fs.readFileSync(file);
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

/** Folders of charts/crds vendored straight from upstream (they hold an UPSTREAM.md), not copied from ../shared/crds. */
function upstreamFolders(): string[] {
  return fs.readdirSync(CRD_DIRECTORY).filter((name) => fs.existsSync(path.join(CRD_DIRECTORY, name, 'UPSTREAM.md'))).sort();
}

describe('vendored CRDs and generated imports', () => {
  test('the CRD copies are the upstream files of Strimzi 1.2.0, Flink Kubernetes Operator 1.15.0 and prometheus-operator 0.93.0', () => {
    expect(filesUnder(CRD_DIRECTORY)).toEqual([
      'README.md',
      'flink-kubernetes-operator-1.15.0/flinkdeployments.flink.apache.org-v1.yml',
      'flink-kubernetes-operator-1.15.0/flinksessionjobs.flink.apache.org-v1.yml',
      'prometheus-operator-0.93.0/UPSTREAM.md',
      'prometheus-operator-0.93.0/monitoring.coreos.com_podmonitors.yaml',
      'prometheus-operator-0.93.0/monitoring.coreos.com_prometheusrules.yaml',
      'strimzi-1.2.0/040-Crd-kafka.yaml',
      'strimzi-1.2.0/043-Crd-kafkatopic.yaml',
      'strimzi-1.2.0/044-Crd-kafkauser.yaml',
      'strimzi-1.2.0/045-Crd-kafkanodepool.yaml',
    ]);
  });

  // Only where the shared source is present (a fresh clone has just the copies).
  (fs.existsSync(SHARED_CRDS) ? test : test.skip)('the copies are byte-identical to ../shared/crds, and every other file is in a folder vendored from upstream', () => {
    for (const file of filesUnder(SHARED_CRDS)) {
      expect({ file, content: fs.readFileSync(path.join(CRD_DIRECTORY, file), 'utf8') }).toEqual({ file, content: fs.readFileSync(path.join(SHARED_CRDS, file), 'utf8') });
    }
    const shared = new Set(filesUnder(SHARED_CRDS));
    const notShared = filesUnder(CRD_DIRECTORY).filter((file) => !shared.has(file));
    expect(notShared.filter((file) => !upstreamFolders().includes(file.split(path.sep)[0]))).toEqual([]);
    expect(upstreamFolders().filter((folder) => fs.existsSync(path.join(SHARED_CRDS, folder)))).toEqual([]);
  });

  test('each CRD vendored straight from upstream is the git blob its UPSTREAM.md names (unmodified since it was copied)', () => {
    expect(upstreamFolders()).toEqual(['prometheus-operator-0.93.0']);
    for (const folder of upstreamFolders()) {
      const notes = fs.readFileSync(path.join(CRD_DIRECTORY, folder, 'UPSTREAM.md'), 'utf8');
      const recorded = [...notes.matchAll(/^\| `([^`]+\.ya?ml)` \| ([0-9a-f]{40}) \|$/gm)].map((m) => ({ file: m[1], blob: m[2] }));
      const yamls = fs.readdirSync(path.join(CRD_DIRECTORY, folder)).filter((f) => /\.ya?ml$/.test(f)).sort();
      expect(recorded.map((r) => r.file).sort()).toEqual(yamls);
      for (const { file, blob } of recorded) expect({ file, blob: gitBlobId(path.join(CRD_DIRECTORY, folder, file)) }).toEqual({ file, blob });
    }
  });

  (fs.existsSync(SHARED_CRDS) ? test : test.skip)('refreshing from ../shared/crds keeps the folders vendored from upstream', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'crds-'));
    fs.cpSync(CRD_DIRECTORY, path.join(out, 'crds'), { recursive: true });
    fs.mkdirSync(path.join(out, 'crds', 'stale-operator-0.1.0'));
    execFileSync(path.join(ROOT, 'scripts', 'refresh-crds.sh'), [SHARED_CRDS], { env: { ...process.env, CHARTS_DIR: out }, stdio: 'pipe' });
    expect(filesUnder(path.join(out, 'crds'))).toEqual(filesUnder(CRD_DIRECTORY));
    expect(filesUnder(path.join(out, 'imports'))).toEqual(filesUnder(path.join(ROOT, 'charts', 'imports')));
  }, 240_000);

  test('the committed imports are what `npm run crds` generates from the copies (never edited by hand)', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'crds-'));
    execFileSync(path.join(ROOT, 'scripts', 'refresh-crds.sh'), [CRD_DIRECTORY], { env: { ...process.env, CHARTS_DIR: out }, stdio: 'pipe' });
    const imports = path.join(ROOT, 'charts', 'imports');
    expect(filesUnder(path.join(out, 'imports'))).toEqual(filesUnder(imports));
    for (const file of filesUnder(imports)) {
      const generated = fs.readFileSync(path.join(out, 'imports', file), 'utf8');
      expect(generated === fs.readFileSync(path.join(imports, file), 'utf8')).toBe(true);
    }
  }, 240_000);
});
