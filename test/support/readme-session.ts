import * as fs from 'fs';
import * as path from 'path';

const README = path.join(__dirname, '..', '..', 'README.md');

/**
 * The output the README shows for a command: the lines after `$ <command>` up to the end of its ```text block (with
 * the final newline the CLI prints). Tests compare it with the CLI's output on the same fixtures, so the README's
 * terminal sessions cannot drift from what the CLI prints.
 */
export function readmeSession(command: string): string {
  const readme = fs.readFileSync(README, 'utf8');
  const marker = `\`\`\`text\n$ ${command}\n`;
  const start = readme.indexOf(marker);
  if (start < 0) throw new Error(`README.md has no \`\`\`text block starting with "$ ${command}"`);
  const end = readme.indexOf('\n```', start + marker.length);
  return `${readme.slice(start + marker.length, end)}\n`;
}
