// `export --format csv`: one row per matched rule of an item (an item with three rules is three rows), newest
// first like every other export, for a spreadsheet. csv-stringify with a UTF-8 BOM
// (Excel then reads Cyrillic and Chinese), CRLF records, RFC 4180 quoting, and formula escaping (a cell starting
// with = + - @ TAB CR gets a leading ' so a headline cannot become a formula).

import { stringify } from 'csv-stringify/sync';
import type { Candidate } from '../types.js';
import { itemUtcIso, newestFirst } from '../output/order.js';
import type { ExportDecision } from './types.js';

export const CSV_COLUMNS = [
  'id',
  'outlet',
  'headline',
  'url',
  'published',
  'lang',
  'rule',
  'rule_label',
  'terms',
  'excerpt',
  'status',
  'reviewed',
  'comment',
] as const;

type Row = Record<(typeof CSV_COLUMNS)[number], string>;

/** The excerpt that holds this rule's first highlight, else the item's first excerpt. */
function excerptFor(item: Candidate, rule: string): string {
  const withRule = item.excerpts.find((e) => e.highlights.some((h) => h[2] === rule));
  return (withRule ?? item.excerpts[0])?.text ?? '';
}

function rowsOf(item: Candidate, generatedAt: string, decision: ExportDecision | undefined): Row[] {
  const base = {
    id: item.id,
    outlet: item.source.outlet ?? item.source.name,
    headline: item.title,
    url: item.url,
    published: itemUtcIso(item, generatedAt),
    lang: item.lang,
    status: item.status,
    reviewed: decision?.decision ?? item.decision ?? '',
    comment: decision?.comment ?? '',
  };
  const matches = item.matches.length > 0 ? item.matches : [{ rule: '', label: '', hits: [] }];
  return matches.map((m) => ({
    ...base,
    rule: m.rule,
    rule_label: m.label,
    terms: [...new Set(m.hits.map((h) => h.text))].join('; '),
    excerpt: excerptFor(item, m.rule),
  }));
}

export function renderCsv(items: Candidate[], opts: { generatedAt: string; decisions?: Map<string, ExportDecision> }): string {
  const rows = newestFirst(items).flatMap((item) => rowsOf(item, opts.generatedAt, opts.decisions?.get(item.id)));
  return stringify(rows, {
    bom: true,
    header: true,
    columns: [...CSV_COLUMNS],
    record_delimiter: 'windows',
    escape_formulas: true,
    // csv-stringify quotes only the record delimiter (CRLF); a lone LF or a leading/trailing space must be quoted too.
    quoted_match: /[\r\n]|^\s|\s$/,
  });
}
