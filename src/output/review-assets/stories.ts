// The story view for review.html: an HTML fragment, one <article> per story with the outlets × rules matrix,
// the omission lines, twin editions and the members with why each joined.
// Contract for the page that embeds it: all text and attribute values are escaped here; there is no script,
// no inline event handler and no inline style; a wide matrix scrolls inside its own box, never the page; every class starts with "st-" (STORY_VIEW_CSS styles them);
// links are http(s) only. Hooks: article[data-story-id], tr[data-outlet], td[data-rule][data-outlet],
// li.st-member[data-item-id] (the candidate id, to link a member to its review card).

import type { CoverageCell, Story, StoryMember, TwinLink } from '../../stories/types.js';
import { httpUrl } from '../quote.js';
import { utcStamp } from '../order.js';
import { escapeHtml } from './escape.js';

const MAX_EVIDENCE_SHOWN = 6;
const MAX_HITS_IN_TITLE = 8;

export const STORY_VIEW_CSS = `
.st-stories{display:grid;grid-template-columns:minmax(0,1fr);gap:1.5rem}
.st-story{border:1px solid #ccc;border-radius:6px;padding:.75rem 1rem;min-width:0;overflow-wrap:anywhere}
.st-matrix-wrap{position:relative;max-width:100%;overflow-x:auto}
.st-title{margin:.2rem 0}
.st-meta{color:#555;margin:.2rem 0 .6rem}
.st-matrix{border-collapse:collapse;font-size:.9rem}
.st-matrix th,.st-matrix td{border:1px solid #ddd;padding:.2rem .45rem;text-align:center}
.st-matrix th.st-outlet{text-align:left;white-space:nowrap}
.st-matrix th.st-rule{min-width:4.5em;overflow-wrap:normal;hyphens:auto}
.st-yes{background:#e3f4e1}
.st-no{background:#fbe9e7;color:#999}
.st-omission{color:#8a3b00}
.st-why{display:inline;color:#666;font-size:.85rem}
.st-why[open]{display:block;margin:.15rem 0 .3rem}
.st-why summary{cursor:pointer}
.st-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
`.trim();

/** The desk's one escaper (NUL and other control characters stripped, then the five HTML characters). */
export { escapeHtml };

function time(iso: string): string {
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(utcStamp(iso))}</time>`;
}

function cell(c: CoverageCell): string {
  const attrs = `data-rule="${escapeHtml(c.rule)}" data-outlet="${escapeHtml(c.outlet)}"`;
  if (c.kind === 'silent') return `<td class="st-cell st-no" ${attrs}><span class="st-sr">not mentioned</span>–</td>`;
  const shown = c.hits.slice(0, MAX_HITS_IN_TITLE).map((h) => `${h.text} (${h.source}, ${h.field})`);
  const more = c.hits.length > MAX_HITS_IN_TITLE ? ` … +${c.hits.length - MAX_HITS_IN_TITLE}` : '';
  return `<td class="st-cell st-yes" ${attrs} title="${escapeHtml(shown.join('; ') + more)}">✓ <span class="st-n">${c.hits.length}</span></td>`;
}

function matrix(story: Story): string {
  const rules = [...new Map(story.matrix.map((c) => [c.rule, c.label])).entries()];
  const head = rules
    .map(([rule, label]) => `<th scope="col" class="st-rule" data-rule="${escapeHtml(rule)}">${escapeHtml(label)}</th>`)
    .join('');
  const rows = story.outlets.map((o) => {
    const cells = rules
      .map(([rule]) => story.matrix.find((c) => c.outlet === o.outlet && c.rule === rule))
      .filter((c): c is CoverageCell => c !== undefined);
    return `<tr data-outlet="${escapeHtml(o.outlet)}"><th scope="row" class="st-outlet">${escapeHtml(o.name)}</th><td class="st-first">${time(o.firstAt)}</td>${cells.map(cell).join('')}</tr>`;
  });
  return `<div class="st-matrix-wrap"><table class="st-matrix"><thead><tr><th scope="col" class="st-corner">Outlet</th><th scope="col" class="st-first">First item</th>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function link(url: string, text: string): string {
  const href = httpUrl(url);
  return href === null
    ? escapeHtml(text)
    : `<a class="st-link" href="${escapeHtml(href)}" rel="noopener noreferrer">${escapeHtml(text)}</a>`;
}

