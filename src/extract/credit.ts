// Wire credits the generic extractor can recognise in any outlet's page when the first paragraph opens with no
// agency dateline (datelines.ts): a source line ("来源：新华网", meta name=source).
import type { CheerioAPI } from 'cheerio/slim';
import { clean, meta, own } from '../text/select.js';

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
