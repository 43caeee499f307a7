import { Duration, Token } from 'aws-cdk-lib';
import { ValidationProblem } from '../validation-problem';

/** The longest duration a definition may give (10 years): longer ones overflow Kafka and Flink settings. */
export const MAX_DEFINITION_DURATION = Duration.days(3650);

/** The longest free text a definition may hold in one field (names, SQL, comments have their own, tighter limits). */
export const MAX_TEXT_LENGTH = 65_536;

/** What a value is, for messages: `the string "6"`, `the number 6`, `null`, `an array`, `an object`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value instanceof Date) return 'a Date';
  if (typeof value === 'object') {
    const ctor = Object.getPrototypeOf(value)?.constructor?.name;
    return ctor && ctor !== 'Object' ? `a ${ctor}` : `an object with ${Object.keys(value).length === 0 ? 'no fields' : `fields ${Object.keys(value).slice(0, 6).join(', ')}`}`;
  }
  return `a ${typeof value}`;
}

/** A plain object or class instance (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads an untrusted value (a definition from JSON/YAML, from another copy of this package, or typed code that cast
 * around the types) field by field, collecting one problem per wrong shape with its path, the value found and the fix.
 * Each reader returns the value when its shape is right, else `undefined` (and records why).
 */
export class ShapeReader {
  public readonly problems: ValidationProblem[] = [];

  /** Records a problem. Always returns undefined, so readers can `return this.fail(...)`. */
  public fail(path: string, message: string, fix: string): undefined {
    this.problems.push({ path, message, fix });
    return undefined;
  }

  /** An object whose fields are all among `fields` (a typo in a JSON file is reported, not ignored). */
  public object(value: unknown, path: string, what: string, fields: readonly string[]): Record<string, unknown> | undefined {
    if (!isObject(value) || value instanceof Date) return this.fail(path, `must be ${what}, got ${describeValue(value)}`, `give ${what} with fields ${fields.join(', ')}`);
    for (const key of Object.keys(value)) {
      if (!fields.includes(key) && value[key] !== undefined) this.fail(`${path}.${key}`, `is not a field of ${what}`, `remove it; the fields are ${fields.join(', ')}`);
    }
    return value;
  }

  /** A string of 1–`maxLength` characters without CDK tokens (definitions are resolved at synth time). */
  public string(value: unknown, path: string, fix: string, maxLength = MAX_TEXT_LENGTH, allowEmpty = false): string | undefined {
    if (typeof value !== 'string') return this.fail(path, `must be a string, got ${describeValue(value)}`, fix);
    if (!allowEmpty && value.length === 0) return this.fail(path, 'is empty', fix);
    if (value.length > maxLength) return this.fail(path, `is ${value.length} characters long, more than the ${maxLength} allowed`, `shorten it to at most ${maxLength} characters`);
    if (Token.isUnresolved(value)) return this.fail(path, `contains an unresolved CDK token (${describeValue(value)})`, 'give a literal value: definitions are resolved before any stack exists');
    return value;
  }

  public optionalString(value: unknown, path: string, fix: string, maxLength = MAX_TEXT_LENGTH, allowEmpty = false): string | undefined {
    return value === undefined ? undefined : this.string(value, path, fix, maxLength, allowEmpty);
  }

  /** A finite number (not NaN, not ±Infinity, not a CDK token). */
  public number(value: unknown, path: string, fix: string): number | undefined {
    if (typeof value !== 'number') return this.fail(path, `must be a number, got ${describeValue(value)}`, fix);
    if (!Number.isFinite(value)) return this.fail(path, `must be a finite number, got ${value}`, fix);
    if (Token.isUnresolved(value)) return this.fail(path, 'is an unresolved CDK token', 'give a literal number: sizing runs before any stack exists');
    return value;
  }

  public optionalNumber(value: unknown, path: string, fix: string): number | undefined {
    return value === undefined ? undefined : this.number(value, path, fix);
  }

  public optionalBoolean(value: unknown, path: string): boolean | undefined {
    if (value === undefined || typeof value === 'boolean') return value;
    return this.fail(path, `must be true or false, got ${describeValue(value)}`, 'use a boolean (not a string or a number)');
  }

  /** An array whose entries each pass `item` (entries that do not are left out, their problems recorded). */
  public array<T>(value: unknown, path: string, fix: string, item: (entry: unknown, at: string, index: number) => T | undefined): T[] | undefined {
    if (!Array.isArray(value)) return this.fail(path, `must be an array, got ${describeValue(value)}`, fix);
    const out: T[] = [];
    value.forEach((entry, i) => {
      const read = item(entry, `${path}[${i}]`, i);
      if (read !== undefined) out.push(read);
    });
    return out.length === value.length ? out : undefined;
  }

  public optionalArray<T>(value: unknown, path: string, fix: string, item: (entry: unknown, at: string, index: number) => T | undefined): T[] | undefined {
    return value === undefined ? undefined : this.array(value, path, fix, item);
  }

  /** An array of strings (names). */
  public names(value: unknown, path: string, fix: string, optional = false): string[] | undefined {
    if (optional && value === undefined) return undefined;
    return this.array(value, path, fix, (entry, at) => this.string(entry, at, fix, 1000));
  }

  /**
   * A `Duration` of whole milliseconds up to 10 years. One from another copy of aws-cdk-lib (same shape) is accepted and
   * re-created as this copy's Duration, so later `instanceof` and unit conversions behave.
   */
  public duration(value: unknown, path: string, fix: string): Duration | undefined {
    if (!isObject(value) || typeof value.toMilliseconds !== 'function' || typeof value.toHumanString !== 'function') {
      return this.fail(path, `must be a Duration, got ${describeValue(value)}`, fix);
    }
    const candidate = value as unknown as Duration;
    if (typeof candidate.isUnresolved === 'function' && candidate.isUnresolved()) return this.fail(path, 'is an unresolved CDK token', 'give a literal Duration: definitions are resolved before any stack exists');
    let millis: number;
    try {
      millis = candidate.toMilliseconds({ integral: false });
    } catch {
      return this.fail(path, 'is not a readable Duration', fix);
    }
    if (!Number.isFinite(millis) || !Number.isInteger(millis)) return this.fail(path, `must be a whole number of milliseconds, got ${millis} ms`, fix);
    if (Math.abs(millis) > MAX_DEFINITION_DURATION.toMilliseconds()) return this.fail(path, `is longer than ${MAX_DEFINITION_DURATION.toHumanString()} (${millis} ms)`, fix);
    return value instanceof Duration ? value : Duration.millis(millis);
  }

  public optionalDuration(value: unknown, path: string, fix: string): Duration | undefined {
    return value === undefined ? undefined : this.duration(value, path, fix);
  }

  /** A valid Date (not `new Date('x')`), from this realm or another. */
  public date(value: unknown, path: string, fix: string): Date | undefined {
    if (!(value instanceof Date) && Object.prototype.toString.call(value) !== '[object Date]') return this.fail(path, `must be a Date, got ${describeValue(value)}`, fix);
    const time = (value as Date).getTime();
    if (!Number.isFinite(time)) return this.fail(path, 'is an invalid Date', fix);
    return new Date(time);
  }
}
