/** What the newcomer run does with a command of README.md (see readme-commands.js). */
export type CommandPlan =
  | { readonly kind: 'run'; readonly run: string }
  | { readonly kind: 'instead'; readonly run: string; readonly reason: string }
  | { readonly kind: 'skip'; readonly reason: string };

/** One command of the README. */
export interface ReadmeCommand {
  /** 1-based line of README.md. */
  readonly line: number;
  /** The command as the README writes it. */
  readonly command: string;
  readonly plan: CommandPlan;
}

/** The commands of `readme` (the text of README.md) in order, each with its plan; throws on an annotation that matches nothing. */
export function readmeCommands(readme: string): ReadmeCommand[];
