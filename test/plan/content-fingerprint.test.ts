import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { App, Lazy, Stack, Token } from 'aws-cdk-lib';
import { fingerprintFiles, fingerprintJson, fingerprintText } from '../../lib/plan/content-fingerprint';

const ROOT = join(__dirname, '..', '..');

/** Every TypeScript source under `dir` (runtime copies and generated imports are compiled from these or hold no hashing). */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('content fingerprints', () => {
  const stack = new Stack(new App(), 'S');
  const stringToken = Lazy.string({ produce: () => 'resolved later' });
  const numberToken = Token.asNumber(Lazy.number({ produce: () => 1 }));

  test('are stable hashes of literal content', () => {
    expect(fingerprintText('orders', 't', 8)).toBe(fingerprintText('orders', 'other subject', 8));
    expect(fingerprintJson({ a: 1 }, 't')).not.toBe(fingerprintJson({ a: 2 }, 't'));
    expect(fingerprintFiles({ 'b.txt': '2', 'a.txt': '1' }, 't')).toBe(fingerprintFiles({ 'a.txt': '1', 'b.txt': '2' }, 't'));
    expect(fingerprintJson({ a: 1 }, 't')).toHaveLength(16);
  });

  test.each([
    ['a string token', () => fingerprintText(`s3://${stringToken}/jar`, 'jar location'), 'jar location: cannot fingerprint $, a deploy-time value'],
    ['a nested string token', () => fingerprintJson({ code: [{ key: stringToken }] }, 'app'), 'app: cannot fingerprint $.code[0].key, a deploy-time value'],
    ['a number token', () => fingerprintJson({ parallelism: numberToken }, 'app'), 'app: cannot fingerprint $.parallelism'],
    ['an IResolvable', () => fingerprintJson({ ref: Lazy.any({ produce: () => 'x' }) }, 'app'), 'app: cannot fingerprint $.ref'],
    ['a token in a file', () => fingerprintFiles({ 'a.sql': `SELECT '${stack.account}'` }, 'build context'), 'build context: cannot fingerprint $.a.sql'],
  ])('refuse %s', (_name, hash, message) => {
    expect(hash).toThrow(message);
    expect(hash).toThrow('pass deploy-time values as resource properties CloudFormation resolves, and hash literal values only');
  });

  test('no module hashes content except through them (so no fingerprint can hash an unresolved token)', () => {
    // The SigV4 signer of the Serverless topics handler hashes a request to sign it: a signature, not a fingerprint.
    const allowed = new Set(['lib/plan/content-fingerprint.ts', 'constructs/managed/topics/serverless-topics/handler.ts']);
    const hashing = ['lib', 'constructs', 'charts', 'bin'].flatMap((dir) => sources(join(ROOT, dir)))
      .filter((file) => /\bcreateHash\s*\(/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file).split('\\').join('/'))
      .filter((file) => !allowed.has(file));
    expect(hashing).toEqual([]);
  });
});
