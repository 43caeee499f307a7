/** Quoting for generated Flink SQL. */

/** A backtick-quoted identifier: `` `orders` ``; backticks inside are doubled. */
export function sqlIdentifier(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/** A string literal: `'value'`; single quotes inside are doubled. CDK tokens pass through unchanged. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The body of a `WITH (...)` clause: one `'key' = 'value'` per line, indented. */
export function sqlOptions(options: ReadonlyArray<readonly [string, string]>, indent = '  '): string {
  return options.map(([k, v]) => `${indent}${sqlString(k)} = ${sqlString(v)}`).join(',\n');
}
