// The standfirst: a summary/lead/dek element shown under the headline. It is reported separately (the
// body may or may not repeat it); link-heavy or overlong candidates are not leads.
import type { CheerioAPI } from 'cheerio/slim';
import { clean, own, textOf } from '../text/select.js';
import { linkDensity } from './dom.js';
import type { Element } from 'domhandler';

const LEAD_CLASS_RE = /(^|[\s_-])(lead|summary|standfirst|dek|subtitle|sub-title|subheadline|intro|excerpt)([\s_-]|$)/i;
const LEAD = { minChars: 30, maxChars: 800, maxLinkDensity: 0.3 };

export function findLead($: CheerioAPI, firstParagraph: string | undefined): string | undefined {
  let found: string | undefined;
  $('[class], [itemprop="description"]').each((_, el) => {
    if (found !== undefined) return false;
    const e = el as Element;
    if (e.name === 'meta' || e.name === 'body' || e.name === 'html') return undefined;
    if (!LEAD_CLASS_RE.test(e.attribs['class'] ?? '') && e.attribs['itemprop'] !== 'description') return undefined;
    const text = clean(textOf(e));
    if (text.length < LEAD.minChars || text.length > LEAD.maxChars || linkDensity(e) > LEAD.maxLinkDensity) return undefined;
    if (firstParagraph !== undefined && firstParagraph.length > text.length && firstParagraph.includes(text) && text.length < 60)
      return undefined;
    found = own(text);
    return false;
  });
  return found;
}
