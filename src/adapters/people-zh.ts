// People's Daily, Chinese (people.com.cn, people.cn). Pages declare GB2312 but carry GBK bytes (read as GB18030
// by src/fetch/decode.ts), and some channels serve UTF-8 under the same <meta>: this file only sees text.
// Two layouts: '2020' (div.layout.rm_txt, captured 2024-04) and '2019' (div.text_title / div#rwb_zw, reported
// by many scrapers). Guarantees: the title never carries the "--时政--人民网" suffix, editors
// (责编) are never authors, and a time is given to the minute in +08:00 only when the date line has minutes.
import type { CheerioAPI, Cheerio } from 'cheerio/slim';
import type { AnyNode, Element } from 'domhandler';
import { DateTime } from 'luxon';
import type { AdapterResult, AdapterVersion, SiteAdapter } from './adapter.js';
import type { PageContext, Paragraph } from '../types.js';
import { SelectorMissError } from '../errors.js';
import { clean, meta, one, oneOf, optionalText, own, textOf } from '../text/select.js';
import { dateOnly, finalizeTime } from '../text/time.js';
import { withZhDateline } from '../extract/datelines.js';
import { inMatching, selectorTest } from '../extract/query.js';
import { zoneNamed } from '../text/zones.js';

const ZONE = 'Asia/Shanghai';

const SELECTORS_2020 = {
  detect: 'div.layout.rm_txt',
  title: 'div.layout.rm_txt > div.col.col-1 > h1',
  author: 'div.layout.rm_txt > div.col.col-1 > div.author',
  dateLine: 'div.layout.rm_txt div.channel > div.col-1-1',
  body: ['div.layout.rm_txt div.rm_txt_con'],
  /** Editor's note (编者按) block inside the body container: kept as the lead, never as body. */
  lead: 'div.bza',
  /** Inside the body container but not body: editor's note, 责编 line, share bar, pictures, page nav. */
  notBody: 'div.bza, div.edit, p.paper_num, div.box_pic, div.zdfy, center, table',
} as const;

const SELECTORS_2019 = {
  detect: 'div.text_title',
  title: 'div.clearfix.w1000_320.text_title > h1',
  author: 'div.clearfix.w1000_320.text_title > p.author',
  dateLine: 'div.text_title div.box01 > div.fl',
  body: ['div#rwb_zw', 'div.box_con'],
  lead: 'div.bza',
  notBody: 'div.bza, div.edit, div.zdfy, div.otitle, p.paper_num, center, table',
} as const;

type Layout = typeof SELECTORS_2020 | typeof SELECTORS_2019;

/** What a layout reads, for a scoped parse (src/extract/scoped.ts); `lead` and `notBody` apply inside `body`. */
const scopeOf = (sel: Layout): string[] => [sel.detect, sel.title, sel.author, sel.dateLine, ...sel.body];

