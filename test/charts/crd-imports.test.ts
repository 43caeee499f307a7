import { execFileSync } from 'child_process';
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

describe('vendored CRDs and generated imports', () => {
  test('the CRD copies are the upstream files of Strimzi 1.2.0 and Flink Kubernetes Operator 1.15.0', () => {
    expect(filesUnder(CRD_DIRECTORY)).toEqual([
      'README.md',
      'flink-kubernetes-operator-1.15.0/flinkdeployments.flink.apache.org-v1.yml',
      'flink-kubernetes-operator-1.15.0/flinksessionjobs.flink.apache.org-v1.yml',
      'strimzi-1.2.0/040-Crd-kafka.yaml',
      'strimzi-1.2.0/043-Crd-kafkatopic.yaml',
      'strimzi-1.2.0/044-Crd-kafkauser.yaml',
      'strimzi-1.2.0/045-Crd-kafkanodepool.yaml',
    ]);
  });

  // Only where the shared source is present (a fresh clone has just the copies).
  (fs.existsSync(SHARED_CRDS) ? test : test.skip)('the copies are byte-identical to ../shared/crds', () => {
    for (const file of filesUnder(SHARED_CRDS)) {
      expect({ file, content: fs.readFileSync(path.join(CRD_DIRECTORY, file), 'utf8') }).toEqual({ file, content: fs.readFileSync(path.join(SHARED_CRDS, file), 'utf8') });
    }
  });

  test('the committed imports are what `npm run crds` generates from the copies (never edited by hand)', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'crds-'));
    execFileSync(path.join(ROOT, 'scripts', 'refresh-crds.sh'), [CRD_DIRECTORY], { env: { ...process.env, CHARTS_DIR: out }, stdio: 'pipe' });
    const imports = path.join(ROOT, 'charts', 'imports');
    expect(filesUnder(path.join(out, 'imports'))).toEqual(filesUnder(imports));
    for (const file of filesUnder(imports)) {
      const generated = fs.readFileSync(path.join(out, 'imports', file), 'utf8');
      expect(generated === fs.readFileSync(path.join(imports, file), 'utf8')).toBe(true);
    }
  }, 60_000);
});
