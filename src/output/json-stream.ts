// Pretty JSON written piece by piece: the same bytes as `JSON.stringify(doc, null, 2) + '\n'`, but an array
// marked with `streamed()` is pulled element by element from an iterable (a store cursor), so a document of
// any length never exists as one string or one array. Guarantee: for the same values the output is
// byte-identical to JSON.stringify (tests/output/json-stream.test.ts compares them); JSON strings never hold a
// raw newline, so re-indenting an element's lines is exact.

const INDENT = '  ';
const STREAMED = Symbol('streamed');

/** An array whose elements are produced lazily while the document is written. */
export interface Streamed<T> {
  readonly [STREAMED]: () => Iterable<T>;
}

/** Marks `source` (called once, when the writer reaches this value) as an array written element by element. */
export function streamed<T>(source: () => Iterable<T>): Streamed<T> {
  return { [STREAMED]: source };
}

function isStreamed(v: unknown): v is Streamed<unknown> {
  return typeof v === 'object' && v !== null && STREAMED in v;
}

/** JSON.stringify(value, null, 2) re-indented to sit at `depth` (its first line is not indented). */
function nested(value: unknown, depth: number): string | undefined {
  const text = JSON.stringify(value, null, 2);
  if (text === undefined) return undefined;
  return depth === 0 ? text : text.replace(/\n/g, `\n${INDENT.repeat(depth)}`);
}

function* streamedArray(source: Iterable<unknown>, depth: number): Generator<string> {
  const pad = INDENT.repeat(depth + 1);
  let first = true;
  for (const element of source) {
    // As in JSON.stringify, an element that has no JSON form (undefined, a function) is written as null.
    yield `${first ? '[\n' : ',\n'}${pad}${nested(element, depth + 1) ?? 'null'}`;
    first = false;
  }
  yield first ? '[]' : `\n${INDENT.repeat(depth)}]`;
}

/**
 * The pieces of `JSON.stringify(doc, null, 2) + '\n'` for a plain object whose values may be `streamed()`
 * arrays (top level only: that is where the long arrays of our documents are). Keys whose value is
 * undefined are left out, as JSON.stringify does.
 */
export function* prettyJsonPieces(doc: Record<string, unknown>): Generator<string> {
  const entries = Object.entries(doc).filter(([, v]) => v !== undefined && typeof v !== 'function');
  if (entries.length === 0) {
    yield '{}\n';
    return;
  }
  let first = true;
  for (const [key, value] of entries) {
    yield `${first ? '{\n' : ',\n'}${INDENT}${JSON.stringify(key)}: `;
    first = false;
    if (isStreamed(value)) yield* streamedArray(value[STREAMED](), 1);
    else yield nested(value, 1) ?? 'null';
  }
  yield '\n}\n';
}
