// JSON-LD metadata: every <script type="application/ld+json"> block is parsed (arrays and @graph flattened,
// mainEntity followed), and the most specific article-like object wins: NewsArticle and its kin before
// Article/BlogPosting, before WebPage. A block that does not parse is skipped, never fatal.
import type { CheerioAPI } from 'cheerio/slim';
import { clean, own } from '../text/select.js';

export interface LdArticle {
  type: string;
  headline?: string;
  datePublished?: string;
  /** Person authors only: an Organization author (the outlet) is not a byline. */
  authors: string[];
  publisher?: string;
  inLanguage?: string;
  url?: string;
  /** The article text as the page states it, line breaks kept (trimmed only): some sites split paragraphs on them. */
  articleBody?: string;
}

/** Lower rank = more specific. Types not listed are ignored. */
const TYPE_RANK: Record<string, number> = {
  newsarticle: 0,
  reportagenewsarticle: 0,
  analysisnewsarticle: 0,
  opinionnewsarticle: 0,
  backgroundnewsarticle: 0,
  reviewnewsarticle: 0,
  askpublicnewsarticle: 0,
  liveblogposting: 1,
  article: 1,
  blogposting: 1,
  report: 2,
  scholarlyarticle: 2,
  techarticle: 2,
  socialmediaposting: 2,
  creativework: 3,
  webpage: 4,
  itempage: 4,
};

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

function isObj(v: Json | undefined): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseBlock(text: string): Json | undefined {
  const attempts = [text, text.replace(/[\u0000-\u001f]+/g, ' '), text.replace(/,\s*([}\]])/g, '$1').replace(/[\u0000-\u001f]+/g, ' ')];
  for (const t of attempts) {
    try {
      return JSON.parse(t) as Json;
    } catch {
      // try the next repair
    }
  }
  return undefined;
}

/** Every object reachable through arrays, @graph and mainEntity (depth-limited). */
function objects(v: Json | undefined, out: Obj[] = [], depth = 0): Obj[] {
  if (depth > 6 || v === undefined) return out;
  if (Array.isArray(v)) for (const x of v) objects(x, out, depth + 1);
  else if (isObj(v)) {
    out.push(v);
    for (const k of ['@graph', 'mainEntity', 'mainEntityOfPage', 'itemListElement']) if (k in v) objects(v[k], out, depth + 1);
  }
  return out;
}

function types(o: Obj): string[] {
  const t = o['@type'];
  const list = Array.isArray(t) ? t : [t];
  return list.filter((x): x is string => typeof x === 'string').map((x) => x.toLowerCase());
}

function str(v: Json | undefined): string | undefined {
  if (typeof v === 'string') {
    const t = clean(v);
    return t ? own(t) : undefined;
  }
  if (Array.isArray(v)) return str(v[0]);
  if (isObj(v)) return str(v['name'] ?? v['@value']);
  return undefined;
}

function personNames(v: Json | undefined): string[] {
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  const out: string[] = [];
  for (const a of list) {
    if (typeof a === 'string') {
      const s = str(a);
      if (s) out.push(s);
    } else if (isObj(a)) {
      const t = types(a);
      if (t.includes('organization') || t.includes('newsmediaorganization')) continue;
      const s = str(a['name']);
      if (s) out.push(s);
    }
  }
  return out;
}

function toArticle(o: Obj, type: string): LdArticle {
  return {
    type,
    headline: str(o['headline']) ?? str(o['name']),
    datePublished: str(o['datePublished']) ?? str(o['dateCreated']),
    authors: personNames(o['author'] ?? o['creator']),
    publisher: str(o['publisher']),
    inLanguage: str(o['inLanguage']),
    url: str(o['url']),
    ...(typeof o['articleBody'] === 'string' && o['articleBody'].trim() ? { articleBody: own(o['articleBody'].trim()) } : {}),
  };
}

export function readJsonLd($: CheerioAPI): LdArticle | undefined {
  let best: { rank: number; art: LdArticle } | undefined;
  $('script[type="application/ld+json" i]').each((_, el) => {
    const parsed = parseBlock($(el).text());
    for (const o of objects(parsed)) {
      for (const t of types(o)) {
        const rank = TYPE_RANK[t];
        if (rank === undefined || (best && best.rank <= rank)) continue;
        best = { rank, art: toArticle(o, t) };
      }
    }
  });
  return best?.art;
}