/** The matching diagnostics (pair score, evidence weights): for whoever tunes the grouping, not the editor, so they
 *  sit closed behind a "why grouped" toggle. */
function why(m: StoryMember, titles: ReadonlyMap<string, string>): string {
  if (m.join.kind === 'seed') return 'first item of the story';
  const ev = m.join.evidence.slice(0, MAX_EVIDENCE_SHOWN).map((e) => `${e.kind} ${e.key} +${e.weight}`);
  return `score ${m.join.score} with “${titles.get(m.join.anchor) ?? m.join.anchor}” (mean ${m.join.meanScore}): ${ev.join(', ')}`;
}

function members(story: Story): string {
  const titles = new Map(story.items.map((m) => [m.id, m.title]));
  const names = new Map(story.outlets.map((o) => [o.outlet, o.name]));
  const lis = story.items.map(
    (m) =>
      `<li class="st-member" data-item-id="${escapeHtml(m.id)}">${link(m.url, m.title)} <span class="st-outlet-name">${escapeHtml(names.get(m.outlet) ?? m.source)}</span> <span class="st-lang">${escapeHtml(m.lang)}</span> ${time(m.at)} <details class="st-why"><summary>why grouped</summary><span class="st-why-text">${escapeHtml(why(m, titles))}</span></details></li>`,
  );
  return `<ol class="st-members">${lis.join('')}</ol>`;
}

function twin(t: TwinLink, story: Story): string {
  const labels = new Map(story.matrix.map((c) => [c.rule, c.label]));
  const side = (id: string, text: string) => {
    const m = story.items.find((x) => x.id === id);
    return m === undefined ? escapeHtml(text) : link(m.url, text);
  };
  const name = story.outlets.find((o) => o.outlet === t.outlet)?.name ?? t.outlet;
  const only = (lang: string, rules: string[]) =>
    rules.length === 0 ? '' : `; only in ${escapeHtml(lang)}: ${escapeHtml(rules.map((r) => labels.get(r) ?? r).join(', '))}`;
  const same = t.en.onlyRules.length + t.home.onlyRules.length === 0 ? '; same watched topics' : '';
  return `<li class="st-twin" data-outlet="${escapeHtml(t.outlet)}">${escapeHtml(name)}: ${side(t.en.item, 'en')} ↔ ${side(t.home.item, t.home.lang)}${same}${only('en', t.en.onlyRules)}${only(t.home.lang, t.home.onlyRules)}</li>`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function storyArticle(story: Story): string {
  const parts = [
    `<h3 class="st-title">${escapeHtml(story.title)}</h3>`,
    `<p class="st-meta">${time(story.firstAt)} – ${time(story.lastAt)} · ${plural(story.items.length, 'item')} · ${plural(story.outlets.length, 'outlet')}</p>`,
    matrix(story),
  ];
  if (story.omissions.length > 0) {
    const lis = story.omissions.map((o) => `<li class="st-omission" data-rule="${escapeHtml(o.rule)}">${escapeHtml(o.sentence)}</li>`);
    parts.push(`<ul class="st-omissions">${lis.join('')}</ul>`);
  }
  if (story.twins.length > 0) parts.push(`<ul class="st-twins">${story.twins.map((t) => twin(t, story)).join('')}</ul>`);
  parts.push(members(story));
  return `<article class="st-story" id="st-${escapeHtml(story.id)}" data-story-id="${escapeHtml(story.id)}">${parts.join('')}</article>`;
}

/** The fragment for the stories given (the caller picks which, e.g. stories with two or more outlets). */
export function renderStoryView(stories: readonly Story[]): string {
  return [...storyViewPieces(stories)].join('');
}

/** The same view a story at a time, so a month of stories is written out without being one string in memory.
 *  A story that cannot be rendered (a malformed section) costs its own box, never the others or the page. */
export function* storyViewPieces(stories: Iterable<Story>): Generator<string> {
  yield '<section class="st-stories" aria-label="Stories">';
  for (const story of stories) {
    try {
      yield storyArticle(story);
    } catch (e) {
      yield `<p class="empty">Story unavailable: ${escapeHtml(String(e))}</p>`;
    }
  }
  yield '</section>';
}
