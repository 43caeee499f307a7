import { createHash } from 'crypto';
import { Token, Tokenization } from 'aws-cdk-lib';

/**
 * The one place this package hashes content into a fingerprint (state fingerprints, build-context names, hashed
 * Kubernetes names, custom-resource fingerprints). A hash is only a fingerprint of what it was given: a CDK token
 * (`${Token[…]}`, an encoded number, an `IResolvable`) is the same text whatever it resolves to at deploy time, so a
 * fingerprint over one would miss exactly the changes it exists to catch. Both functions refuse content that holds one.
 */

/** Where in `value` the first unresolved token is (`$` is the value itself), or undefined when there is none. */
export function findUnresolvedToken(value: unknown, at = '$'): string | undefined {
  if (typeof value === 'string' || typeof value === 'number') return Token.isUnresolved(value) ? at : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  if (Tokenization.isResolvable(value)) return at;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnresolvedToken(value[i], `${at}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const found = findUnresolvedToken(item, `${at}.${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

function refuseTokens(value: unknown, subject: string): void {
  const at = findUnresolvedToken(value);
  if (at === undefined) return;
  throw new Error(`${subject}: cannot fingerprint ${at}, a deploy-time value (a CDK token hashes the same whatever it `
    + 'resolves to) — pass deploy-time values as resource properties CloudFormation resolves, and hash literal values only');
}

/**
 * The first `hexDigits` hex digits of the SHA-256 of `text` (UTF-8).
 * @param subject names what is fingerprinted, in the error
 * @throws when `text` holds an unresolved token
 */
export function fingerprintText(text: string, subject: string, hexDigits = 16): string {
  refuseTokens(text, subject);
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, hexDigits);
}

/**
 * {@link fingerprintText} of `JSON.stringify(value)` (key order as given).
 * @throws when `value` holds an unresolved token anywhere
 */
export function fingerprintJson(value: unknown, subject: string, hexDigits = 16): string {
  refuseTokens(value, subject);
  return fingerprintText(JSON.stringify(value), subject, hexDigits);
}

/**
 * {@link fingerprintText} of files given by relative path: each path and content, in path order, NUL-separated.
 * @throws when a path or a content holds an unresolved token
 */
export function fingerprintFiles(files: Readonly<Record<string, string>>, subject: string, hexDigits = 16): string {
  refuseTokens(files, subject);
  const hash = createHash('sha256');
  for (const rel of Object.keys(files).sort()) hash.update(rel).update('\0').update(files[rel]).update('\0');
  return hash.digest('hex').slice(0, hexDigits);
}
