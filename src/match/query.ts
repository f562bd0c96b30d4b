// The watchlist query language: terms, "phrases", prefix*, AND, OR, NOT, parentheses, A NEAR/n B,
// @alias, implicit AND between adjacent operands. Operators are upper-case words; anything else is a
// term. Precedence, loosest first: OR, AND (explicit or implicit), NOT, NEAR. A parse error carries the
// 1-based column and what was expected there. Nothing here ever builds a RegExp from user text.

export type QueryAst =
  | { t: 'term'; text: string; prefix: boolean; pos: number }
  | { t: 'alias'; name: string; pos: number }
  | { t: 'and'; kids: QueryAst[] }
  | { t: 'or'; kids: QueryAst[] }
  | { t: 'not'; kid: QueryAst }
  | { t: 'near'; distance: number; a: QueryAst; b: QueryAst; pos: number };

export type ParseResult = { ok: true; ast: QueryAst } | { ok: false; pos: number; message: string };

export const MAX_NEAR_DISTANCE = 100;
/** Parentheses and NOTs nested deeper than this are refused: every later stage walks the tree recursively,
 *  and a real watchlist query never needs more than a handful of levels. */
export const MAX_QUERY_DEPTH = 32;

type Token =
  | { k: '(' | ')' | 'AND' | 'OR' | 'NOT' | 'end'; pos: number }
  | { k: 'near'; n: number; pos: number }
  | { k: 'term'; text: string; prefix: boolean; pos: number }
  | { k: 'alias'; name: string; pos: number };

class QueryError extends Error {
  constructor(
    readonly pos: number,
    message: string,
  ) {
    super(message);
  }
}

const OPERAND_START = 'a term, a "phrase", an @alias or "("';
const BARE_END = /[\s()"]/u;
const ALIAS_NAME = /^[\p{L}\p{N}_-]+/u;

export function parseQuery(query: string): ParseResult {
  try {
    const tokens = tokenize(query);
    const p = new Parser(tokens);
    const ast = p.parseOr();
    p.expectEnd();
    return { ok: true, ast };
  } catch (e) {
    if (e instanceof QueryError) return { ok: false, pos: e.pos + 1, message: e.message };
    throw e;
  }
}

function tokenize(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const ch = q[i]!;
    if (/\s/u.test(ch)) i++;
    else if (ch === '(' || ch === ')') out.push({ k: ch, pos: i++ });
    else if (ch === '"') i = readPhrase(q, i, out);
    else if (ch === '@') i = readAlias(q, i, out);
    else i = readBare(q, i, out);
  }
  out.push({ k: 'end', pos: q.length });
  return out;
}

function readPhrase(q: string, i: number, out: Token[]): number {
  const close = q.indexOf('"', i + 1);
  if (close < 0) throw new QueryError(i, 'expected a closing quote (") for the phrase that starts here');
  let text = q.slice(i + 1, close).trim();
  let prefix = q[close + 1] === '*';
  if (text.endsWith('*')) {
    prefix = true;
    text = text.slice(0, -1).trimEnd();
  }
  if (text === '') throw new QueryError(i, 'expected text inside the quotes');
  if (text.includes('*')) throw new QueryError(i, 'expected "*" only at the end of a phrase');
  out.push({ k: 'term', text, prefix, pos: i });
  return q[close + 1] === '*' ? close + 2 : close + 1;
}

function readAlias(q: string, i: number, out: Token[]): number {
  const m = ALIAS_NAME.exec(q.slice(i + 1));
  if (!m) throw new QueryError(i, 'expected an alias name after "@"');
  out.push({ k: 'alias', name: m[0], pos: i });
  return i + 1 + m[0].length;
}

function readBare(q: string, i: number, out: Token[]): number {
  let j = i;
  while (j < q.length && !BARE_END.test(q[j]!)) j++;
  const word = q.slice(i, j);
  if (word === 'AND' || word === 'OR' || word === 'NOT') out.push({ k: word, pos: i });
  else if (word.startsWith('NEAR/') || word === 'NEAR') out.push({ k: 'near', n: nearDistance(word, i), pos: i });
  else {
    const prefix = word.endsWith('*');
    const text = prefix ? word.slice(0, -1) : word;
    if (text.includes('*')) throw new QueryError(i + text.indexOf('*'), 'expected "*" only at the end of a term');
    if (text === '') throw new QueryError(i, 'expected letters before "*"');
    out.push({ k: 'term', text, prefix, pos: i });
  }
  return j;
}

