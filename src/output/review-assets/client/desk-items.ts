// The desk's items as data, read once from the page: per item its record and its card's HTML (the item block,
// review.ts deskItemText), its stories (the story island), the two orders the list can show, and each item's
// search text, folded once and prepared while the page is idle.
// Part of the page script: concatenated with the other client files into one function by scripts/build-desk.ts.

/** review.ts DeskRecord as the page reads it, plus its stories. Repeated, not imported: the page script is
 *  type-checked on its own, with the DOM library, and compiled without modules (scripts/build-desk.ts). */
interface DeskRec {
  id: string;
  q: string;
  o: string;
  r: string[];
  l: string;
  s: string;
  d: string;
  day: string;
  /** Not in the item block: set from the story island (review.ts storyIsland). */
  st: string[];
  t: number;
  sc: number;
}

interface DeskItems {
  recs: DeskRec[];
  /** Each item's card, as the server rendered and escaped it. */
  cards: string[];
  /** Item numbers newest first (ties by id), and by score (ties newest first). */
  newest: number[];
  relevant: number[];
  indexOf: Map<string, number>;
}

/** Search texts are prepared this many items at a time while the page is idle. */
const DESK_TEXT_SLICE = 2000;

function byId(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`review.html: #${id} is missing`);
  return el;
}

function readItems(): DeskItems {
  const recs: DeskRec[] = [];
  const cards: string[] = [];
  // The item block (review.ts deskItemText): per item its record as JSON, U+001F, its card's HTML, U+001E.
  for (const part of (byId('ww-items').textContent ?? '').split('\u001e')) {
    const sep = part.indexOf('\u001f');
    if (sep < 0) continue;
    recs.push(JSON.parse(part.slice(0, sep)) as DeskRec);
    cards.push(part.slice(sep + 1));
  }
  // Each item's stories: id → story tokens, listed for the items in at least one story.
  const storyTokens = JSON.parse(byId('ww-story-items').textContent || '{}') as Record<string, string[]>;
  for (const r of recs) r.st = Object.hasOwn(storyTokens, r.id) ? (storyTokens[r.id] as string[]) : [];
  const rec = (i: number): DeskRec => recs[i] as DeskRec;
  const cmpId = (a: number, b: number): number => (rec(a).id < rec(b).id ? -1 : rec(a).id > rec(b).id ? 1 : 0);
  const newest = recs.map((_r, i) => i).sort((a, b) => rec(b).t - rec(a).t || cmpId(a, b));
  const rank = new Map(newest.map((k, pos) => [k, pos]));
  const relevant = newest.slice().sort((a, b) => rec(b).sc - rec(a).sc || (rank.get(a) as number) - (rank.get(b) as number));
  return { recs, cards, newest, relevant, indexOf: new Map(recs.map((r, i) => [r.id, i])) };
}

function foldText(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\u0451/g, '\u0435');
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
/** The searchable parts of a card (outlet, headline, excerpts, credit) as text: the server escaped every value,
 * so no `<` inside a part is data and stripping tags is exact. */
function cardText(h: string): string {
  const parts =
    h.match(/<span class="outlet">[\s\S]*?<\/span>|<h2[\s\S]*?<\/h2>|<blockquote[\s\S]*?<\/blockquote>|<p class="credit">[\s\S]*?<\/p>/g) ??
    [];
  return parts.map((p) => p.replace(/<[^>]*>/g, '').replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e)).join(' ');
}

interface SearchTexts {
  /** Item i's folded search text, made on first use. */
  textOf(i: number): string;
  /** Makes every text from item `from` on, in slices while the page is idle, so the first search does not pay. */
  prepare(from: number): void;
}

function searchTexts(cards: string[]): SearchTexts {
  const texts: (string | undefined)[] = new Array(cards.length);
  function textOf(i: number): string {
    let t = texts[i];
    if (t === undefined) t = texts[i] = foldText(cardText(cards[i] as string));
    return t;
  }
  function prepare(from: number): void {
    const end = Math.min(cards.length, from + DESK_TEXT_SLICE);
    for (let i = from; i < end; i++) textOf(i);
    if (end < cards.length) setTimeout(() => prepare(end), 0);
  }
  return { textOf, prepare };
}
