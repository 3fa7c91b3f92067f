/**
 * Calico's label selector language: `app == 'web' && env in {'prod','staging'}`, `has(x)`,
 * `!has(x)`, `all()`, `global()`, `!=`, `not in`, `contains`, `starts with`, `ends with`,
 * `!`, `&&`, `||` and parentheses.
 *
 * A hand-written port of projectcalico/calico libcalico-go/lib/selector: tokenizer.go
 * (labels are `[a-zA-Z0-9_./-]+`; strings in '…' or "…" without escapes; after a label only
 * an operator may follow) and parser/parser.go (precedence || < && < ! < operation; an empty
 * selector is all()). Semantics from parser/ast.go: `k != 'v'` and `k not in {…}` also match
 * when k is absent. Errors carry the 1-based column, which Calico's own messages do not.
 */

export type CalicoSelector =
  | { readonly op: 'all' }
  | { readonly op: 'global' }
  | { readonly op: 'has'; readonly label: string }
  | { readonly op: 'eq' | 'ne' | 'contains' | 'starts' | 'ends'; readonly label: string; readonly value: string }
  | { readonly op: 'in' | 'notin'; readonly label: string; readonly values: readonly string[] }
  | { readonly op: 'not'; readonly expr: CalicoSelector }
  | { readonly op: 'and' | 'or'; readonly exprs: readonly CalicoSelector[] };

export interface SelectorError {
  readonly column: number;
  readonly message: string;
}

export type SelectorParse = { readonly ok: true; readonly selector: CalicoSelector } | { readonly ok: false; readonly error: SelectorError };

type Kind =
  | 'label'
  | 'string'
  | '{'
  | '}'
  | ','
  | '=='
  | '!='
  | 'in'
  | 'not in'
  | '!'
  | 'contains'
  | 'starts with'
  | 'ends with'
  | 'all'
  | 'global'
  | 'has'
  | '('
  | ')'
  | '&&'
  | '||'
  | 'eof';

interface Token {
  readonly kind: Kind;
  readonly value: string;
  /** 1-based column of the token's first character */
  readonly column: number;
}

class SelectorSyntaxError extends Error {
  constructor(
    readonly column: number,
    message: string,
  ) {
    super(message);
  }
}

