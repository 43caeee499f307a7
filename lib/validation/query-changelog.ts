import { sqlCode } from './transform-rules';

/**
 * What the text of a streaming query says about the changelog Flink derives for it: the constructs that make its result
 * *updating* (rows retracted or replaced later, `-U/+U/-D`) rather than insert-only. Read from the SQL text with
 * literals, comments and quoted names blanked (`sqlCode`), on Flink 1.20's changelog inference
 * (`FlinkChangelogModeInferenceProgram`). Conservative: when the text is ambiguous it says "updating" (the fix, a
 * primary key, is correct for an insert-only result too).
 *
 * Detected as updating:
 * - `GROUP BY` whose grouping does not name `window_start`/`window_end` of a `TUMBLE`/`HOP`/`CUMULATE` window TVF (a
 *   group aggregate; legacy `GROUP BY TUMBLE(…)` windows included, which the fix replaces by the TVF);
 * - an aggregate function (`COUNT`, `SUM`, `MIN`, `MAX`, `AVG`, …) outside `OVER` with no `GROUP BY` (a global aggregate);
 * - `SELECT DISTINCT`; `UNION` without `ALL`, `INTERSECT`, `EXCEPT`;
 * - `LEFT`/`RIGHT`/`FULL` (outer) joins that are not interval joins (no `BETWEEN`/`INTERVAL` bound on the event-time
 *   column of both sides) and not window joins (`window_start` and `window_end` in the condition);
 * - `NOT EXISTS` / `NOT IN (SELECT …)` (an anti join);
 * - `ROW_NUMBER`/`RANK`/`DENSE_RANK` (Top-N and deduplication: both replace rows, even keep-first on event time).
 * Not detected (insert-only, or beyond the text): an inner join of two streams forwards its inputs' changes, so
 * inner joins of append-only sources are append-only (their state grows, which `stateTtl` bounds); `OVER` aggregates
 * ordered by a time attribute; temporal (`FOR SYSTEM_TIME AS OF`) and lookup joins; `CROSS JOIN UNNEST`; views or
 * functions that hide any of the above; a `GROUP BY` inside a window TVF subquery that groups by something else.
 */
export interface UpdatingQuery {
  /** Why the result is updating, in words; empty when the text shows none of the constructs above. */
  readonly reasons: string[];
  /**
   * The columns of the outermost query's own non-windowed `GROUP BY` when it lists plain (optionally qualified) column
   * names: the result's unique key, which an upsert sink's primary key has to be.
   * @default - none (no such GROUP BY, or one with expressions)
   */
  readonly groupKey?: string[];
}

const WINDOW_TVF = /\btable\s*\(\s*(tumble|hop|cumulate)\s*\(/i;
const AGGREGATES = /\b(count|sum|min|max|avg|stddev_pop|stddev_samp|var_pop|var_samp|collect|listagg|first_value|last_value|array_agg|json_objectagg|json_arrayagg)\s*\(/gi;
const CLAUSE_END = /\b(where|group\s+by|having|order\s+by|limit|union|intersect|except|window|(?:left|right|full|inner|cross)?\s*(?:outer\s+)?join)\b|\)/i;

/** The index just after the parenthesis that closes the one at `open`, or the text's length. */
function closingParen(code: string, open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    if (code[i] === '(') depth++;
    else if (code[i] === ')' && --depth === 0) return i + 1;
  }
  return code.length;
}

/** A `GROUP BY` list: its text up to the next clause of its level, and the parenthesis depth it is written at. */
interface Grouping {
  readonly list: string;
  readonly depth: number;
}

const GROUPING_END = /\s+(having|order\s+by|limit|union|intersect|except|window)\b/iy;

/** Every `GROUP BY` list of the query. */
function groupings(code: string): Grouping[] {
  const found: Grouping[] = [];
  let depth = 0;
  let scanned = 0;
  for (const match of code.matchAll(/\bgroup\s+by\b/gi)) {
    const at = match.index ?? 0;
    for (; scanned < at; scanned++) {
      if (code[scanned] === '(') depth++;
      else if (code[scanned] === ')') depth--;
    }
    const start = at + match[0].length;
    let inner = 0;
    let end = code.length;
    for (let i = start; i < code.length; i++) {
      if (code[i] === '(') inner++;
      else if (code[i] === ')') {
        if (inner === 0) { end = i; break; }
        inner--;
      } else if (inner === 0) {
        GROUPING_END.lastIndex = i;
        if (GROUPING_END.test(code)) { end = i; break; }
      }
    }
    found.push({ list: code.slice(start, end).trim(), depth });
  }
  return found;
}

/** Items of a comma list at parenthesis depth 0. */
function topLevelItems(list: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < list.length; i++) {
    if (list[i] === '(') depth++;
    else if (list[i] === ')') depth--;
    else if (list[i] === ',' && depth === 0) { items.push(list.slice(from, i).trim()); from = i + 1; }
  }
  items.push(list.slice(from).trim());
  return items.filter((item) => item !== '');
}

