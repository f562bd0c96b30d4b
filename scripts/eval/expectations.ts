// Checks of an extracted page against one entry of a realworld expected.json, under its _normalization
// rules: every quoted string and our output are compared after collapsing each JavaScript-\s run to one
// space and trimming; nothing else is folded. Times compare as instants (to the minute); a date-only
// expectation compares the calendar date. The body may open with an allowed lead, dateline or optional
// leading line and end with optional trailing content, as the entry's _conventions allow.
import { DateTime } from 'luxon';
import type { ExtractedPage } from '../../src/types.js';

export interface Expected {
  url: string;
  source_hint?: string;
  charset_bytes?: string;
  charset_decode_as?: string;
  title?: string | null;
  published?: string | null;
  lead?: string | null;
  lead_is_body?: boolean;
  dateline?: string | null;
  optional_leading?: string[];
  optional_content?: string[];
  body_first?: string | null;
  body_first_if_lead_omitted?: string | null;
  body_last?: string | null;
  must_contain?: string[];
  must_not_contain?: string[];
}

export type CheckName = 'title' | 'published' | 'body_first' | 'body_last' | 'must_contain' | 'must_not_contain' | 'fffd';

export interface Check {
  name: CheckName;
  ok: boolean;
  detail?: string;
}

export const norm = (s: string): string => s.replace(/\s+/g, ' ').trim();

const clip = (s: string, n = 90): string => (s.length > n ? `${s.slice(0, n)}…` : s);

/** Instant comparison to the minute; a date-only expected value compares the calendar date of ours. */
export function sameTime(expected: string, actual: string | undefined): boolean {
  if (!actual) return false;
  const a = DateTime.fromISO(actual, { setZone: true });
  if (!a.isValid) return false;
  if (/^\d{4}-\d{2}-\d{2}$/.test(expected)) return a.toISODate() === expected;
  if (/^\d{4}-\d{2}-\d{2}$/.test(actual)) return false;
  const e = DateTime.fromISO(expected, { setZone: true });
  return e.isValid && e.startOf('minute').toMillis() === a.startOf('minute').toMillis();
}

function dropLeading(paras: string[], skippable: Set<string>): string[] {
  let i = 0;
  while (i < paras.length && skippable.has(paras[i] as string)) i++;
  return paras.slice(i);
}

function dropTrailing(paras: string[], skippable: Set<string>): string[] {
  let j = paras.length;
  while (j > 0 && skippable.has(paras[j - 1] as string)) j--;
  return paras.slice(0, j);
}

/** Paragraph texts the body comparison sees: our lead first when the page's lead is the story's start. */
function bodyParagraphs(page: ExtractedPage, e: Expected): string[] {
  const paras = page.paragraphs.map((p) => norm(p.text)).filter((p) => p !== '');
  const lead = page.lead ? norm(page.lead) : undefined;
  if (e.lead_is_body && e.lead && lead === norm(e.lead) && !paras[0]?.startsWith(lead)) return [lead, ...paras];
  return paras;
}

function checkFirst(paras: string[], e: Expected): Check {
  const first = e.body_first ? norm(e.body_first) : '';
  const skippable = new Set(
    [
      ...(e.optional_leading ?? []),
      ...(e.optional_content ?? []),
      ...(e.dateline ? [e.dateline] : []),
      ...(!e.lead_is_body && e.lead ? [e.lead] : []),
    ].map(norm),
  );
  const text = dropLeading(paras, skippable).join(' ');
  const starts = [
    first,
    e.dateline && first.startsWith(norm(e.dateline)) ? norm(first.slice(norm(e.dateline).length)) : '',
    e.body_first_if_lead_omitted ? norm(e.body_first_if_lead_omitted) : '',
  ].filter((s) => s !== '');
  const ok = starts.some((s) => text.startsWith(s));
  return { name: 'body_first', ok, ...(ok ? {} : { detail: `starts "${clip(text)}"` }) };
}

function checkLast(paras: string[], e: Expected): Check {
  const last = norm(e.body_last ?? '');
  const text = dropTrailing(paras, new Set((e.optional_content ?? []).map(norm))).join(' ');
  const ok = text.endsWith(last);
  return { name: 'body_last', ok, ...(ok ? {} : { detail: `ends "…${text.slice(-90)}"` }) };
}

/** U+FFFD in our output must not exceed the count in the source text itself. */
export function fffdCheck(sourceText: string, decodedText: string, page: ExtractedPage): Check {
  const count = (s: string): number => s.split('\uFFFD').length - 1;
  const inSource = count(sourceText);
  const inDecoded = count(decodedText);
  const inOutput = count([page.title, page.lead ?? '', page.byline ?? '', ...page.paragraphs.map((p) => p.text)].join('\n'));
  const ok = inDecoded <= inSource && inOutput <= inSource;
  return { name: 'fffd', ok, ...(ok ? {} : { detail: `U+FFFD source ${inSource}, decoded ${inDecoded}, output ${inOutput}` }) };
}

/** Every applicable check for one page (fields the entry leaves null or absent are not checked). */
export function checkPage(page: ExtractedPage, e: Expected): Check[] {
  const out: Check[] = [];
  if (e.title) {
    const ok = norm(page.title) === norm(e.title);
    out.push({ name: 'title', ok, ...(ok ? {} : { detail: `title "${clip(page.title)}"` }) });
  }
  if (e.published) {
    const ok = sameTime(e.published, page.publishedAt);
    out.push({ name: 'published', ok, ...(ok ? {} : { detail: `published ${page.publishedAt ?? '(none)'} vs ${e.published}` }) });
  }
  const paras = bodyParagraphs(page, e);
  const body = paras.join(' ');
  if (e.body_first) out.push(checkFirst(paras, e));
  if (e.body_last) out.push(checkLast(paras, e));
  if (e.must_contain?.length) {
    const missing = e.must_contain.map(norm).filter((s) => !paras.some((p) => p.includes(s)));
    out.push({
      name: 'must_contain',
      ok: missing.length === 0,
      ...(missing.length ? { detail: `missing "${clip(missing[0] ?? '')}"` } : {}),
    });
  }
  if (e.must_not_contain?.length) {
    const present = e.must_not_contain.map(norm).filter((s) => body.includes(s));
    out.push({
      name: 'must_not_contain',
      ok: present.length === 0,
      ...(present.length ? { detail: `contains "${clip(present[0] ?? '')}"` } : {}),
    });
  }
  return out;
}
