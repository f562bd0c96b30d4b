// Pretty JSON written piece by piece: the same bytes as `JSON.stringify(doc, null, 2) + '\n'`, but an array
// marked with `streamed()` is pulled element by element from an iterable (a store cursor), one marked with
// `rendered()` takes its elements already written (prettyAt), and a `written()` value is text kept elsewhere (a
// file another thread wrote with topArrayPieces), so a document of any length never exists as one string or one
// array. Guarantee: for the same values the output is byte-identical to JSON.stringify
// (tests/output/json-stream.test.ts compares them); JSON strings never hold a raw newline, so re-indenting an
// element's lines is exact.

const INDENT = '  ';
const STREAMED = Symbol('streamed');
const RENDERED = Symbol('rendered');
const WRITTEN = Symbol('written');

/** The depth of an element of a top-level array (`{ "items": [ here ] }`): where `rendered()` elements sit. */
export const TOP_ELEMENT_DEPTH = 2;

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

/** One element of a `rendered()` array: the pieces (text, or its UTF-8 bytes) of `prettyAt(element,
 *  TOP_ELEMENT_DEPTH)`, in order. */
export type RenderedElement = Iterable<string | Uint8Array>;

/** An array whose elements arrive already written. */
export interface Rendered {
  readonly [RENDERED]: () => Iterable<RenderedElement>;
}

/** Marks `source` as a top-level array of elements written beforehand (story-spool.ts keeps the stories so): the
 *  writer only puts the separators between them, and the file has the bytes JSON.stringify would give. */
export function rendered(source: () => Iterable<RenderedElement>): Rendered {
  return { [RENDERED]: source };
}

function isRendered(v: unknown): v is Rendered {
  return typeof v === 'object' && v !== null && RENDERED in v;
}

/** A top-level value written beforehand, whole: `topArrayPieces`' output, read back from where it was kept. */
export interface Written {
  readonly [WRITTEN]: () => Iterable<string | Uint8Array>;
}

/** Marks `source` as a top-level value's text (or its UTF-8 bytes), put in the document as it is. */
export function written(source: () => Iterable<string | Uint8Array>): Written {
  return { [WRITTEN]: source };
}

function isWritten(v: unknown): v is Written {
  return typeof v === 'object' && v !== null && WRITTEN in v;
}

/** The text a `streamed(source)` value of a top-level key has, for writing it elsewhere and putting it in a
 *  document later with `written()` (output/review-items.ts: candidates.json's items, on another thread). */
export function topArrayPieces(source: Iterable<unknown>): Generator<string> {
  return arrayPieces(source, 1);
}

/** JSON.stringify(value, null, 2) re-indented to sit at `depth` (its first line is not indented). The value is
 *  stringified inside `depth` one-element arrays, so JSON.stringify writes its lines at that depth itself, and the
 *  arrays' own brackets are cut off: ~30 % faster than re-indenting with a RegExp, which copied every element's
 *  text once more (a month's candidates.json is ~150 MB of it). */
function nested(value: unknown, depth: number): string | undefined {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  let wrapped = value;
  for (let level = 0; level < depth; level++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  // Level k opens with "[\n" and 2k spaces and closes with "\n", 2(k - 1) spaces and "]".
  return text.slice(depth * (depth + 3), text.length - depth * (depth + 1));
}

/** `JSON.stringify(value, null, 2)` as it sits at `depth` of a pretty document ('null' when it has no JSON form). */
export function prettyAt(value: unknown, depth: number): string {
  return nested(value, depth) ?? 'null';
}

/** prettyAt(value, depth) in pieces, none much longer than an element of a long array the value holds. */
export function prettyPieces(value: unknown, depth: number): Generator<string> {
  return valuePieces(value, depth);
}

/** Arrays longer than this are written element by element, and so is anything holding one (within
 *  LONG_SEARCH_DEPTH levels; a candidate's longest, its hits per rule, stay below). A month's big story
 *  (400 items, a matrix row of 800 hits) was one 2 MB JSON string, re-indented into a second one, both
 *  garbage in V8's large-object space (~120 MB per output at 10k). */
const LONG_ARRAY = 64;
const LONG_SEARCH_DEPTH = 3;

/** An object JSON.stringify writes as its own enumerable properties, exactly what Object.entries lists. */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return (proto === Object.prototype || proto === null) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}

