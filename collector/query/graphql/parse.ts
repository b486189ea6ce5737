// A small GraphQL reader (http://spec.graphql.org/October2021/): one executable document with
// operations, variables, aliases, arguments, nested selections, fragments and inline fragments.
// Enough for the queries trace tools send to OAP's /graphql; no schema language, no directives
// beyond being skipped over. Returns a document or a reason; never throws to its caller.

export type Value =
  | { kind: 'var'; name: string }
  | { kind: 'int' | 'float'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'null' }
  | { kind: 'enum'; value: string }
  | { kind: 'list'; items: Value[] }
  | { kind: 'object'; fields: Record<string, Value> };

export type Selection =
  | { kind: 'field'; alias: string; name: string; args: Record<string, Value>; selections: Selection[] | null }
  | { kind: 'spread'; name: string }
  | { kind: 'inline'; typeCondition: string | null; selections: Selection[] };

export interface Operation {
  type: 'query' | 'mutation' | 'subscription';
  name: string | null;
  variables: { name: string; defaultValue: Value | null }[];
  selections: Selection[];
}

export interface Document {
  operations: Operation[];
  fragments: Record<string, { typeCondition: string; selections: Selection[] }>;
}

type Token = { t: 'punct' | 'name' | 'int' | 'float' | 'string'; v: string; at: number };

class SyntaxError_ extends Error {}

const PUNCT = new Set(['!', '$', '(', ')', ':', '=', '@', '[', ']', '{', '|', '}', '&']);

// Sticky (`y`): matched in place at lastIndex, so lexing stays linear (no copy of the rest per token).
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;

