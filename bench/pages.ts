// Realistic generated article pages for the crawl benchmark, built from our fixtures' markup skeletons
// (fixtures/<source>/pages/*.html): the skeleton keeps its head, meta, JSON-LD, charset and article markup;
// we inflate it with head scripts/styles, a mega-menu after <body>, related cards, ad slots and a JSON state
// blob before </body>, and extra article paragraphs after the article's last paragraph, to 60–300 KB.
// A page is three parts: prefix + unique paragraphs + suffix. Prefix and suffix depend only on (skeleton,
// variant) and are cached, the paragraphs on the page's seed, so the server can compress the two big parts once
// and send every page as one gzip member joined from the three (bench/gzip-parts.ts) while each page's text stays
// its own.
// Deterministic: the same plan always yields the same bytes, so the parse limit parses exactly the crawled pages.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { decodeBytes } from '../src/fetch/decode.js';
import type { Lang } from '../src/types.js';
import type { AdapterId } from '../src/adapters/index.js';
import { generateCorpus, rng } from './match-corpus.js';

export const PAGE_DEFAULTS = {
  /** Whole-page size range (bytes as served, before gzip). */
  minPageBytes: 70_000,
  maxPageBytes: 270_000,
  /** Extra article text per page, in bytes. */
  minArticleBytes: 3_000,
  maxArticleBytes: 12_000,
  /** Size variants of each skeleton (the cached prefix/suffix pairs). */
  variants: 3,
  /** Shares of the inflation: head scripts/styles, menu, related cards + ads + state blob. */
  shares: { head: 0.25, nav: 0.25, related: 0.5 },
  corpusBytes: 1_500_000,
  seed: 20261129,
};

export interface Kind {
  id: string;
  adapter: AdapterId;
  lang: Lang;
  timeZone: string;
  encoding?: string;
}

export interface Skeleton {
  kind: string;
  file: string;
  charset: 'utf-8' | 'gb18030';
  contentType: string;
  /** Decoded text cut at the four insertion points. */
  parts: [head: string, bodyOpen: string, article: string, rest: string, end: string];
  /** How the article's paragraphs open and close (`<p class="…">`…`</p>`, or `<br /><br />`…``). */
  para: [open: string, close: string];
}

export interface PageParts {
  prefix: Buffer;
  unique: Buffer;
  suffix: Buffer;
  charset: Skeleton['charset'];
  contentType: string;
}

type Rng = () => number;

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: Rng, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const hex = (r: Rng, n: number): string => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');

/** Bytes a string takes in the charset (GB18030: ASCII 1, the BMP characters we generate 2). */
export function byteLen(s: string, charset: Skeleton['charset']): number {
  if (charset === 'utf-8') return Buffer.byteLength(s);
  let n = 0;
  for (let i = 0; i < s.length; i++) n += s.charCodeAt(i) < 0x80 ? 1 : 2;
  return n;
}

export function encode(s: string, charset: Skeleton['charset']): Buffer {
  return charset === 'utf-8' ? Buffer.from(s, 'utf8') : iconv.encode(s, 'gb18030');
}

/** Paragraph pools per language, from the matching benchmark's corpus generator (entity names sprinkled in). */
export function textPools(bytes = PAGE_DEFAULTS.corpusBytes, seed = PAGE_DEFAULTS.seed): Record<Lang, string[]> {
  const pools: Record<Lang, string[]> = { en: [], ru: [], zh: [] };
  const langs: Lang[] = ['en', 'ru', 'zh'];
  generateCorpus(bytes, seed).forEach((doc, d) => pools[langs[d % 3]!].push(...doc));
  return pools;
}

/** Where the skeleton is cut; undefined when a landmark is missing (the skeleton is then not used). The article's
 *  last paragraph is found by a markup-free run of its text, either inside an open <p> element or in a block of
 *  <br>-separated text (Global Times), and the inserted paragraphs follow the same form. */
