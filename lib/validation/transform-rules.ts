import { PipelineDefinition } from '../definition/pipeline-definition';
import { jobPath } from './paths';
import { ValidationProblem } from './validation-problem';

/**
 * The SQL of a transform with string literals, comments and backquoted identifiers blanked out (quoted identifiers
 * become the placeholder `\`…\``), so `;`, `FROM` and names are found only where Flink's parser sees them.
 */
export function sqlCode(query: string): string {
  return query
    .replace(/'(?:[^']|'')*'?/g, "''")
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?(\*\/|$)/g, ' ')
    .replace(/`(?:[^`]|``)*`?/g, '`…`');
}

/** The backquoted identifiers of a query in order, unquoted (outside literals and comments). */
export function quotedIdentifiers(query: string): string[] {
  const text = query.replace(/'(?:[^']|'')*'?/g, "''").replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?(\*\/|$)/g, ' ');
  return [...text.matchAll(/`((?:[^`]|``)*)`?/g)].map((m) => m[1].replace(/``/g, '`'));
}

/** Does `query` hold more than one statement? (any `;` outside literals and comments, even a trailing one) */
export function hasStatementSeparator(query: string): boolean {
  return sqlCode(query).includes(';');
}

/**
 * Unquoted relation names after FROM / JOIN that Flink's parser would read differently from how they are written:
 * `refunds-raw` is `refunds - raw`, `orders.v1` is table `v1` of database `orders`.
 */
export function misreadRelationNames(query: string): string[] {
  const names: string[] = [];
  for (const match of sqlCode(query).matchAll(/\b(?:from|join)\s+([A-Za-z_][\w$]*(?:\s*[-.]\s*[A-Za-z0-9_$]+)+)/gi)) names.push(match[1]);
  return names;
}

/** A transform is one SELECT (the runner wraps it in `INSERT INTO`), and names topics so Flink reads them as written. */
export function transformStatementRule(def: PipelineDefinition): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  def.jobs.forEach((job, i) => {
    for (const [sink, query] of Object.entries(job.transforms ?? {})) {
      const at = `${jobPath(i, job)}.transforms.${sink}`;
      if (hasStatementSeparator(query)) {
        problems.push({ path: at, message: 'contains ";": a transform is one SELECT statement, and anything after it would run as another statement', fix: 'remove the ";" and any statement after it' });
      }
      if (!/^\s*(\(\s*)*(select|with)\b/i.test(sqlCode(query))) {
        problems.push({ path: at, message: 'does not start with SELECT or WITH', fix: 'give the query that feeds the table: SELECT … FROM <source>' });
      }
      for (const name of misreadRelationNames(query)) {
        const written = name.replace(/\s+/g, '');
        problems.push({ path: at, message: `reads ${written} unquoted, which Flink SQL parses as ${written.includes('-') ? `"${written.split('-').join(' - ')}" (a subtraction)` : 'a database-qualified table'}`, fix: `quote the topic name with backquotes: \`${written}\`` });
      }
    }
  });
  return problems;
}
