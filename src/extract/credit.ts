// Wire credits and datelines the generic extractor can recognise in any outlet's page: an agency dateline
// at the start of the first paragraph ("МОСКВА, 29 июня. /ТАСС/.", "新华社北京11月17日电",
// "BEIJING, Nov. 17 (Xinhua) --"), else a source line ("来源：新华网", meta name=source).
import type { CheerioAPI } from 'cheerio/slim';
import { clean, meta, own } from '../text/select.js';

interface DatelineRule {
  re: RegExp;
  /** Capture group that names the agency. */
  group: number;
}

const DATELINES: readonly DatelineRule[] = [
  { re: /^[A-ZА-ЯЁ][A-ZА-ЯЁ .'-]{1,40},\s+[^./]{3,25}\.\s*\/(TASS|ТАСС|ИТАР-ТАСС|ITAR-TASS)\/\.?/u, group: 1 },
  { re: /^((?:新华社|中新社|人民日报|人民网))[\u4e00-\u9fff]{0,12}\d{1,2}月\d{1,2}日(?:电|讯)/u, group: 1 },
  { re: /^[A-Z][A-Za-z .'-]{1,40},\s+[A-Za-z]{3,9}\.?\s+\d{1,2}\s+\((Xinhua|Reuters|AP|AFP|TASS|Sputnik|RIA Novosti|Interfax)\)\s*(?:--|—|–|-)?/u, group: 1 },
];

export interface Dateline {
  dateline: string;
  credit: string;
}

/** The agency dateline that opens `text`, with the agency as credit. */
export function leadingDateline(text: string): Dateline | undefined {
  for (const { re, group } of DATELINES) {
    const m = re.exec(text);
    const credit = m?.[group];
    if (m && credit) return { dateline: own(m[0].replace(/\s*(--|—|–|-)$/, '').trim()), credit: own(credit) };
  }
  return undefined;
}

const SOURCE_LINE_RE = /(?:来源|來源|稿件来源|Source)\s*[:：]\s*([^\s|:：()（）]{2,20})/;

/** A source/credit line near the headline or in meta name=source; undefined when none is recognisable. */
export function sourceCredit($: CheerioAPI, nearHeadline: string): string | undefined {
  const m = SOURCE_LINE_RE.exec(nearHeadline);
  if (m?.[1]) return own(m[1]);
  const src = meta($, 'source');
  if (!src) return undefined;
  const t = clean(src.replace(/^(来源|來源|source)\s*[:：]\s*/i, ''));
  return t && t.length <= 40 && !/^https?:/.test(t) ? own(t) : undefined;
}
