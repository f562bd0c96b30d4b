// From the chosen container(s) to paragraphs: block elements and <br> end a paragraph, inline elements
// join with no added space (the realworld normalisation), then trafilatura-style line filters drop what is
// still boilerplate at paragraph level: link-only lines ("Related: …", "Also on …"), share prompts, editor
// credits and ad labels. Every kept paragraph is whitespace-collapsed and copied (own()).
import type { AnyNode, Element } from 'domhandler';
import { clean, own } from '../adapters/select.js';
import { BLOCK_TAGS, isTag, NON_TEXT_TAGS } from './dom.js';

export interface Block {
  text: string;
  /** Tag of the nearest block element that opened this paragraph (p, li, h2, td, div …). */
  tag: string;
  /** Share of the characters that sit inside <a>. */
  linkShare: number;
}

/** Short lines that are page furniture in any article (matched on the whole cleaned line). */
const FURNITURE_RE = new RegExp(
  [
    '^(advertisement|advertising|sponsored( content)?|ad|anzeige|реклама|广告)$',
    '^(read more|see also|related( articles?| stories| coverage)?|more on this|also on [\\w.]+|more from)\\b.{0,150}$',
    '^(share|like) this (story|article|page)\\b.{0,60}$',
    '^(follow|subscribe to|sign up for|join) (us|our)\\b.{0,100}$',
    '^(click here|tap here)\\b.{0,80}$',
    '^>>',
    '^\\(?(editor|editors|责编|责任编辑|编辑)\\s*[:：]',
    '^【?(责任编辑|责编)',
    '^【纠错】',
    '^(分享让更多人看到|分享到)',
    '^(photo|image|video|picture|file photo)( credit)?\\s*[:|]',
    '^(©|copyright ©?)\\s*\\d{4}',
    '^(tags|topics|keywords)\\s*:',
  ].join('|'),
  'i',
);

const FURNITURE_MAX_CHARS = 220;
const LINK_ONLY_SHARE = 0.5;

interface Acc {
  parts: string[];
  chars: number;
  linkChars: number;
  tag: string;
}

/** Paragraph blocks of `roots`, in document order, before filtering. */
export function rawBlocks(roots: readonly AnyNode[]): Block[] {
  const out: Block[] = [];
  let acc: Acc = { parts: [], chars: 0, linkChars: 0, tag: 'div' };
  const flush = (nextTag: string): void => {
    const text = clean(acc.parts.join(''));
    if (text) out.push({ text, tag: acc.tag, linkShare: acc.chars > 0 ? Math.min(1, acc.linkChars / acc.chars) : 0 });
    acc = { parts: [], chars: 0, linkChars: 0, tag: nextTag };
  };
  const walk = (n: AnyNode, inLink: boolean, blockTag: string): void => {
    if (n.type === 'text') {
      const data = (n as unknown as { data: string }).data;
      acc.parts.push(data);
      const visible = data.replace(/\s+/g, '').length;
      acc.chars += visible;
      if (inLink) acc.linkChars += visible;
      return;
    }
    if (!isTag(n) || NON_TEXT_TAGS.has(n.name)) return;
    if (n.name === 'br' || n.name === 'hr') {
      flush(blockTag);
      return;
    }
    const block = BLOCK_TAGS.has(n.name);
    if (block) flush(n.name);
    for (const c of (n as Element).children) walk(c, inLink || n.name === 'a', block ? n.name : blockTag);
    if (block) flush(blockTag);
  };
  for (const r of roots) walk(r, false, 'div');
  flush('div');
  return out;
}

export function isFurniture(b: Block): boolean {
  if (b.linkShare > LINK_ONLY_SHARE && b.text.length < 600) return true;
  return b.text.length <= FURNITURE_MAX_CHARS && FURNITURE_RE.test(b.text);
}

/** The article's paragraphs: raw blocks without furniture lines, copied so they do not pin the page. */
export function articleBlocks(roots: readonly AnyNode[]): Block[] {
  return rawBlocks(roots)
    .filter((b) => !isFurniture(b))
    .map((b) => ({ ...b, text: own(b.text) }));
}
