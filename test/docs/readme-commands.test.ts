import * as fs from 'fs';
import * as path from 'path';
import { readmeCommands } from '../../scripts/newcomer/readme-commands';

/** What the newcomer run (`npm run test:newcomer`, scripts/newcomer-run.ts) reads from README.md; it runs them in CI. */
const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('the commands of README.md the newcomer run runs', () => {
  const commands = readmeCommands(README);

  test('the set-up block comes first and runs as written, then the CLI right after it', () => {
    expect(commands.slice(0, 3).map((c) => [c.command, c.plan.kind])).toEqual([
      ['npm ci && npx cdk synth', 'run'],
      ['npx pipelines --help', 'run'],
      ['npx pipelines compare', 'run'],
    ]);
  });

  test('every --dry-run of the README runs as written (no credentials, no cluster)', () => {
    const dryRuns = commands.filter((c) => c.command.includes('--dry-run'));
    expect(dryRuns.length).toBeGreaterThanOrEqual(4);
    expect(dryRuns.filter((c) => c.plan.kind !== 'run').map((c) => c.command)).toEqual([]);
  });

  test('what is not run as written says why in the README', () => {
    for (const { plan } of commands) if (plan.kind !== 'run') expect(plan.reason.length).toBeGreaterThan(20);
    expect(commands.find((c) => c.command === 'npx pipelines local -c env=dev --load 1 --for 2m')?.plan)
      .toEqual(expect.objectContaining({ kind: 'instead', run: 'npx pipelines local -c env=dev --load 1 --for 30s' }));
  });
});

describe('reading commands and annotations', () => {
  const block = (annotation: string, lines: string, language = 'bash') => `intro\n\n${annotation}\n\`\`\`${language}\n${lines}\n\`\`\`\n`;

  test('bash lines without comments; $ lines of other blocks; output lines are not commands', () => {
    const text = `${block('', '# a comment\nnpx a --x "#not a comment"   # a comment\n\nnpx b')}${block('', '$ npx c --dry-run\noutput line\n', 'text')}`;
    expect(readmeCommands(text).map((c) => [c.line, c.command])).toEqual([[6, 'npx a --x "#not a comment"'], [8, 'npx b'], [14, 'npx c --dry-run']]);
  });

  test('an annotation applies to the next block only', () => {
    const text = `${block('<!-- newcomer-run skip: `npx a` — needs an account of yours -->', 'npx a')}${block('', 'npx a')}`;
    expect(readmeCommands(text).map((c) => c.plan.kind)).toEqual(['skip', 'run']);
  });

  test('an annotation naming no command of its block is an error naming its line and command', () => {
    const text = block('<!-- newcomer-run skip: `npx gone` — needs an account of yours -->', 'npx a');
    expect(() => readmeCommands(text)).toThrow('README.md: newcomer-run annotations that name no command of the code block after them:\n  line 3: `npx gone`');
  });

  test('a newcomer-run comment of another form is an error, not ignored', () => {
    expect(() => readmeCommands(block('<!-- newcomer-run skip `npx a` because -->', 'npx a'))).toThrow('README.md:3: a newcomer-run comment not of the form');
  });

  test('instead without a variant, or without a reason, is an error', () => {
    expect(() => readmeCommands(block('<!-- newcomer-run instead: `npx a` — short -->', 'npx a'))).toThrow('README.md:3: newcomer-run instead for `npx a` names no variant');
    expect(() => readmeCommands(block('<!-- newcomer-run skip: `npx a` —  -->', 'npx a'))).toThrow('README.md:3: newcomer-run skip for `npx a` gives no reason');
  });
});