function isWindowed(list: string, code: string): boolean {
  return WINDOW_TVF.test(code) && /\bwindow_(start|end)\b/i.test(list);
}

/** Aggregate calls that are not `… OVER (…)`. */
function hasPlainAggregate(code: string): boolean {
  for (const match of code.matchAll(AGGREGATES)) {
    const open = (match.index ?? 0) + match[0].length - 1;
    if (!/^\s*over\b/i.test(code.slice(closingParen(code, open)))) return true;
  }
  return false;
}

/** Outer joins that are neither interval joins on the event-time column nor window joins. */
function hasRegularOuterJoin(code: string, eventTimeColumn: string | undefined): boolean {
  for (const match of code.matchAll(/\b(left|right|full)\s+(outer\s+)?join\b/gi)) {
    const rest = code.slice((match.index ?? 0) + match[0].length);
    const on = /\bon\b/i.exec(rest);
    if (on === null) return true;
    const condition = rest.slice(on.index + 2);
    const end = CLAUSE_END.exec(condition);
    const text = end === null ? condition : condition.slice(0, end.index);
    const windowJoin = /\bwindow_start\b/i.test(text) && /\bwindow_end\b/i.test(text);
    const timeBound = eventTimeColumn !== undefined
      && (text.match(new RegExp(`\\b${eventTimeColumn.replace(/[^\w$]/g, '')}\\b`, 'gi')) ?? []).length >= 2
      && /\b(between|interval)\b/i.test(text);
    if (!windowJoin && !timeBound) return true;
  }
  return false;
}

/** `o.order_id` → `order_id`; undefined for anything but a (qualified) plain name. */
function plainColumn(item: string): string | undefined {
  const match = /^(?:[A-Za-z_][\w$]*\s*\.\s*)?([A-Za-z_][\w$]*)$/.exec(item);
  return match?.[1];
}

/**
 * Reads a streaming query's text for the constructs that make its result updating (see `UpdatingQuery`).
 * @param eventTimeColumn the job's event-time column, which an interval join bounds on both sides
 */
export function updatingQuery(query: string, eventTimeColumn?: string): UpdatingQuery {
  const code = sqlCode(query);
  const reasons: string[] = [];
  const all = groupings(code);
  const grouped = all.filter((g) => !isWindowed(g.list, code));
  if (grouped.length > 0) reasons.push('GROUP BY without a TUMBLE/HOP/CUMULATE window TVF (a group aggregate)');
  else if (all.length === 0 && hasPlainAggregate(code)) reasons.push('an aggregate without GROUP BY (a global aggregate)');
  if (/\bselect\s+distinct\b/i.test(code)) reasons.push('SELECT DISTINCT');
  if (/\bunion\b(?!\s+all\b)|\bintersect\b|\bexcept\b/i.test(code)) reasons.push('UNION (without ALL), INTERSECT or EXCEPT');
  if (hasRegularOuterJoin(code, eventTimeColumn)) reasons.push('an outer join without time bounds (a regular LEFT/RIGHT/FULL JOIN)');
  if (/\bnot\s+exists\b|\bnot\s+in\s*\(\s*select\b/i.test(code)) reasons.push('NOT EXISTS / NOT IN (SELECT …) (an anti join)');
  if (/\b(row_number|rank|dense_rank)\s*\(\s*\)\s*over\b/i.test(code)) reasons.push('ROW_NUMBER/RANK (Top-N or deduplication)');
  // Only the outermost query's own GROUP BY is the result's key; a grouping inside a subquery says nothing sure about it.
  const outermost = grouped.find((g) => g.depth === 0);
  const names = outermost === undefined ? undefined : topLevelItems(outermost.list).map(plainColumn);
  const groupKey = names !== undefined && names.every((n): n is string => n !== undefined) ? names : undefined;
  return groupKey === undefined ? { reasons } : { reasons, groupKey };
}