function nearDistance(word: string, pos: number): number {
  const m = /^NEAR\/(\d{1,3})$/u.exec(word);
  const n = m ? Number(m[1]) : NaN;
  if (!(n >= 1 && n <= MAX_NEAR_DISTANCE)) {
    throw new QueryError(pos, `expected NEAR/n with n a whole number of words from 1 to ${MAX_NEAR_DISTANCE}`);
  }
  return n;
}

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  expectEnd(): void {
    const t = this.peek();
    if (t.k === ')') throw new QueryError(t.pos, 'expected an operator or the end of the query; this ")" has no "("');
    if (t.k !== 'end') throw new QueryError(t.pos, 'expected an operator or the end of the query');
  }

  parseOr(): QueryAst {
    const kids = [this.parseAnd()];
    while (this.peek().k === 'OR') {
      this.i++;
      kids.push(this.parseAnd());
    }
    return kids.length === 1 ? kids[0]! : { t: 'or', kids };
  }

  private parseAnd(): QueryAst {
    const kids = [this.parseNot()];
    for (;;) {
      const k = this.peek().k;
      if (k === 'AND') {
        this.i++;
        kids.push(this.parseNot());
      } else if (k === 'term' || k === 'alias' || k === '(' || k === 'NOT') {
        kids.push(this.parseNot());
      } else break;
    }
    return kids.length === 1 ? kids[0]! : { t: 'and', kids };
  }

  private parseNot(): QueryAst {
    const t = this.peek();
    if (t.k === 'NOT') {
      this.i++;
      const kid = this.nested(t.pos, () => this.parseNot());
      return { t: 'not', kid };
    }
    return this.parseNear();
  }

  /** Runs one level deeper, refusing the query at `pos` beyond MAX_QUERY_DEPTH (never a stack overflow). */
  private nested<T>(pos: number, f: () => T): T {
    if (++this.depth > MAX_QUERY_DEPTH) {
      throw new QueryError(pos, `expected at most ${MAX_QUERY_DEPTH} levels of nested parentheses and NOTs`);
    }
    try {
      return f();
    } finally {
      this.depth--;
    }
  }

  private parseNear(): QueryAst {
    let left = this.parsePrimary();
    for (let t = this.peek(); t.k === 'near'; t = this.peek()) {
      this.i++;
      const right = this.parsePrimary();
      if (!positional(left) || !positional(right)) {
        throw new QueryError(t.pos, 'expected terms, phrases, @aliases or (A OR B) groups on both sides of NEAR');
      }
      left = { t: 'near', distance: t.n, a: left, b: right, pos: t.pos };
    }
    return left;
  }

  private parsePrimary(): QueryAst {
    const t = this.peek();
    this.i++;
    if (t.k === 'term') return { t: 'term', text: t.text, prefix: t.prefix, pos: t.pos };
    if (t.k === 'alias') return { t: 'alias', name: t.name, pos: t.pos };
    if (t.k === '(') {
      return this.nested(t.pos, () => {
        const inner = this.parseOr();
        const close = this.peek();
        if (close.k !== ')') throw new QueryError(close.pos, 'expected ")" to close the "(" opened earlier');
        this.i++;
        return inner;
      });
    }
    const found = t.k === 'end' ? 'the end of the query' : t.k === 'near' ? 'NEAR' : `"${t.k}"`;
    throw new QueryError(t.pos, `expected ${OPERAND_START} but found ${found}`);
  }
}

/** NEAR needs hit positions: terms, aliases and OR groups of them have them; AND/NOT do not. */
function positional(a: QueryAst): boolean {
  if (a.t === 'term' || a.t === 'alias') return true;
  if (a.t === 'or') return a.kids.every(positional);
  return false;
}
