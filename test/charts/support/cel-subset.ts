/**
 * An evaluator of the part of CEL the project's admission policies are written in, so tests run the expressions as
 * synthesized against admission requests instead of re-stating them: literals (strings in single quotes, integers,
 * booleans, null, lists), field and index access, `has()`, `size()`, `.startsWith()`, `.substring()`, the `all` and
 * `map` macros, `!`, `==`, `!=`, `in`, `+`, `&&`, `||` and `?:`. Anything else is a parse error, so a policy that
 * grows beyond this subset fails its tests instead of being misread. Like the API server, reading a field that is
 * not there is an error (the policy's `failurePolicy: Fail` then denies the request).
 */

type Value = unknown;
type Env = Record<string, Value>;
type Node = (env: Env) => Value;

const TOKEN = /\s*(?:('(?:[^'\\]|\\.)*')|(\d+)|([A-Za-z_][A-Za-z0-9_]*)|(==|!=|&&|\|\||[!?:.,()[\]+]))/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (m === null) throw new Error(`CEL subset: cannot read ${JSON.stringify(text.slice(at, at + 20))} in ${text}`);
    tokens.push(m[0].trim());
  }
  return tokens;
}

class MissingField extends Error {}

function field(target: Value, name: string): Value {
  if (target === null || typeof target !== 'object' || !(name in (target as object))) throw new MissingField(`no such key: ${name}`);
  return (target as Record<string, Value>)[name];
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: string[], private readonly text: string) {}

  parse(): Node {
    const node = this.conditional();
    if (this.i < this.tokens.length) throw new Error(`CEL subset: unexpected ${this.tokens[this.i]} in ${this.text}`);
    return node;
  }

  private peek(): string | undefined { return this.tokens[this.i]; }
  private eat(token: string): void {
    if (this.tokens[this.i] !== token) throw new Error(`CEL subset: expected ${token}, got ${this.tokens[this.i]} in ${this.text}`);
    this.i++;
  }

  private conditional(): Node {
    const test = this.or();
    if (this.peek() !== '?') return test;
    this.eat('?');
    const yes = this.conditional();
    this.eat(':');
    const no = this.conditional();
    return (env) => (test(env) === true ? yes(env) : no(env));
  }

  private or(): Node {
    let left = this.and();
    while (this.peek() === '||') { this.i++; const l = left, r = this.and(); left = (env) => l(env) === true || r(env) === true; }
    return left;
  }

  private and(): Node {
    let left = this.relation();
    while (this.peek() === '&&') { this.i++; const l = left, r = this.relation(); left = (env) => l(env) === true && r(env) === true; }
    return left;
  }

  private relation(): Node {
    const left = this.sum();
    const op = this.peek();
    if (op !== '==' && op !== '!=' && op !== 'in') return left;
    this.i++;
    const right = this.sum();
    if (op === 'in') return (env) => { const m = right(env); return m !== null && typeof m === 'object' && String(left(env)) in (m as object); };
    return op === '==' ? (env) => left(env) === right(env) : (env) => left(env) !== right(env);
  }

  private sum(): Node {
    let left = this.unary();
    while (this.peek() === '+') {
      this.i++;
      const l = left, r = this.unary();
      left = (env) => { const a = l(env), b = r(env); return Array.isArray(a) && Array.isArray(b) ? [...a, ...b] : (a as string) + (b as string); };
    }
    return left;
  }

  private unary(): Node {
    if (this.peek() !== '!') return this.postfix();
    this.i++;
    const operand = this.unary();
    return (env) => operand(env) !== true;
  }

  private postfix(): Node {
    let node = this.primary();
    for (;;) {
      if (this.peek() === '.') {
        this.i++;
        const name = this.tokens[this.i++];
        if (this.peek() === '(') node = this.method(node, name);
        else { const target = node; node = (env) => field(target(env), name); }
      } else if (this.peek() === '[') {
        this.i++;
        const key = this.conditional();
        this.eat(']');
        const target = node;
        node = (env) => field(target(env), String(key(env)));
      } else return node;
    }
  }

  private method(target: Node, name: string): Node {
    this.eat('(');
    if (name === 'all' || name === 'map') {
      const variable = this.tokens[this.i++];
      this.eat(',');
      const body = this.conditional();
      this.eat(')');
      return (env) => {
        const list = target(env);
        if (!Array.isArray(list)) throw new Error(`CEL subset: ${name}() on a non-list`);
        const each = list.map((item) => body({ ...env, [variable]: item }));
        return name === 'all' ? each.every((v) => v === true) : each;
      };
    }
    const args: Node[] = [];
    while (this.peek() !== ')') { args.push(this.conditional()); if (this.peek() === ',') this.i++; }
    this.eat(')');
    if (name === 'startsWith') return (env) => String(target(env)).startsWith(String(args[0](env)));
    if (name === 'substring') return (env) => String(target(env)).substring(Number(args[0](env)));
    throw new Error(`CEL subset: unsupported method ${name}() in ${this.text}`);
  }

  private primary(): Node {
    const token = this.tokens[this.i++];
    if (token === undefined) throw new Error(`CEL subset: unexpected end of ${this.text}`);
    if (token === '(') { const inner = this.conditional(); this.eat(')'); return inner; }
    if (token === '[') {
      const items: Node[] = [];
      while (this.peek() !== ']') { items.push(this.conditional()); if (this.peek() === ',') this.i++; }
      this.eat(']');
      return (env) => items.map((n) => n(env));
    }
    if (token.startsWith("'")) { const s = token.slice(1, -1).replace(/\\(.)/g, '$1'); return () => s; }
    if (/^\d+$/.test(token)) { const n = Number(token); return () => n; }
    if (token === 'true' || token === 'false') { const b = token === 'true'; return () => b; }
    if (token === 'null') return () => null;
    if (token === 'has') {
      this.eat('(');
      const start = this.i;
      const inner = this.postfix();
      this.eat(')');
      // has(a.b): a must exist; b may not.
      const path = this.tokens.slice(start, this.i - 1);
      const last = path[path.length - 1];
      if (path[path.length - 2] !== '.') throw new Error(`CEL subset: has() takes a field selection, got ${path.join('')}`);
      const parent = new Parser(path.slice(0, -2), this.text).parse();
      void inner;
      return (env) => { const p = parent(env); return p !== null && typeof p === 'object' && last in (p as object); };
    }
    if (token === 'size') {
      this.eat('(');
      const arg = this.conditional();
      this.eat(')');
      return (env) => { const v = arg(env); return typeof v === 'string' || Array.isArray(v) ? v.length : Object.keys(v as object).length; };
    }
    if (/^[A-Za-z_]/.test(token)) return (env) => { if (!(token in env)) throw new MissingField(`undeclared ${token}`); return env[token]; };
    throw new Error(`CEL subset: unexpected ${token} in ${this.text}`);
  }
}

/** Parses an expression of the subset (throws on anything outside it). */
export function compileCel(expression: string): (env: Env) => Value {
  return new Parser(tokenize(expression), expression).parse();
}

/** Evaluates an expression; an evaluation error (a missing field) is reported as `'error'`. */
export function evaluateCel(expression: string, env: Env): Value {
  try {
    return compileCel(expression)(env);
  } catch (e) {
    if (e instanceof MissingField) return 'error';
    throw e;
  }
}
