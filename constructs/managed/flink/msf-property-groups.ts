import { Token, Tokenization } from 'aws-cdk-lib';

/** Longest value MSF accepts in a runtime property. */
export const MSF_MAX_PROPERTY_VALUE_LENGTH = 2048;
/** Most entries MSF accepts in one property group. */
export const MSF_MAX_PROPERTIES_PER_GROUP = 50;
/** Most property groups MSF accepts per application. */
export const MSF_MAX_PROPERTY_GROUPS = 50;

/** Property group id prefix of the SQL script: `sql.0`, `sql.1`, … */
export const SQL_PROPERTY_GROUP_PREFIX = 'sql.';
/** Property group of runner settings applied when it creates the TableEnvironment. */
export const SETTINGS_PROPERTY_GROUP = 'settings';

/** MSF runtime property groups: group id → (key → value). */
export type PropertyGroups = Record<string, Record<string, string>>;

/** Literal text pieces and whole tokens (as their string form) of a string, in order. */
function fragments(text: string): string[] {
  const parsed = Tokenization.reverseString(text);
  if (parsed.length === 0) return [];
  if (parsed.length === 1) {
    const first: unknown = parsed.firstValue;
    return [typeof first === 'string' ? first : Token.asString(first)];
  }
  const joined: unknown = parsed.join({ join: (left: unknown, right: unknown) => [...(Array.isArray(left) ? left : [left]), right] });
  return (joined as unknown[]).map((f) => (typeof f === 'string' ? f : Token.asString(f)));
}

/**
 * The SQL script as MSF property groups (values are limited to 2,048 characters): the script is cut into ordered
 * parts — literal text in pieces of at most `maxPartLength` characters, each deploy-time token (the bootstrap
 * servers) as a part of its own — stored as keys `0000`, `0001`, … of groups `sql.0`, `sql.1`, … (50 keys each).
 * The runner concatenates the parts in group and key order, which gives back the script exactly.
 */
export function sqlPropertyGroups(sql: string, maxPartLength = 2000): PropertyGroups {
  const parts: string[] = [];
  for (const fragment of fragments(sql)) {
    if (Token.isUnresolved(fragment)) {
      parts.push(fragment);
      continue;
    }
    for (let i = 0; i < fragment.length; i += maxPartLength) parts.push(fragment.slice(i, i + maxPartLength));
  }
  const groups: PropertyGroups = {};
  parts.forEach((part, index) => {
    const group = `${SQL_PROPERTY_GROUP_PREFIX}${Math.floor(index / MSF_MAX_PROPERTIES_PER_GROUP)}`;
    groups[group] ??= {};
    groups[group][String(index).padStart(4, '0')] = part;
  });
  return groups;
}

/** Reassembles a script from `sqlPropertyGroups` output (tests; what the runner does). */
export function sqlFromPropertyGroups(groups: Readonly<Record<string, Readonly<Record<string, unknown>>>>, token: (value: unknown) => string = String): string {
  return Object.keys(groups)
    .filter((g) => g.startsWith(SQL_PROPERTY_GROUP_PREFIX))
    .sort((a, b) => Number(a.slice(SQL_PROPERTY_GROUP_PREFIX.length)) - Number(b.slice(SQL_PROPERTY_GROUP_PREFIX.length)))
    .flatMap((g) => Object.keys(groups[g]).sort().map((k) => {
      const value = groups[g][k];
      return typeof value === 'string' ? value : token(value);
    }))
    .join('');
}
