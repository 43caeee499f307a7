import { copyFileSync, cpSync, linkSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Puts a copy of the directory `source` at `destination` (created), each regular file hard-linked when the file
 * system allows it and copied when it does not (another device, no hard links); anything else (a symbolic link) as
 * `cpSync` copies it. For Lambda assets assembled by local bundling from installed packages: the asset's content is
 * the same as a copy's, and a synth does not copy the package's files again (kafkajs: 391 files; a hard link costs a
 * fraction of a copy). Nothing in a cloud assembly is written after staging, so the shared files are never changed
 * through it.
 */
export function linkTree(source: string, destination: string): void {
  mkdirSync(destination, { recursive: true });
  for (const entry of readdirSync(source, { withFileTypes: true })) {
    const from = join(source, entry.name);
    const to = join(destination, entry.name);
    if (entry.isDirectory()) {
      linkTree(from, to);
    } else if (entry.isFile()) {
      try {
        linkSync(from, to);
      } catch {
        copyFileSync(from, to);
      }
    } else {
      cpSync(from, to);
    }
  }
}
