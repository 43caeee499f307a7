// The shell commands of README.md's code blocks, and what the newcomer run (scripts/newcomer-run.js) does with each.
// Plain Node (no TypeScript) so the run works on a clone before `npm ci`; the types are in readme-commands.d.ts.
//
// A command is a line of a ```bash or ```sh block (comments and blank lines aside; a trailing `  # comment` is not part
// of it), or a `$ `-prefixed line of any other block (a terminal session). Every command runs as written unless an
// annotation in the README says otherwise, an HTML comment before its block:
//
//   <!-- newcomer-run skip: `<command>` — <why it cannot run on a fresh clone, and what covers it instead> -->
//   <!-- newcomer-run instead: `<command>` → `<the variant to run>` — <where the README documents the variant> -->
//
// An annotation applies to the next code block and must name one of its commands exactly; one that names none, or a
// newcomer-run comment of another form, is an error, so annotations cannot go stale or be ignored silently.
'use strict';

const ANNOTATION = /<!--\s*newcomer-run\s+(skip|instead):\s*`([^`]+)`\s*(?:→\s*`([^`]+)`\s*)?—\s*([\s\S]*?)\s*-->/g;
const SHELL_LANGUAGES = new Set(['bash', 'sh', 'shell']);

/** `command  # comment` → `command` (a `#` after whitespace, outside quotes). */
function withoutComment(line) {
  let quote;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote !== undefined) { if (c === quote) quote = undefined; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) return line.slice(0, i).trimEnd();
  }
  return line.trimEnd();
}

function parseAnnotation(match, line) {
  const [, kind, command, variant, reason] = match;
  const problem = (what) => new Error(`README.md:${line}: newcomer-run ${kind} for \`${command}\` ${what}`);
  if (reason.trim() === '') throw problem('gives no reason');
  if (kind === 'skip') {
    if (variant !== undefined) throw problem('names a variant: use "instead" to run one');
    return { line, command, plan: { kind: 'skip', reason } };
  }
  if (variant === undefined) throw problem('names no variant (`<command>` → `<variant>` — <reason>)');
  return { line, command, plan: { kind: 'instead', run: variant, reason } };
}

/** The commands of `readme` (the text of README.md) in order, each with its plan; throws on an annotation that matches nothing. */
function readmeCommands(readme) {
  const lineOf = (offset) => readme.slice(0, offset).split('\n').length;
  const annotations = [...readme.matchAll(ANNOTATION)].map((m) => parseAnnotation(m, lineOf(m.index)));
  const written = [...readme.matchAll(/<!--\s*newcomer-run\b/g)].map((m) => lineOf(m.index));
  const unread = written.filter((line) => !annotations.some((a) => a.line === line));
  if (unread.length > 0) {
    throw new Error(`README.md:${unread.join(', ')}: a newcomer-run comment not of the form <!-- newcomer-run skip: \`<command>\` — <reason> --> or <!-- newcomer-run instead: \`<command>\` → \`<variant>\` — <reason> -->`);
  }

  const commands = [];
  const used = new Set();
  let fence;
  let previousEnd = 0;
  readme.split('\n').forEach((text, index) => {
    const line = index + 1;
    const marker = /^```(\S*)/.exec(text);
    if (marker !== null) {
      if (fence === undefined) fence = { language: marker[1], start: line };
      else { previousEnd = line; fence = undefined; }
      return;
    }
    if (fence === undefined) return;
    const command = SHELL_LANGUAGES.has(fence.language)
      ? withoutComment(text.trim())
      : (text.startsWith('$ ') ? text.slice(2).trim() : '');
    if (command === '') return;
    // Annotations between the previous block and this one apply to this block.
    const start = fence.start;
    const annotation = annotations.find((a) => a.line > previousEnd && a.line < start && a.command === command);
    if (annotation !== undefined) used.add(annotation);
    commands.push({ line, command, plan: annotation === undefined ? { kind: 'run', run: command } : annotation.plan });
  });
  const stale = annotations.filter((a) => !used.has(a));
  if (stale.length > 0) {
    throw new Error(`README.md: newcomer-run annotations that name no command of the code block after them:\n${stale.map((a) => `  line ${a.line}: \`${a.command}\``).join('\n')}`);
  }
  return commands;
}

module.exports = { readmeCommands };