/** Lines that leak into naive paragraph scans (reported in a 2026 crawler changelog). */
const BOILERPLATE: readonly RegExp[] = [
  /^[(（]?责编[：:]/,
  /^\d{4}年\d{1,2}月\d{1,2}日\s*\d{1,2}:\d{2}\s*\|?\s*来源[：:]/,
  /^分享让更多人看到/,
];

const DATE_MINUTE = /(\d{4})年(\d{1,2})月(\d{1,2})日\s*(\d{1,2}):(\d{2})/;
const CREDIT = /来源[：:]\s*([^|\s]+)/;
/** Reporter credits after a dateline ("新华社北京11月19日电（记者李镕、周玥）") or closing the last paragraph. */
const LEADING_REPORTERS = /^[^（(]{0,30}电\s*[（(]记者\s*([^（）()]+?)\s*[）)]/;
const TRAILING_REPORTERS = /[（(]记者\s*([^（）()]+?)\s*[）)]\s*$/;
const ROLE_PREFIX = /^(?:本报记者|人民网记者|新华社记者|记者|作者)[：:\s]*/;
/** The <title> suffix: ASCII "-"/"--" parts ending in 人民网; full-width "｜" and "－" inside titles stay. */
const TITLE_SUFFIX = /(?:\s*--\s*[^-\s]{1,16})*\s*-{1,2}\s*人民网\s*$/;

/** The headline without "--时政--人民网" and its kin. */
export function stripPeopleSuffix(title: string): string {
  return clean(clean(title).replace(TITLE_SUFFIX, ''));
}

/** "2024年04月24日23:52" in Beijing time, or undefined when the text has no minute-precision date. */
export function parseZhDateLine(text: string): DateTime | undefined {
  const m = DATE_MINUTE.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const dt = DateTime.fromObject({ year: y, month: mo, day: d, hour: h, minute: mi }, { zone: zoneNamed(ZONE) });
  return dt.isValid ? dt : undefined;
}

function published($: CheerioAPI, dateLine: string | undefined, ctx: PageContext): string | undefined {
  const zone = ctx.timeZone ?? ZONE;
  const exact = dateLine ? finalizeTime(parseZhDateLine(dateLine), zone, ctx.now) : undefined;
  if (exact) return exact;
  const day = meta($, 'publishdate');
  return day ? dateOnly(DateTime.fromISO(day, { zone: zoneNamed(zone) }), ctx.now) : undefined;
}

function credit($: CheerioAPI, dateLine: string | undefined): string | undefined {
  const m = CREDIT.exec(dateLine ?? '') ?? CREDIT.exec(meta($, 'source') ?? '');
  return m?.[1] ? own(m[1]) : undefined;
}

/** Body paragraphs: every <p> of the container that is not inside (or itself) a non-body block. */
function bodyParagraphs(container: Cheerio<Element>, notBody: string): Paragraph[] {
  const out: Paragraph[] = [];
  const isNotBody = selectorTest(notBody);
  const stop = container[0] as Element;
  container.find('p').each((_, p) => {
    if (inMatching(p, stop, isNotBody)) return;
    const t = clean(textOf(p as AnyNode));
    if (t && !BOILERPLATE.some((re) => re.test(t))) out.push(withZhDateline(own(t)));
  });
  return out;
}

function byline(author: string | undefined, body: readonly Paragraph[]): string | undefined {
  const shown = author ? clean(author.replace(ROLE_PREFIX, '')) : '';
  if (shown) return own(shown);
  const m = LEADING_REPORTERS.exec(body[0]?.text ?? '') ?? TRAILING_REPORTERS.exec(body[body.length - 1]?.text ?? '');
  return m?.[1] ? own(m[1]) : undefined;
}

function extractLayout(sel: Layout, $: CheerioAPI, ctx: PageContext): AdapterResult {
  const h1 = one($, sel.title, 'title', ctx.url);
  const title = clean(textOf(h1)) || stripPeopleSuffix($('title').first().text());
  if (!title) throw new SelectorMissError('title', sel.title, 0, ctx.url);
  const dateLine = optionalText($, sel.dateLine);
  const container = oneOf($, sel.body, 'body', ctx.url);
  const paragraphs = bodyParagraphs(container, sel.notBody);
  if (paragraphs.length === 0) throw new SelectorMissError('body', `${sel.body.join(' | ')} p`, 0, ctx.url);
  const leadText = clean(textOf(container.find(sel.lead).first()));
  const by = byline(optionalText($, sel.author), paragraphs);
  const from = credit($, dateLine);
  const at = published($, dateLine, ctx);
  return {
    title: own(title),
    ...(at ? { publishedAt: at } : {}),
    ...(by ? { byline: by } : {}),
    ...(from ? { credit: from } : {}),
    ...(leadText ? { lead: own(leadText) } : {}),
    lang: 'zh',
    paragraphs,
    canonicalUrl: ctx.url,
  };
}

const v2020: AdapterVersion = {
  name: '2020',
  scope: scopeOf(SELECTORS_2020),
  detect: ($) => $(SELECTORS_2020.detect).length > 0,
  extract: ($, ctx) => extractLayout(SELECTORS_2020, $, ctx),
};

const v2019: AdapterVersion = {
  name: '2019',
  scope: scopeOf(SELECTORS_2019),
  detect: ($) => $(SELECTORS_2019.detect).length > 0,
  extract: ($, ctx) => extractLayout(SELECTORS_2019, $, ctx),
};

export const peopleZh: SiteAdapter = {
  id: 'people-zh',
  hosts: ['people.com.cn', 'people.cn'],
  versions: [v2020, v2019],
};
