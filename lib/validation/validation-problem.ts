/** One problem of a definition or an environment: where, what was found, and how to fix it. */
export interface ValidationProblem {
  /** Path in the input, e.g. `jobs[1] ("orders-to-lake").sinks[0]`. */
  readonly path: string;
  /** What is wrong, naming the value found. */
  readonly message: string;
  /** What to do about it. */
  readonly fix: string;
}

/** Formats one problem as `<path>: <message> — <fix>`. */
export function formatProblem(problem: ValidationProblem): string {
  return `${problem.path}: ${problem.message} — ${problem.fix}`;
}

/**
 * Thrown when an input has problems: carries all of them, and its message lists each on its own line.
 * The CDK app prints the message and exits non-zero without a stack trace.
 */
export class PipelineValidationError extends Error {
  public readonly problems: readonly ValidationProblem[];

  /**
   * @param subject what was validated, e.g. `pipeline "orders"` or `environment "prod"`
   */
  constructor(public readonly subject: string, problems: readonly ValidationProblem[]) {
    const plural = problems.length === 1 ? 'problem' : 'problems';
    super(`${subject} has ${problems.length} ${plural}:\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`);
    this.name = 'PipelineValidationError';
    this.problems = problems;
  }
}

/** Throws a PipelineValidationError if there is any problem. */
export function throwIfProblems(subject: string, problems: readonly ValidationProblem[]): void {
  if (problems.length > 0) throw new PipelineValidationError(subject, problems);
}
