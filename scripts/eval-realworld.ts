// npm run eval:realworld -- DIR [--sources FILE] [--generic]
// Runs the same extraction as `wirewatch extract` over every page that DIR/expected.json lists (keys are
// paths relative to DIR) and compares title, published instant, body_first, body_last, must_contain and
// must_not_contain under the file's _normalization rules, plus "no U+FFFD beyond the source's own".
// The adapter comes from source_hint: a sources.json id (tass-ru, people-zh …) gives its adapter, language,
// zone and charset hint; 'generic'/'other' goes by host, else generic. Prints a table and a total; exit 1
// on any failed check. --generic forces the generic extractor on every page (to measure the fallback).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSources } from '../src/config.js';
import type { SourceConfig } from '../src/types.js';
import { adapterById, adapterForHost, generic, registry } from '../src/adapters/index.js';
import { extractDocument } from '../src/page.js';
import { resolveCharset } from '../src/fetch/decode.js';
import { hostOf } from '../src/extract/meta.js';
import { checkPage, fffdCheck, type Check, type CheckName, type Expected } from './eval/expectations.js';

const COLUMNS: readonly CheckName[] = ['title', 'published', 'body_first', 'body_last', 'must_contain', 'must_not_contain', 'fffd'];
const HEAD: Record<CheckName, string> = {
  title: 'title',
  published: 'time',
  body_first: 'first',
  body_last: 'last',
  must_contain: 'has',
  must_not_contain: 'not',
  fffd: 'fffd',
};

interface PageResult {
  file: string;
  adapter: string;
  charset: string;
  checks: Check[];
  error?: string;
}

/** The source a hint names; 'tass-en' style ids come from sources.json, adapter ids are accepted too. */
function sourceFor(hint: string | undefined, sources: readonly SourceConfig[]): SourceConfig | undefined {
  return hint ? sources.find((s) => s.id === hint) : undefined;
}

/** The text the page bytes hold, decoded as expected.json says (for counting the source's own U+FFFD). */
function sourceText(bytes: Buffer, e: Expected): string {
  const cs = resolveCharset(e.charset_decode_as ?? e.charset_bytes ?? 'utf-8') ?? 'utf-8';
  return new TextDecoder(cs).decode(bytes);
}

export function evalEntry(
  dir: string,
  file: string,
  e: Expected,
  sources: readonly SourceConfig[],
  now: Date,
  forceGeneric = false,
): PageResult {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dir, file));
  } catch (err) {
    const error = `cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`;
    return { file, adapter: '?', charset: '?', checks: [{ name: 'title', ok: false, detail: error }], error };
  }
  const source = sourceFor(e.source_hint, sources);
  const adapter = forceGeneric
    ? generic
    : source
      ? adapterById(source.adapter)
      : e.source_hint
        ? (adapterById(e.source_hint) ?? adapterForHost(hostOf(e.url)))
        : adapterForHost(hostOf(e.url));
  try {
    const { page, decoded } = extractDocument(bytes, {
      url: e.url,
      registry,
      ...(adapter ? { adapter } : {}),
      now,
      ...(source ? { lang: source.lang, timeZone: source.timeZone, ...(source.encoding ? { hint: source.encoding } : {}) } : {}),
    });
    const checks = [...checkPage(page, e), fffdCheck(sourceText(bytes, e), decoded.text, page)];
    return { file, adapter: page.adapter + (page.confidence === 'low' ? ' (low)' : ''), charset: decoded.charset, checks };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    return { file, adapter: adapter?.id ?? '?', charset: '?', checks: [{ name: 'title', ok: false, detail: error }], error };
  }
}

function printTable(rows: readonly PageResult[]): void {
  const w = Math.max(4, ...rows.map((r) => r.file.length));
  const header = ['page'.padEnd(w), 'adapter'.padEnd(18), 'charset'.padEnd(8), ...COLUMNS.map((c) => HEAD[c].padEnd(5))].join(' ');
  console.log(header);
  for (const r of rows) {
    const cells = COLUMNS.map((c) => {
      const ch = r.checks.find((x) => x.name === c);
      return (ch === undefined ? '-' : ch.ok ? 'ok' : 'FAIL').padEnd(5);
    });
    console.log([r.file.padEnd(w), r.adapter.padEnd(18), r.charset.padEnd(8), ...cells].join(' '));
  }
  const failures = rows.flatMap((r) => r.checks.filter((c) => !c.ok).map((c) => `  ${r.file}: ${c.name}: ${c.detail ?? ''}`));
  if (failures.length > 0) console.log(`\nfailures:\n${failures.join('\n')}`);
}

function main(argv: string[]): number {
  const at = argv.indexOf('--sources');
  const dir = argv.find((a, i) => !a.startsWith('--') && i !== at + 1) ?? '../shared/realworld';
  const sourcesFile = at >= 0 ? (argv[at + 1] ?? 'sources.json') : 'sources.json';
  const sources = loadSources(sourcesFile).sources;
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, unknown>;
  const now = new Date();
  const rows = Object.entries(expected)
    .filter(([k]) => !k.startsWith('_'))
    .map(([file, e]) => evalEntry(dir, file, e as Expected, sources, now, argv.includes('--generic')));
  printTable(rows);
  const checks = rows.flatMap((r) => r.checks);
  const passed = checks.filter((c) => c.ok).length;
  const pagesOk = rows.filter((r) => r.checks.every((c) => c.ok)).length;
  console.log(`\ntotal: ${pagesOk}/${rows.length} pages pass, ${passed}/${checks.length} checks`);
  return passed === checks.length ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(main(process.argv.slice(2)));