function lex(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '#') {
      while (i < src.length && src[i] !== '\n' && src[i] !== '\r') i++;
    } else if (/[\s,\uFEFF]/.test(c)) {
      i++;
    } else if (c === '.' && src.startsWith('...', i)) {
      tokens.push({ t: 'punct', v: '...', at: i });
      i += 3;
    } else if (PUNCT.has(c)) {
      tokens.push({ t: 'punct', v: c, at: i });
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      NAME.lastIndex = i;
      const m = NAME.exec(src)![0];
      tokens.push({ t: 'name', v: m, at: i });
      i += m.length;
    } else if (/[-0-9]/.test(c)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(src);
      if (!m) throw new SyntaxError_(`unexpected character ${JSON.stringify(c)} at ${i}`);
      tokens.push({ t: m[2] || m[3] ? 'float' : 'int', v: m[0], at: i });
      i += m[0].length;
    } else if (c === '"') {
      if (src.startsWith('"""', i)) {
        const end = src.indexOf('"""', i + 3);
        if (end < 0) throw new SyntaxError_(`unterminated block string at ${i}`);
        tokens.push({ t: 'string', v: src.slice(i + 3, end), at: i });
        i = end + 3;
      } else {
        let j = i + 1;
        let out = '';
        for (;;) {
          if (j >= src.length || src[j] === '\n') throw new SyntaxError_(`unterminated string at ${i}`);
          const ch = src[j];
          if (ch === '"') break;
          if (ch === '\\') {
            const e = src[j + 1];
            const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
            if (e in simple) {
              out += simple[e];
              j += 2;
            } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(j + 2, j + 6))) {
              out += String.fromCharCode(parseInt(src.slice(j + 2, j + 6), 16));
              j += 6;
            } else throw new SyntaxError_(`bad escape at ${j}`);
          } else {
            out += ch;
            j++;
          }
        }
        tokens.push({ t: 'string', v: out, at: i });
        i = j + 1;
      }
    } else {
      throw new SyntaxError_(`unexpected character ${JSON.stringify(c)} at ${i}`);
    }
  }
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }
  private is(v: string): boolean {
    const t = this.peek();
    return t !== undefined && (t.t === 'punct' || t.t === 'name') && t.v === v;
  }
  private expect(v: string): void {
    const t = this.peek();
    if (!t || t.v !== v) throw new SyntaxError_(`expected "${v}" but found ${t ? `"${t.v}" at ${t.at}` : 'the end'}`);
    this.pos++;
  }
  private name(): string {
    const t = this.peek();
    if (t?.t !== 'name') throw new SyntaxError_(`expected a name but found ${t ? `"${t.v}" at ${t.at}` : 'the end'}`);
    this.pos++;
    return t.v;
  }

  document(): Document {
    const doc: Document = { operations: [], fragments: Object.create(null) as Document['fragments'] };
    if (this.tokens.length === 0) throw new SyntaxError_('the document is empty');
    while (this.peek()) {
      if (this.is('{')) doc.operations.push({ type: 'query', name: null, variables: [], selections: this.selectionSet() });
      else if (this.is('query') || this.is('mutation') || this.is('subscription')) doc.operations.push(this.operation());
      else if (this.is('fragment')) {
        this.pos++;
        const name = this.name();
        this.expect('on');
        const typeCondition = this.name();
        this.directives();
        doc.fragments[name] = { typeCondition, selections: this.selectionSet() };
      } else {
        const t = this.peek()!;
        throw new SyntaxError_(`unexpected "${t.v}" at ${t.at}`);
      }
    }
    return doc;
  }

  private operation(): Operation {
    const type = this.name() as Operation['type'];
    const op: Operation = { type, name: null, variables: [], selections: [] };
    if (this.peek()?.t === 'name') op.name = this.name();
    if (this.is('(')) {
      this.pos++;
      while (!this.is(')')) {
        this.expect('$');
        const name = this.name();
        this.expect(':');
        this.type();
        let defaultValue: Value | null = null;
        if (this.is('=')) {
          this.pos++;
          defaultValue = this.value(true);
        }
        this.directives();
        op.variables.push({ name, defaultValue });
      }
      this.pos++;
    }
    this.directives();
    op.selections = this.selectionSet();
    return op;
  }

  private type(): void {
    if (this.is('[')) {
      this.pos++;
      this.type();
      this.expect(']');
    } else this.name();
    if (this.is('!')) this.pos++;
  }

  private directives(): void {
    while (this.is('@')) {
      this.pos++;
      this.name();
      if (this.is('(')) this.args();
    }
  }

  private selectionSet(): Selection[] {
    this.expect('{');
    const out: Selection[] = [];
    while (!this.is('}')) {
      if (!this.peek()) throw new SyntaxError_('expected "}" but found the end');
      out.push(this.selection());
    }
    this.pos++;
    return out;
  }

  private selection(): Selection {
    if (this.is('...')) {
      this.pos++;
      if (this.is('on')) {
        this.pos++;
        const typeCondition = this.name();
        this.directives();
        return { kind: 'inline', typeCondition, selections: this.selectionSet() };
      }
      if (this.is('{') || this.is('@')) {
        this.directives();
        return { kind: 'inline', typeCondition: null, selections: this.selectionSet() };
      }
      const name = this.name();
      this.directives();
      return { kind: 'spread', name };
    }
    let alias = this.name();
    let name = alias;
    if (this.is(':')) {
      this.pos++;
      name = this.name();
    }
    const args = this.is('(') ? this.args() : {};
    this.directives();
    const selections = this.is('{') ? this.selectionSet() : null;
    if (alias === name) alias = name;
    return { kind: 'field', alias, name, args, selections };
  }

  private args(): Record<string, Value> {
    this.expect('(');
    return this.namedValues(')', false);
  }

  /** `name: value` pairs up to and including `close`: arguments and object values are both written so. */
  private namedValues(close: string, constant: boolean): Record<string, Value> {
    const out: Record<string, Value> = {};
    while (!this.is(close)) {
      const name = this.name();
      this.expect(':');
      out[name] = this.value(constant);
    }
    this.pos++;
    return out;
  }

  private value(constant: boolean): Value {
    const t = this.peek();
    if (!t) throw new SyntaxError_('expected a value but found the end');
    if (t.t === 'punct' && t.v === '$' && !constant) {
      this.pos++;
      return { kind: 'var', name: this.name() };
    }
    this.pos++;
    if (t.t === 'int') return { kind: 'int', value: Number(t.v) };
    if (t.t === 'float') return { kind: 'float', value: Number(t.v) };
    if (t.t === 'string') return { kind: 'string', value: t.v };
    if (t.t === 'name') {
      if (t.v === 'true' || t.v === 'false') return { kind: 'bool', value: t.v === 'true' };
      if (t.v === 'null') return { kind: 'null' };
      return { kind: 'enum', value: t.v };
    }
    if (t.v === '[') {
      const items: Value[] = [];
      while (!this.is(']')) {
        if (!this.peek()) throw new SyntaxError_('expected "]" but found the end');
        items.push(this.value(constant));
      }
      this.pos++;
      return { kind: 'list', items };
    }
    if (t.v === '{') return { kind: 'object', fields: this.namedValues('}', constant) };
    throw new SyntaxError_(`unexpected "${t.v}" at ${t.at}`);
  }
}

export function parseGraphql(source: string): { ok: true; document: Document } | { ok: false; reason: string } {
  try {
    return { ok: true, document: new Parser(lex(source)).document() };
  } catch (err) {
    if (err instanceof SyntaxError_) return { ok: false, reason: `Syntax Error: ${err.message}` };
    return { ok: false, reason: `Syntax Error: ${(err as Error).message}` };
  }
}
