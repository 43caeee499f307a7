/**
 * The 5-field cron of `JobSchedule` (Kubernetes CronJob form, UTC): `minute hour day-of-month month day-of-week`, each
 * field a comma list of `*`, `n`, `n-m`, with an optional `/step` (`*\/s`, `n-m/s`, and `n/s` = `n-max/s`). Numbers
 * only (no `JAN`/`MON` names, no `?`, `L`, `W`, `#`): the form both Kubernetes (robfig/cron) and our EventBridge
 * conversion read the same way. Day-of-week is 0–6 from Sunday (Kubernetes refuses 7).
 */

/** One cron field: its name and allowed range. */
export interface CronFieldSpec {
  readonly name: 'minute' | 'hour' | 'day-of-month' | 'month' | 'day-of-week';
  readonly min: number;
  readonly max: number;
}

export const CRON_FIELDS: readonly CronFieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day-of-week', min: 0, max: 6 },
];

const ITEM = /^(\*|(\d{1,2})(?:-(\d{1,2}))?)(?:\/(\d{1,2}))?$/;

/**
 * The values a cron field matches, ascending, or the reason it is not valid for `spec`.
 */
export function expandCronField(field: string, spec: CronFieldSpec): number[] | string {
  const values = new Set<number>();
  for (const item of field.split(',')) {
    const m = ITEM.exec(item);
    if (m === null) return `${spec.name} item ${JSON.stringify(item)} is not *, n, n-m or one of them with /step`;
    const star = m[1] === '*';
    const from = star ? spec.min : Number(m[2]);
    const step = m[4] === undefined ? 1 : Number(m[4]);
    const to = star ? spec.max : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? spec.max : from;
    if (from < spec.min || from > spec.max || to < spec.min || to > spec.max) return `${spec.name} ${JSON.stringify(item)} is outside ${spec.min}–${spec.max}`;
    if (from > to) return `${spec.name} range ${JSON.stringify(item)} runs backwards`;
    if (step < 1) return `${spec.name} step in ${JSON.stringify(item)} must be ≥ 1`;
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}

/** A parsed 5-field cron: the fields as written and the values each matches. */
export interface ParsedCron {
  readonly fields: readonly string[];
  readonly values: readonly (readonly number[])[];
}

/** Parses a 5-field cron, or returns why it is not one. */
export function parseCron(expression: string): ParsedCron | string {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return `has ${fields.length} fields, not 5`;
  const values: number[][] = [];
  for (const [i, field] of fields.entries()) {
    const expanded = expandCronField(field, CRON_FIELDS[i]);
    if (typeof expanded === 'string') return expanded;
    values.push(expanded);
  }
  return { fields, values };
}