const IDENT = /^[a-zA-Z0-9_./-]+/;

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const col = (): number => i + 1;
  const push = (kind: Kind, len: number, value = ''): void => {
    tokens.push({ kind, value, column: col() });
    i += len;
  };
  while (true) {
    while (input[i] === ' ' || input[i] === '\t') i++;
    if (i >= input.length) {
      tokens.push({ kind: 'eof', value: '', column: col() });
      return tokens;
    }
    const rest = input.slice(i);
    const c = input[i];
    const afterLabel = tokens.length > 0 && tokens[tokens.length - 1].kind === 'label';
    if (c === '(' || c === ')' || c === '{' || c === '}' || c === ',') push(c, 1);
    else if (c === '"' || c === "'") {
      const end = input.indexOf(c, i + 1);
      if (end < 0) throw new SelectorSyntaxError(col(), `unterminated string starting at column ${col()}`);
      push('string', end - i + 1, input.slice(i + 1, end));
    } else if (c === '=') {
      if (input[i + 1] !== '=') throw new SelectorSyntaxError(col(), `expected == at column ${col()} (a single = is not an operator)`);
      push('==', 2);
    } else if (c === '!') push(input[i + 1] === '=' ? '!=' : '!', input[i + 1] === '=' ? 2 : 1);
    else if (c === '&' || c === '|') {
      if (input[i + 1] !== c) throw new SelectorSyntaxError(col(), `expected ${c}${c} at column ${col()}`);
      push(c === '&' ? '&&' : '||', 2);
    } else if (afterLabel) {
      // tokenizer.go trims blanks between the words, so `starts with` and `startswith` are one operator
      const m = /^(contains|starts[ \t]*with|ends[ \t]*with|not[ \t]*in|in)(?![a-zA-Z0-9_./-])/.exec(rest);
      if (!m)
        throw new SelectorSyntaxError(
          col(),
          `unexpected characters after label '${tokens[tokens.length - 1].value}' at column ${col()}, was expecting an operator`,
        );
      const word = /^(contains|starts|ends|not|in)/.exec(m[1])![1] as 'contains' | 'starts' | 'ends' | 'not' | 'in';
      push(({ contains: 'contains', starts: 'starts with', ends: 'ends with', not: 'not in', in: 'in' } as const)[word], m[0].length);
    } else if (/^has\(/.test(rest)) {
      const m = /^has\(\s*([a-zA-Z0-9_./-]*)\s*(\)?)/.exec(rest)!;
      if (!m[1]) throw new SelectorSyntaxError(col() + 4, `no label name in has( expression at column ${col() + 4}`);
      if (!m[2]) throw new SelectorSyntaxError(col(), `no closing ')' after has( at column ${col()}`);
      push('has', m[0].length, m[1]);
    } else if (/^(all|global)\(/.test(rest)) {
      const m = /^(all|global)\(\s*(\)?)/.exec(rest)!;
      if (!m[2]) throw new SelectorSyntaxError(col(), `no closing ')' after ${m[1]}( at column ${col()}`);
      push(m[1] as Kind, m[0].length);
    } else {
      const m = IDENT.exec(rest);
      if (!m) throw new SelectorSyntaxError(col(), `unexpected character '${c}' at column ${col()}`);
      push('label', m[0].length, m[0]);
    }
  }
}

const shown = (t: Token): string =>
  t.kind === 'eof' ? 'end of selector' : t.kind === 'label' ? `label '${t.value}'` : t.kind === 'string' ? `string '${t.value}'` : `'${t.kind}'`;

class Parser {
  private pos = 0;
  constructor(private readonly tokens: readonly Token[]) {}
  private peek(): Token {
    return this.tokens[this.pos];
  }
  private next(): Token {
    return this.tokens[this.pos++];
  }
  private fail(t: Token, what: string): never {
    throw new SelectorSyntaxError(t.column, `expected ${what} at column ${t.column}, found ${shown(t)}`);
  }
  root(): CalicoSelector {
    if (this.peek().kind === 'eof') return { op: 'all' };
    const sel = this.or();
    const t = this.peek();
    if (t.kind !== 'eof') throw new SelectorSyntaxError(t.column, `unexpected ${shown(t)} at column ${t.column} after a complete selector`);
    return sel;
  }
  private or(): CalicoSelector {
    const exprs = [this.and()];
    while (this.peek().kind === '||') {
      this.next();
      exprs.push(this.and());
    }
    return exprs.length === 1 ? exprs[0] : { op: 'or', exprs };
  }
  private and(): CalicoSelector {
    const exprs = [this.operation()];
    while (this.peek().kind === '&&') {
      this.next();
      exprs.push(this.operation());
    }
    return exprs.length === 1 ? exprs[0] : { op: 'and', exprs };
  }
  private operation(): CalicoSelector {
    let negated = false;
    while (this.peek().kind === '!') {
      this.next();
      negated = !negated;
    }
    const sel = this.primary();
    return negated ? { op: 'not', expr: sel } : sel;
  }
  private string(): string {
    const t = this.next();
    if (t.kind !== 'string') this.fail(t, 'a quoted string');
    return t.value;
  }
  private primary(): CalicoSelector {
    const t = this.next();
    switch (t.kind) {
      case 'has':
        return { op: 'has', label: t.value };
      case 'all':
        return { op: 'all' };
      case 'global':
        return { op: 'global' };
      case '(': {
        const sel = this.or();
        if (this.peek().kind !== ')') this.fail(this.peek(), "')'");
        this.next();
        return sel;
      }
      case 'label': {
        const op = this.next();
        const label = t.value;
        if (op.kind === '==') return { op: 'eq', label, value: this.string() };
        if (op.kind === '!=') return { op: 'ne', label, value: this.string() };
        if (op.kind === 'contains') return { op: 'contains', label, value: this.string() };
        if (op.kind === 'starts with') return { op: 'starts', label, value: this.string() };
        if (op.kind === 'ends with') return { op: 'ends', label, value: this.string() };
        if (op.kind === 'in' || op.kind === 'not in') return { op: op.kind === 'in' ? 'in' : 'notin', label, values: this.set() };
        return this.fail(op, `an operator (==, !=, in, not in, contains, starts with, ends with) after label '${label}'`);
      }
      default:
        return this.fail(t, 'a selector expression (label comparison, has(), all(), ! or parenthesis)');
    }
  }
  private set(): string[] {
    if (this.peek().kind !== '{') this.fail(this.peek(), "a set literal '{'");
    this.next();
    const values: string[] = [];
    while (this.peek().kind === 'string') {
      values.push(this.next().value);
      if (this.peek().kind !== ',') break;
      this.next();
    }
    if (this.peek().kind !== '}') this.fail(this.peek(), "'}'");
    this.next();
    return values;
  }
}

export function parseCalicoSelector(text: string): SelectorParse {
  try {
    return { ok: true, selector: new Parser(tokenize(text)).root() };
  } catch (e) {
    if (e instanceof SelectorSyntaxError) return { ok: false, error: { column: e.column, message: e.message } };
    throw e;
  }
}

/** `global()` matches only non-namespaced resources (host endpoints, global network sets). */
export function calicoSelectorMatches(sel: CalicoSelector, labels: Readonly<Record<string, string>>, isGlobal = false): boolean {
  const has = (k: string): boolean => Object.prototype.hasOwnProperty.call(labels, k);
  switch (sel.op) {
    case 'all':
      return true;
    case 'global':
      return isGlobal;
    case 'has':
      return has(sel.label);
    case 'eq':
      return has(sel.label) && labels[sel.label] === sel.value;
    case 'ne':
      return !has(sel.label) || labels[sel.label] !== sel.value;
    case 'contains':
      return has(sel.label) && labels[sel.label].includes(sel.value);
    case 'starts':
      return has(sel.label) && labels[sel.label].startsWith(sel.value);
    case 'ends':
      return has(sel.label) && labels[sel.label].endsWith(sel.value);
    case 'in':
      return has(sel.label) && sel.values.includes(labels[sel.label]);
    case 'notin':
      return !has(sel.label) || !sel.values.includes(labels[sel.label]);
    case 'not':
      return !calicoSelectorMatches(sel.expr, labels, isGlobal);
    case 'and':
      return sel.exprs.every((e) => calicoSelectorMatches(e, labels, isGlobal));
    case 'or':
      return sel.exprs.some((e) => calicoSelectorMatches(e, labels, isGlobal));
  }
}

const quote = (s: string): string => (s.includes("'") ? `"${s}"` : `'${s}'`);

/** Canonical text, fully bracketed where precedence could mislead: `(a == 'x' || has(b)) && !all()`. */
export function calicoSelectorString(sel: CalicoSelector): string {
  switch (sel.op) {
    case 'all':
    case 'global':
      return `${sel.op}()`;
    case 'has':
      return `has(${sel.label})`;
    case 'eq':
      return `${sel.label} == ${quote(sel.value)}`;
    case 'ne':
      return `${sel.label} != ${quote(sel.value)}`;
    case 'contains':
      return `${sel.label} contains ${quote(sel.value)}`;
    case 'starts':
      return `${sel.label} starts with ${quote(sel.value)}`;
    case 'ends':
      return `${sel.label} ends with ${quote(sel.value)}`;
    case 'in':
    case 'notin':
      return `${sel.label} ${sel.op === 'in' ? 'in' : 'not in'} {${sel.values.map(quote).join(', ')}}`;
    case 'not':
      return `!${sel.expr.op === 'and' || sel.expr.op === 'or' ? `(${calicoSelectorString(sel.expr)})` : calicoSelectorString(sel.expr)}`;
    case 'and':
      return sel.exprs.map((e) => (e.op === 'or' ? `(${calicoSelectorString(e)})` : calicoSelectorString(e))).join(' && ');
    case 'or':
      return sel.exprs.map(calicoSelectorString).join(' || ');
  }
}