/** Called on every element of a stream, so it allocates nothing. */
function holdsLongArray(v: unknown, levels: number): boolean {
  if (Array.isArray(v)) {
    if (v.length > LONG_ARRAY) return true;
    if (levels > 0) for (const c of v) if (typeof c === 'object' && c !== null && holdsLongArray(c, levels - 1)) return true;
    return false;
  }
  if (levels === 0 || !isPlainObject(v)) return false;
  for (const key in v) {
    const c = v[key];
    if (typeof c === 'object' && c !== null && holdsLongArray(c, levels - 1)) return true;
  }
  return false;
}

/** `nested(value, depth)` (null when it has none), in pieces when the value holds a long array. */
function* valuePieces(value: unknown, depth: number): Generator<string> {
  if (!holdsLongArray(value, LONG_SEARCH_DEPTH)) yield nested(value, depth) ?? 'null';
  else if (Array.isArray(value)) yield* arrayPieces(value, depth);
  else yield* objectPieces(value as Record<string, unknown>, depth);
}

/** As JSON.stringify: a key whose value has no JSON form (undefined, a function, a symbol) is left out. */
function* objectPieces(value: Record<string, unknown>, depth: number): Generator<string> {
  const pad = INDENT.repeat(depth + 1);
  let first = true;
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    yield `${first ? '{\n' : ',\n'}${pad}${JSON.stringify(key)}: `;
    first = false;
    yield* valuePieces(v, depth + 1);
  }
  yield first ? '{}' : `\n${INDENT.repeat(depth)}}`;
}

/** An array at `depth`, its elements written by `pieces` between the separators JSON.stringify puts. */
function* separated<T, P>(source: Iterable<T>, depth: number, pieces: (element: T) => Iterable<P>): Generator<string | P> {
  const pad = INDENT.repeat(depth + 1);
  let first = true;
  for (const element of source) {
    yield `${first ? '[\n' : ',\n'}${pad}`;
    first = false;
    yield* pieces(element);
  }
  yield first ? '[]' : `\n${INDENT.repeat(depth)}]`;
}

/** As JSON.stringify: an element that has no JSON form (undefined, a function) is written as null. */
function arrayPieces(source: Iterable<unknown>, depth: number): Generator<string> {
  return separated(source, depth, (element) => valuePieces(element, depth + 1));
}

/** A `rendered()` array at `depth`: its elements' text, as it is, between the same separators. */
function renderedPieces(source: Iterable<RenderedElement>, depth: number): Generator<string | Uint8Array> {
  return separated(source, depth, (element) => element);
}

/**
 * The pieces of `JSON.stringify(doc, null, 2) + '\n'` for a plain object whose values may be `streamed()` or
 * `rendered()` arrays, or `written()` values (top level only: that is where the long arrays of our documents
 * are). Keys whose value is undefined are left out, as JSON.stringify does.
 */
export function* prettyJsonPieces(doc: Record<string, unknown>): Generator<string | Uint8Array> {
  const entries = Object.entries(doc).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
  if (entries.length === 0) {
    yield '{}\n';
    return;
  }
  let first = true;
  for (const [key, value] of entries) {
    yield `${first ? '{\n' : ',\n'}${INDENT}${JSON.stringify(key)}: `;
    first = false;
    if (isStreamed(value)) yield* arrayPieces(value[STREAMED](), 1);
    else if (isRendered(value)) yield* renderedPieces(value[RENDERED](), 1);
    else if (isWritten(value)) yield* value[WRITTEN]();
    else yield* valuePieces(value, 1);
  }
  yield '\n}\n';
}
