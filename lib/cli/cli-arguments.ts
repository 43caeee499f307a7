/** A wrong command line: printed as one line with the usage, exit status 2 (no stack trace). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Parsed command line: positional words, `-c key=value` context, `--flag [value]` options. */
export interface CliArguments {
  readonly words: string[];
  readonly context: Record<string, string>;
  readonly options: Record<string, string | true>;
}

/** Flags that take no value. */
const BOOLEAN_FLAGS = new Set(['no-synth', 'line-items', 'help', 'debug', 'dry-run', 'no-wait', 'fresh']);
const COMMON_FLAGS = ['help', 'debug'];
/** Flags of every operations verb: which definitions, and which of their pipelines. */
const TARGET_FLAGS = ['definitions', 'export', 'pipeline', ...COMMON_FLAGS];
const CHANGE_FLAGS = ['dry-run', 'no-wait', ...TARGET_FLAGS];

/** The flags each command accepts, by its words (`compare`, `prices refresh`, …). */
export const COMMAND_FLAGS: Readonly<Record<string, readonly string[]>> = {
  'compare': ['out', 'no-synth', 'line-items', 'chart-png', 'prices', 'definitions', 'export', ...COMMON_FLAGS],
  'prices refresh': ['region', 'ids', 'file', ...COMMON_FLAGS],
  'state-lock': ['definitions', 'export', 'assembly', 'lock-dir', ...COMMON_FLAGS],
  'schema lock': ['definitions', 'export', 'assembly', 'lock-dir', ...COMMON_FLAGS],
  'status': ['prices', ...TARGET_FLAGS],
  'topics': TARGET_FLAGS,
  'lag': TARGET_FLAGS,
  'scale': ['parallelism', ...CHANGE_FLAGS],
  'snapshot': CHANGE_FLAGS,
  'start': ['from', ...CHANGE_FLAGS],
  'stop': ['from', ...CHANGE_FLAGS],
  'verify': ['records', 'timeout', 'load', 'for', 'dry-run', ...TARGET_FLAGS],
  'local': ['load', 'for', 'fresh', 'dir', ...TARGET_FLAGS],
  'local query': ['dir', ...TARGET_FLAGS],
  'local produce': ['dir', 'as', 'file', ...TARGET_FLAGS],
};

/** Positional words a command takes after its own words (`scale <job>`). */
const COMMAND_ARGUMENTS: Readonly<Record<string, number>> = { 'scale': 1, 'snapshot': 1, 'start': 1, 'stop': 1, 'local query': 1, 'local produce': 1 };

/** Edit distance of two short strings (for "did you mean"). */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** ` (did you mean X?)` for the closest known word within two edits, else nothing. */
export function suggestion(word: string, known: readonly string[], prefix = ''): string {
  const best = known.map((k) => ({ k, d: distance(word, k) })).sort((x, y) => x.d - y.d)[0];
  return best !== undefined && best.d <= 2 ? ` (did you mean ${prefix}${best.k}?)` : '';
}

/** The command a line of words names (`prices refresh` is two words), if it is a known one. */
export function commandOf(words: readonly string[]): string | undefined {
  const one = words[0];
  const two = words.slice(0, 2).join(' ');
  if (two in COMMAND_FLAGS) return two;
  return one !== undefined && one in COMMAND_FLAGS ? one : undefined;
}

const ALL_FLAGS = [...new Set(Object.values(COMMAND_FLAGS).flat())];

/** Throws a UsageError for a flag the command (or, before the command is known, every command) does not take. */
function checkFlag(name: string, command: string | undefined): void {
  const allowed = command !== undefined ? COMMAND_FLAGS[command] ?? [] : ALL_FLAGS;
  if (allowed.includes(name)) return;
  throw new UsageError(`${command !== undefined ? `${command}: ` : ''}unknown flag --${name}${suggestion(name, allowed, '--')}`);
}

/**
 * Parses `argv` (without node and script). Flags a known command does not take, flags without their value and extra
 * words are UsageErrors, each naming the flag and, for a typo, the flag meant.
 */
export function parseArguments(argv: readonly string[]): CliArguments {
  const words: string[] = []; const context: Record<string, string> = {}; const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '-c' || arg === '--context') {
      const [key, ...value] = (argv[++i] ?? '').split('=');
      if (!key || value.length === 0) throw new UsageError(`${arg} needs key=value, got ${JSON.stringify(argv[i])}`);
      context[key] = value.join('=');
    } else if (arg.startsWith('--')) {
      const [name = '', ...inline] = arg.slice(2).split('=');
      checkFlag(name, commandOf(words));
      if (BOOLEAN_FLAGS.has(name)) {
        if (inline.length > 0) throw new UsageError(`--${name} takes no value, got ${JSON.stringify(arg)}`);
        options[name] = true;
        continue;
      }
      const value = inline.length > 0 ? inline.join('=') : argv[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      options[name] = value;
    } else if (arg.startsWith('-') && arg.length > 1) {
      throw new UsageError(`unknown option ${arg}`);
    } else {
      words.push(arg);
    }
  }
  const command = commandOf(words);
  if (command !== undefined) {
    for (const name of Object.keys(options)) checkFlag(name, command);
    const extra = words.slice(command.split(' ').length + (COMMAND_ARGUMENTS[command] ?? 0));
    if (extra.length > 0) throw new UsageError(`${command}: unexpected argument ${JSON.stringify(extra[0])}`);
  }
  return { words, context, options };
}

/** A string option, or the fallback when it was not given. */
export function stringOption(args: CliArguments, name: string, fallback: string): string {
  const v = args.options[name];
  return typeof v === 'string' ? v : fallback;
}