export function cutSkeleton(text: string, lastParagraph: string): Pick<Skeleton, 'parts' | 'para'> | undefined {
  const headEnd = text.indexOf('</head>');
  const bodyOpen = text.indexOf('<body', headEnd);
  const bodyOpenEnd = text.indexOf('>', bodyOpen) + 1;
  const bodyClose = text.lastIndexOf('</body>');
  if (headEnd < 0 || bodyOpen < 0 || bodyClose < 0) return undefined;
  const run = lastParagraph
    .split(/[&<>"'«»“”:]/)
    .reduce((a, b) => (b.length > a.length ? b : a), '')
    .trim();
  const probe = run.slice(Math.floor(run.length / 3), Math.floor(run.length / 3) + 24);
  const cut = (insert: number, para: Skeleton['para']): Pick<Skeleton, 'parts' | 'para'> => ({
    parts: [
      text.slice(0, headEnd),
      text.slice(headEnd, bodyOpenEnd),
      text.slice(bodyOpenEnd, insert),
      text.slice(insert, bodyClose),
      text.slice(bodyClose),
    ],
    para,
  });
  for (let at = text.indexOf(probe, bodyOpenEnd); probe && at >= 0 && at < bodyClose; at = text.indexOf(probe, at + 1)) {
    const pStart = text.lastIndexOf('<p', at);
    const pEnd = text.indexOf('</p>', at);
    const inP =
      pStart > bodyOpenEnd &&
      pEnd > 0 &&
      pEnd < bodyClose &&
      /^<p[\s>]/.test(text.slice(pStart, pStart + 3)) &&
      !text.slice(pStart, at).includes('</p>');
    if (inP) return cut(pEnd + '</p>'.length, [text.slice(pStart, text.indexOf('>', pStart) + 1), '</p>\n']);
    const br = text.lastIndexOf('<br', at);
    const tagEnd = text.indexOf('<', at);
    if (br > bodyOpenEnd && at - br < 3_000 && !text.slice(br, at).includes('<p')) return cut(tagEnd, ['<br /><br />', '']);
  }
  return undefined;
}

export function loadSkeletons(root: string, kinds: readonly Kind[]): Skeleton[] {
  const out: Skeleton[] = [];
  for (const kind of kinds) {
    const dir = join(root, 'fixtures', kind.id, 'pages');
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith('.html'))
      .sort()) {
      const bytes = readFileSync(join(dir, file));
      const meta = JSON.parse(readFileSync(join(dir, `${file}.meta.json`), 'utf8')) as { headers: Record<string, string> };
      const expected = JSON.parse(readFileSync(join(dir, file.replace(/\.html$/, '.expected.json')), 'utf8')) as { lastParagraph: string };
      const contentType = meta.headers['content-type'] ?? 'text/html';
      const doc = decodeBytes(bytes, { contentType, hint: kind.encoding, kind: 'html' });
      const cut = cutSkeleton(doc.text, expected.lastParagraph);
      if (!cut) continue;
      const charset = doc.charset === 'utf-8' ? 'utf-8' : 'gb18030';
      out.push({ kind: kind.id, file, charset, contentType, ...cut });
    }
  }
  return out;
}

function words(r: Rng, pool: readonly string[], lang: Lang, n: number): string {
  const p = pick(r, pool);
  if (lang === 'zh') {
    const at = int(r, 0, Math.max(0, p.length - n * 2));
    return p.slice(at, at + n * 2).replace(/[，。、]/g, '');
  }
  const ws = p.replace(/[.,]/g, '').split(' ');
  const at = int(r, 0, Math.max(0, ws.length - n));
  return ws.slice(at, at + n).join(' ');
}

function headBlock(r: Rng, budget: number, cs: Skeleton['charset']): string {
  let s = '';
  for (let n = 0; byteLen(s, cs) < budget; n++) {
    const k = n % 4;
    if (k === 0)
      s += `<script>window.dataLayer=window.dataLayer||[];dataLayer.push({"event":"view","slot":"s${int(r, 1, 999)}","ab":"${hex(r, 12)}","sizes":[[300,250],[728,90],[${int(r, 100, 999)},${int(r, 50, 600)}]],"targeting":{"section":"s${int(r, 1, 40)}","pos":${int(r, 1, 9)}}});</script>`;
    else if (k === 1)
      s += `<script>(function(){var a=document.querySelectorAll('.ad-slot-${int(r, 1, 99)}');for(var i=0;i<a.length;i++){a[i].setAttribute('data-loaded','${hex(r, 8)}')}if(window.innerWidth<${int(r, 320, 1400)}){document.documentElement.classList.add('m-${hex(r, 4)}')}})();</script>`;
    else if (k === 2)
      s += `<style>.c${hex(r, 5)}{margin:${int(r, 0, 40)}px ${int(r, 0, 40)}px;color:#${hex(r, 6)};font:400 ${int(r, 11, 22)}px/1.4 "Noto Sans",sans-serif}.c${hex(r, 5)}:hover{opacity:.${int(r, 1, 9)}}@media (max-width:${int(r, 320, 1200)}px){.g${hex(r, 4)}{display:none}}</style>`;
    else
      s += `<link rel="preload" href="/static/js/chunk-${hex(r, 16)}.js" as="script"><script src="/static/js/chunk-${hex(r, 16)}.js" async></script>`;
  }
  return s;
}

function navBlock(r: Rng, budget: number, cs: Skeleton['charset'], pool: readonly string[], lang: Lang): string {
  let s = '<nav class="mega-menu" aria-label="sections"><ul class="mega-menu__list">';
  for (let n = 0; byteLen(s, cs) < budget; n++) {
    s += `<li class="mega-menu__item"><a class="mega-menu__link" href="/s${n}">${words(r, pool, lang, 2)}</a><div class="mega-menu__drop"><ul class="mega-menu__sub">`;
    for (let m = int(r, 5, 12); m > 0; m--)
      s += `<li class="mega-menu__subitem"><a href="/s${n}/t${int(r, 1, 9999)}">${words(r, pool, lang, int(r, 1, 3))}</a></li>`;
    s += `</ul><div class="mega-menu__promo"><a href="/promo/${hex(r, 6)}"><img src="/img/p${hex(r, 8)}.jpg" alt="" loading="lazy" width="240" height="135"><span class="mega-menu__caption">${words(r, pool, lang, 4)}</span></a>`;
    s += `<svg class="icon" viewBox="0 0 24 24" width="16" height="16"><path d="M${int(r, 0, 24)} ${int(r, 0, 24)}l${int(r, 1, 9)} ${int(r, 1, 9)}h-${int(r, 1, 9)}z"/></svg></div></div></li>`;
  }
  return `${s}</ul></nav>`;
}

