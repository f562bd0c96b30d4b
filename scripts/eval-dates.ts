// npm run eval:dates -- DIR [--failures]
// htmldate's evaluation pages (DIR/ground-truth.json, laid out as ../shared/dates) through the crawler's own
// decode (no HTTP headers were kept) and the generic date finder (src/extract/pagedate.ts), scored at day level
// as htmldate's own evaluation scores: TP answer = label; FP answer ≠ label, or any answer on a null label;
// FN no answer. Prints precision, recall, accuracy and F-score per category (htmldate's default set or Media Cloud
// 2020, by the page's file name) and in total, the answers by the evidence they came from, and the median
// CPU time per page (decode + parse + date).
// Exit 1 below precision 0.92, recall 0.95, or at a median of 20 ms a page or more.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { load } from 'cheerio/slim';
import { decodeBytes } from '../src/fetch/decode.js';
import { pageDateWithSource } from '../src/extract/pagedate.js';
import { guessZone } from '../src/adapters/generic.js';

const GOAL = { precision: 0.92, recall: 0.95, medianMs: 20 };
const NOW = new Date('2026-06-01T00:00:00Z');

interface Truth {
  file: string;
  date: string | null;
}
interface Row {
  url: string;
  label: string | null;
  answer?: string;
  /** The evidence the answer came from (url, structured, near-headline, time-element …). */
  source?: string;
  ms: number;
  category: string;
  error?: string;
}

function category(file: string): string {
  return /^[0-9a-f]{32}\.html\.gz$/.test(file.replace(/^pages\//, '')) ? 'mediacloud 2020' : 'htmldate default';
}

function evalPage(dir: string, url: string, t: Truth): Row {
  const bytes = gunzipSync(readFileSync(join(dir, t.file)));
  // CPU time of this process (user + system), not wall time: on a shared machine the wall clock measures the
  // other tenants; the CPU a page costs is what the goal is about.
  const started = process.cpuUsage();
  let answer: string | undefined;
  let error: string | undefined;
  let source: string | undefined;
  try {
    const doc = decodeBytes(bytes, { kind: 'html' });
    const $ = load(doc.text);
    const found = pageDateWithSource($, { url, now: NOW, guessZone });
    answer = found?.value.slice(0, 10);
    source = found?.source;
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const used = process.cpuUsage(started);
  const ms = (used.user + used.system) / 1000;
  return { url, label: t.date, ...(answer ? { answer, source } : {}), ms, category: category(t.file), ...(error ? { error } : {}) };
}

function score(rows: readonly Row[]): {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  accuracy: number;
  f: number;
} {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const r of rows) {
    if (!r.answer) fn++;
    else if (r.answer === r.label) tp++;
    else fp++;
  }
  return {
    tp,
    fp,
    fn,
    precision: tp / (tp + fp || 1),
    recall: tp / (tp + fn || 1),
    accuracy: tp / (rows.length || 1),
    f: (2 * tp) / (2 * tp + fp + fn || 1),
  };
}

const f3 = (x: number): string => x.toFixed(3);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor((s.length - 1) / 2)] as number) : 0;
}

function main(argv: string[]): number {
  const dir = argv.find((a) => !a.startsWith('--')) ?? '../shared/dates';
  const truth = JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8')) as Record<string, Truth>;
  const rows = Object.entries(truth).map(([url, t]) => evalPage(dir, url, t));
  if (argv.includes('--failures')) {
    for (const r of rows.filter((x) => x.answer !== x.label || !x.answer))
      console.log(`${r.answer ?? '-         '} ≠ ${r.label ?? 'null      '}  ${r.url}${r.error ? `  ERROR ${r.error}` : ''}`);
  }
  console.log('| category | pages | precision | recall | accuracy | F-score |\n|---|---|---|---|---|---|');
  for (const cat of [...new Set(rows.map((r) => r.category))].sort()) {
    const rs = rows.filter((r) => r.category === cat);
    const s = score(rs);
    console.log(`| ${cat} | ${rs.length} | ${f3(s.precision)} | ${f3(s.recall)} | ${f3(s.accuracy)} | ${f3(s.f)} |`);
  }
  const s = score(rows);
  const med = median(rows.map((r) => r.ms));
  console.log(`| **total** | ${rows.length} | **${f3(s.precision)}** | **${f3(s.recall)}** | ${f3(s.accuracy)} | **${f3(s.f)}** |`);
  console.log('\n| evidence | answers | right | wrong |\n|---|---|---|---|');
  for (const src of [...new Set(rows.map((r) => r.source).filter((x): x is string => !!x))]) {
    const rs = rows.filter((r) => r.source === src);
    console.log(
      `| ${src} | ${rs.length} | ${rs.filter((r) => r.answer === r.label).length} | ${rs.filter((r) => r.answer !== r.label).length} |`,
    );
  }
  console.log(
    `\nTP ${s.tp} · FP ${s.fp} · FN ${s.fn} · median ${med.toFixed(1)} ms CPU/page (decode + parse + date) · errors ${rows.filter((r) => r.error).length}`,
  );
  const pass = s.precision >= GOAL.precision && s.recall >= GOAL.recall && med < GOAL.medianMs;
  console.log(
    pass
      ? `PASS: precision ≥ ${GOAL.precision}, recall ≥ ${GOAL.recall}, median < ${GOAL.medianMs} ms`
      : `FAIL: goal precision ≥ ${GOAL.precision}, recall ≥ ${GOAL.recall}, median < ${GOAL.medianMs} ms`,
  );
  return pass ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
