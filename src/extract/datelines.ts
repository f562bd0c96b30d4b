// Wire datelines, in one table. A dateline opens the first paragraph and names the agency that filed it; it
// stays in the text (the editor quotes it) and is marked on the paragraph. Each adapter names the form its
// outlet prints; the generic extractor tries its own short list on any page. Adding a wire means a row here,
// not a copy of a pattern in a second adapter.
import type { Paragraph } from '../types.js';
import { own } from '../text/select.js';

/** Every dateline form we recognise, by name. */
export const DATELINE_FORMS = {
  /**
   * TASS's own: "MOSCOW, November 18. /TASS/.", "МОСКВА, 29 июня. /ТАСС/.",
   * "ГУЙЛИНЬ /КНР/, 23 марта. /Корр. ТАСС Ольга Романова/.". The city is upper case (a country may follow it
   * in slashes); the last slashes hold the agency and, at times, the correspondent.
   */
  tass: /^(\p{Lu}[\p{Lu}\s.'’-]*(?: \/[^/]{2,30}\/)?), (\p{L}+ \d{1,2}|\d{1,2} \p{L}+)\. \/([^/]{2,80})\/\./u,
  /** English wire, Xinhua style: "BEIJING, Nov. 19 (Xinhua) --" (People's Daily English, Global Times). */
  enWire: /^([A-Z][A-Z .'-]{2,40}(?:,\s[^()]{1,40})?\s\((Xinhua|Global Times|People's Daily Online)\)\s?--)/,
  /** Chinese agency: "新华社北京11月19日电", "本报莫斯科11月18日电", "人民网北京11月18日电" (People's Daily). */
  zhWire: /^((?:新华社|人民网|中新社|本报)[^\s，。、]{0,12}?\d{1,2}月\d{1,2}日电)/,
} as const;

/** The forms the generic extractor tries on a page of any outlet, with the capture group naming the agency. */
const GENERIC_FORMS: readonly { re: RegExp; group: number }[] = [
  { re: /^[A-ZА-ЯЁ][A-ZА-ЯЁ .'-]{1,40},\s+[^./]{3,25}\.\s*\/(TASS|ТАСС|ИТАР-ТАСС|ITAR-TASS)\/\.?/u, group: 1 },
  { re: /^((?:新华社|中新社|人民日报|人民网))[\u4e00-\u9fff]{0,12}\d{1,2}月\d{1,2}日(?:电|讯)/u, group: 1 },
  {
    re: /^[A-Z][A-Za-z .'-]{1,40},\s+[A-Za-z]{3,9}\.?\s+\d{1,2}\s+\((Xinhua|Reuters|AP|AFP|TASS|Sputnik|RIA Novosti|Interfax)\)\s*(?:--|—|–|-)?/u,
    group: 1,
  },
];

const TASS_CORRESPONDENT = /^(?:(?:Спец\.\s*)?[Кк]орр\.\s*ТАСС|TASS (?:special )?correspondent)\s+(.+)$/u;

export interface TassDateline {
  /** The dateline exactly as it opens the paragraph. */
  text: string;
  agency: 'TASS' | 'ТАСС';
  /** A named correspondent ("/Корр. ТАСС Андрей Кириллов/."), the only byline TASS prints. */
  correspondent?: string;
}

/** The TASS dateline opening `paragraph`, with its agency spelling and correspondent. */
export function parseTassDateline(paragraph: string): TassDateline | undefined {
  const m = DATELINE_FORMS.tass.exec(paragraph);
  const inner = m?.[3]?.trim();
  if (!m || !inner) return undefined;
  const agency = inner.includes('ТАСС') ? 'ТАСС' : inner.includes('TASS') ? 'TASS' : undefined;
  if (!agency) return undefined;
  const correspondent = TASS_CORRESPONDENT.exec(inner)?.[1]?.trim();
  return { text: m[0], agency, ...(correspondent ? { correspondent } : {}) };
}

/** A paragraph with a leading English wire dateline (Xinhua style) marked. */
export function withEnDateline(text: string): Paragraph {
  const m = DATELINE_FORMS.enWire.exec(text);
  return m?.[1] ? { text, dateline: own(m[1]) } : { text };
}

/** The wire named in an English dateline paragraph ("Xinhua"), if any. */
export function enDatelineCredit(p: Paragraph | undefined): string | undefined {
  const m = p?.dateline ? DATELINE_FORMS.enWire.exec(p.dateline) : null;
  return m?.[2] ? own(m[2]) : undefined;
}

/** A paragraph with a leading Chinese agency dateline marked. */
export function withZhDateline(text: string): Paragraph {
  const d = DATELINE_FORMS.zhWire.exec(text);
  return d?.[1] ? { text, dateline: own(d[1]) } : { text };
}

export interface WireDateline {
  dateline: string;
  credit: string;
}

/** The agency dateline that opens `text` on a page of any outlet, with the agency as credit. */
export function leadingDateline(text: string): WireDateline | undefined {
  for (const { re, group } of GENERIC_FORMS) {
    const m = re.exec(text);
    const credit = m?.[group];
    if (m && credit) return { dateline: own(m[0].replace(/\s*(--|—|–|-)$/, '').trim()), credit: own(credit) };
  }
  return undefined;
}
