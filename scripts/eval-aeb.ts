// npm run eval:aeb -- DIR [--show ID-PREFIX]
// Scores the generic extractor's body text on the article-extraction-benchmark pages in DIR (html/*.html.gz
// + ground-truth.json) with the README's shingle metric, prints one row per page, the total beside the
// published extractors, and the two halves (even / odd positions in id order) as a cross-validation check.
// Exits 1 when the total F1, or the F1 of either half, is not above Readability.js's 0.950, so a regression
// (or a gain that holds on one half only) fails loudly.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { extractDocument } from '../src/page.js';
import { generic } from '../src/adapters/generic.js';
import { aggregate, pageCounts, pagePR, type PageCounts, type Score } from './eval/metric.js';

const GATE_F1 = 0.95;
/** The README's table, scored with the same metric on the same 91 pages. */
const PUBLISHED: readonly [string, number, number, number][] = [
  ['rs_trafilatura (Rust)', 0.969, 0.948, 0.992],
  ['go_trafilatura', 0.965, 0.945, 0.987],
  ['trafilatura 2.0 (Python)', 0.963, 0.94, 0.987],
  ['newspaper4k', 0.95, 0.965, 0.936],
  ['Readability.js 0.6', 0.95, 0.92, 0.982],
];
const NOW = new Date('2030-01-01T00:00:00Z');

interface Truth {
  articleBody: string;
  url: string;
}

export interface AebRow {
  id: string;
  url: string;
  counts: PageCounts;
  predicted: string;
  error?: string;
}

/** Body text the benchmark compares: the paragraphs, one per line. */
export function bodyText(paragraphs: readonly { text: string }[]): string {
  return paragraphs.map((p) => p.text).join('\n');
}

export function evalPage(dir: string, id: string, truth: Truth): AebRow {
  const bytes = gunzipSync(readFileSync(join(dir, 'html', `${id}.html.gz`)));
  try {
    const { page } = extractDocument(bytes, { url: truth.url, adapter: generic, registry: [], now: NOW });
    const predicted = bodyText(page.paragraphs);
    return { id, url: truth.url, counts: pageCounts(truth.articleBody, predicted), predicted };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    return { id, url: truth.url, counts: pageCounts(truth.articleBody, ''), predicted: '', error };
  }
}

const f3 = (x: number | undefined): string => (x === undefined ? '  -  ' : x.toFixed(3));

function printRows(rows: readonly AebRow[]): void {
  console.log('id        P      R      host');
  for (const r of rows) {
    const { precision, recall } = pagePR(r.counts);
    const host = (() => {
      try {
        return new URL(r.url).host;
      } catch {
        return r.url;
      }
    })();
    console.log(`${r.id.slice(0, 8)}  ${f3(precision)}  ${f3(recall)}  ${host}${r.error ? `  ERROR ${r.error}` : ''}`);
  }
}

function printTotals(total: Score, even: Score, odd: Score): void {
  console.log('\n| extractor | F1 | precision | recall |\n|---|---|---|---|');
  console.log(`| **wirewatch generic** (${total.pages} pages) | **${f3(total.f1)}** | ${f3(total.precision)} | ${f3(total.recall)} |`);
  for (const [name, f1, p, r] of PUBLISHED) console.log(`| ${name} | ${f3(f1)} | ${f3(p)} | ${f3(r)} |`);
  console.log(
    `\nhalves: even ${f3(even.f1)} (P ${f3(even.precision)} R ${f3(even.recall)}, ${even.pages} pages)` +
      ` · odd ${f3(odd.f1)} (P ${f3(odd.precision)} R ${f3(odd.recall)}, ${odd.pages} pages)`,
  );
}

function main(argv: string[]): number {
  const dir = argv.find((a) => !a.startsWith('--')) ?? '../shared/aeb';
  const showAt = argv.indexOf('--show');
  const show = showAt >= 0 ? argv[showAt + 1] : undefined;
  const truth = JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8')) as Record<string, Truth>;
  const ids = Object.keys(truth).sort();
  const rows = ids.map((id) => evalPage(dir, id, truth[id] as Truth));
  if (show) {
    for (const r of rows.filter((x) => x.id.startsWith(show)))
      console.log(`--- predicted ${r.id}\n${r.predicted}\n--- truth\n${truth[r.id]?.articleBody}`);
    return 0;
  }
  printRows(rows);
  const total = aggregate(rows.map((r) => r.counts));
  const even = aggregate(rows.filter((_, i) => i % 2 === 0).map((r) => r.counts));
  const odd = aggregate(rows.filter((_, i) => i % 2 === 1).map((r) => r.counts));
  printTotals(total, even, odd);
  const pass = [total, even, odd].every((s) => s.f1 > GATE_F1);
  const summary = `F1 ${f3(total.f1)} (halves ${f3(even.f1)} / ${f3(odd.f1)})`;
  console.log(pass ? `\nPASS: ${summary}, all > ${GATE_F1}` : `\nFAIL: ${summary}, not all > ${GATE_F1}`);
  return pass ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(main(process.argv.slice(2)));
