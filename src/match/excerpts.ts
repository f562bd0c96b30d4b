// Newsletter-ready excerpts: the sentences that hold hits, merged when they touch, cut to a readable
// length with "…" where the cut falls inside a sentence. Guarantee: for every highlight [s, e, rule],
// excerpt.text.slice(s, e) is exactly the hit's text in the paragraph; highlights never overlap.
// Excerpts come from body paragraphs only (paragraph ≥ 0): the headline is shown whole by every
// consumer, and its hits are in matches[].hits with field 'title'.
import { own } from '../text/select.js';
import type { Excerpt } from '../types.js';
import { sentenceSpans, type Span } from './sentences.js';

export const MAX_EXCERPT_CHARS = 320;
export const CONTEXT_CHARS = 110;
export const MAX_EXCERPTS = 10;
const ELLIPSIS = '…';

export type Mark = [number, number, string];

export interface MarkedParagraph {
  paragraph: number;
  text: string;
  marks: Mark[];
}

export function buildExcerpts(paragraphs: readonly MarkedParagraph[]): Excerpt[] {
  const out: Excerpt[] = [];
  for (const p of paragraphs) {
    const marks = nonOverlapping(p.marks);
    if (marks.length === 0) continue;
    const spans = sentenceSpans(p.text);
    for (const range of sentenceRanges(spans, marks)) {
      for (const w of windows(p.text, range, marks)) {
        out.push(render(p, spans, w, marks));
        if (out.length >= MAX_EXCERPTS) return out;
      }
    }
  }
  return out;
}

/** Sorted by start, longer first; a mark overlapping one already kept is dropped. */
function nonOverlapping(marks: Mark[]): Mark[] {
  const sorted = [...marks].sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const kept: Mark[] = [];
  for (const m of sorted) {
    const last = kept[kept.length - 1];
    if (last && m[0] < last[1]) continue;
    kept.push(m);
  }
  return kept;
}

/** Runs of consecutive sentences that hold marks (touching sentences merge into one range). Marks and
 * spans are both sorted, so one forward pass pairs them. */
function sentenceRanges(spans: Span[], marks: Mark[]): Span[] {
  const hit: number[] = [];
  let i = 0;
  for (const [s, e] of marks) {
    while (i < spans.length && spans[i]![1] <= s) i++;
    for (let k = i; k < spans.length && spans[k]![0] < e; k++) if (hit[hit.length - 1] !== k) hit.push(k);
  }
  const ranges: Span[] = [];
  let prev = -2;
  for (const k of hit) {
    const span = spans[k]!;
    const last = ranges[ranges.length - 1];
    if (last && k === prev + 1) last[1] = span[1];
    else ranges.push([span[0], span[1]]);
    prev = k;
  }
  return ranges;
}

/** Cuts a long range into windows of at most MAX_EXCERPT_CHARS around its marks. */
function windows(text: string, [rs, re]: Span, marks: Mark[]): Span[] {
  if (re - rs <= MAX_EXCERPT_CHARS) return [[rs, re]];
  const inside = marks.filter(([s, e]) => s >= rs && e <= re);
  const out: Span[] = [];
  let i = 0;
  while (i < inside.length) {
    const first = inside[i]!;
    let last = first;
    while (i + 1 < inside.length && inside[i + 1]![1] - first[0] <= MAX_EXCERPT_CHARS - 2 * CONTEXT_CHARS) last = inside[++i]!;
    i++;
    const room = Math.max(0, MAX_EXCERPT_CHARS - (last[1] - first[0]));
    const ws = snapStart(text, Math.max(rs, first[0] - Math.floor(room / 2)), first[0]);
    const we = snapEnd(text, Math.min(re, last[1] + Math.ceil(room / 2)), last[1]);
    const prev = out[out.length - 1];
    if (prev && ws <= prev[1]) prev[1] = Math.max(prev[1], we);
    else out.push([ws, we]);
  }
  return out;
}

/** Moves a cut start forward to the next word start (never past `limit`, the first mark). */
function snapStart(text: string, at: number, limit: number): number {
  if (at === 0 || /\s/u.test(text[at - 1]!)) return at;
  for (let i = at; i < limit; i++) if (/\s/u.test(text[i]!)) return skip(text, i, limit);
  return at;
}

/** Moves a cut end back to the previous word end (never before `limit`, the last mark's end). */
function snapEnd(text: string, at: number, limit: number): number {
  if (at >= text.length || /\s/u.test(text[at]!)) return at;
  for (let i = at; i > limit; i--) if (/\s/u.test(text[i - 1]!)) return trimBack(text, i - 1, limit);
  return at;
}

function skip(text: string, i: number, limit: number): number {
  while (i < limit && /\s/u.test(text[i]!)) i++;
  return i;
}

function trimBack(text: string, i: number, limit: number): number {
  while (i > limit && /\s/u.test(text[i - 1]!)) i--;
  return i;
}

function render(p: MarkedParagraph, spans: Span[], [ws, we]: Span, marks: Mark[]): Excerpt {
  const startsSentence = spans.some(([a]) => a === ws) || ws === 0;
  const endsSentence = spans.some(([, b]) => b === we) || we === p.text.length;
  const lead = startsSentence ? '' : ELLIPSIS;
  const text = own(lead + p.text.slice(ws, we) + (endsSentence ? '' : ELLIPSIS));
  const highlights: Mark[] = marks
    .filter(([s, e]) => s >= ws && e <= we)
    .map(([s, e, rule]) => [s - ws + lead.length, e - ws + lead.length, rule]);
  return { paragraph: p.paragraph, text, highlights };
}
