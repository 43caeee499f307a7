import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

function section(title: string): string {
  const start = readme.indexOf(`### ${title}\n`);
  if (start < 0) return '';
  const next = readme.slice(start + 1).search(/\n##+ /);
  return next < 0 ? readme.slice(start) : readme.slice(start, start + 1 + next);
}

describe('README "Serialization" answers with the code', () => {
  const text = section('Serialization');

  test('it names RecordFormat.AVRO_GLUE, the registry, the compatibility mode and the format jar', () => {
    for (const term of ['RecordFormat.AVRO_GLUE', 'AWS::Glue::Registry', 'AWS::Glue::Schema', 'BACKWARD', 'avro-glue', 'artifacts.avroGlueFormatVersion']) expect(text).toContain(term);
  });

  test('every file it points at exists', () => {
    const paths = [...text.matchAll(/`((?:lib|constructs|test)\/[^`*]+?\.(?:ts|sql))`/g)].map((m) => m[1]);
    expect(paths.length).toBeGreaterThanOrEqual(5);
    for (const p of paths) expect({ path: p, exists: fs.existsSync(path.join(ROOT, p)) }).toEqual({ path: p, exists: true });
  });
});