function relatedBlock(r: Rng, budget: number, cs: Skeleton['charset'], pool: readonly string[], lang: Lang): string {
  let s = '<aside class="related-cards"><div class="related-cards__head">' + words(r, pool, lang, 2) + '</div>';
  const state: { id: number; title: string; url: string; views: number }[] = [];
  for (let n = 0; byteLen(s, cs) < budget * 0.65; n++) {
    const id = int(r, 1_000_000, 9_999_999);
    const title = words(r, pool, lang, int(r, 5, 10));
    state.push({ id, title, url: `/news/${id}`, views: int(r, 10, 99_999) });
    s += `<div class="card"><a class="card__link" href="/news/${id}"><div class="card__img"><img src="/img/${hex(r, 10)}.jpg" alt="" loading="lazy"></div><div class="card__body"><span class="card__title">${title}</span><span class="card__date">${int(r, 1, 28)}.${int(r, 1, 12)}.2026</span></div></a></div>`;
    if (n % 6 === 5)
      s += `<div class="ad-slot" id="ad-${hex(r, 6)}" data-sizes="300x250,728x90"><script>googletag.cmd.push(function(){googletag.display('ad-${hex(r, 6)}')});</script></div>`;
  }
  s += '</aside><script>window.__STATE__=';
  let blob = JSON.stringify({ page: { id: hex(r, 10), ts: int(r, 1e9, 2e9) }, items: state });
  while (byteLen(s, cs) + byteLen(blob, cs) < budget)
    blob = JSON.stringify({ prev: JSON.parse(blob) as unknown, items: state.slice(0, int(r, 1, state.length)) });
  return `${s}${blob};</script>`;
}

export interface Generator {
  skeletons: readonly Skeleton[];
  /** Page `seed` of the skeleton/variant: three parts in the skeleton's charset. */
  page(skeleton: number, variant: number, seed: number): PageParts;
}

export function createGenerator(skeletons: readonly Skeleton[], kinds: readonly Kind[], o = PAGE_DEFAULTS): Generator {
  const pools = textPools(o.corpusBytes, o.seed);
  const langOf = new Map(kinds.map((k) => [k.id, k.lang]));
  const bases = new Map<string, { prefix: Buffer; suffix: Buffer }>();
  const base = (si: number, v: number): { prefix: Buffer; suffix: Buffer } => {
    const key = `${si}/${v}`;
    const hit = bases.get(key);
    if (hit) return hit;
    const sk = skeletons[si]!;
    const lang = langOf.get(sk.kind) ?? 'en';
    const r = rng(o.seed ^ (si * 7919 + v * 104_729));
    const target = o.minPageBytes + ((o.maxPageBytes - o.minPageBytes) * (v + r())) / o.variants;
    const room = Math.max(0, target - byteLen(sk.parts.join(''), sk.charset) - (o.minArticleBytes + o.maxArticleBytes) / 2);
    const [head, bodyOpen, article, rest, end] = sk.parts;
    const prefix =
      head +
      headBlock(r, room * o.shares.head, sk.charset) +
      bodyOpen +
      navBlock(r, room * o.shares.nav, sk.charset, pools[lang], lang) +
      article;
    const suffix = rest + relatedBlock(r, room * o.shares.related, sk.charset, pools[lang], lang) + end;
    const made = { prefix: encode(prefix, sk.charset), suffix: encode(suffix, sk.charset) };
    bases.set(key, made);
    return made;
  };
  return {
    skeletons,
    page(si, v, seed) {
      const sk = skeletons[si]!;
      const lang = langOf.get(sk.kind) ?? 'en';
      const r = rng(seed);
      const want = int(r, o.minArticleBytes, o.maxArticleBytes);
      let text = '';
      // Byte lengths add up over whole paragraphs (no character is split), so counting each once gives the same
      // text as measuring the whole text after every paragraph, which made a page cost the server ~3 ms.
      for (let bytes = 0; bytes < want; ) {
        const para = `${sk.para[0]}${pick(r, pools[lang])}${sk.para[1]}`;
        text += para;
        bytes += byteLen(para, sk.charset);
      }
      const b = base(si, v);
      return { prefix: b.prefix, unique: encode(text, sk.charset), suffix: b.suffix, charset: sk.charset, contentType: sk.contentType };
    },
  };
}
