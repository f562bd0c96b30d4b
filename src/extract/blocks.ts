// From the chosen container(s) to paragraphs: block elements and <br> end a paragraph, inline elements
// join with no added space (the realworld normalisation), then trafilatura-style line filters drop what is
// still boilerplate at paragraph level: link-only lines ("Related: …", "Also on …"), share prompts, editor
// credits and ad labels. Every kept paragraph is whitespace-collapsed and copied (own()).
import type { AnyNode, Element } from 'domhandler';
import { clean, own } from '../text/select.js';
import { BLOCK_TAGS, isTag, NON_TEXT_TAGS, weightedLength } from './dom.js';

export interface Block {
  text: string;
  /** Tag of the nearest block element that opened this paragraph (p, li, h2, td, div …). */
  tag: string;
  /** Share of the characters that sit inside <a>. */
  linkShare: number;
}

/** Page furniture in any article; tested only on cleaned lines up to FURNITURE_MAX_CHARS long. */
const FURNITURE_RE = new RegExp(
  [
    '^(advertisement|advertising|sponsored( content)?|ad|anzeige|реклама|广告)$',
    '^(read more|see also|related( articles?| stories| coverage)?|more on this|also on [\\w.]+|more from)\\b.{0,150}$',
    '^(share|like) this (story|article|page)\\b.{0,60}$',
    '^(follow|subscribe to|sign up for|join) (us|our)\\b.{0,100}$',
    '^(click here|tap here)\\b.{0,80}$',
    '^>>',
    '^[(（]?((web|chief|managing|copy|responsible) )?(editor|editors|责编|责任编辑|编辑)\\s*[:：]',
    '(photo|image|picture|credit|фото)\\s*[:：/]\\s*[^.。!?]{1,60}$',
    '(新华社|记者)[^。，]{0,20}摄$',
    '^【?(责任编辑|责编)',
    '^【纠错】',
    '^(分享让更多人看到|分享到)',
    '^(photo|image|video|picture|file photo)( credit)?\\s*[:|]',
    '^(©|copyright ©?)\\s*\\d{4}',
    '^(tags|topics|keywords)\\s*:',
    "^(don't miss|trending( now)?|most read|most popular|recommended( for you)?|watch|listen|you may also like|more stories)\\s*:?$",
    '^(please )?(share|sharing)\\b.{0,40}$',
    'requires javascript|enable javascript|javascript (is )?(disabled|required)',
    '^\\[\\w+[^\\]]*\\].*\\[/\\w+\\]$',
    '(subscribe|sign up)( now)? (to|for) .{0,60}newsletters?',
    '^you (may|might) also (like|be interested)',
    '^.{0,120}©.{0,40}$',
  ].join('|'),
  'i',
);

const FURNITURE_MAX_CHARS = 220;
/** A block mostly made of links is a teaser or link list... */
const LINK_ONLY_SHARE = 0.5;
/** ...unless it is a long sentence with inline links (a deals roundup, a name with a hover card). */
const LINKED_SENTENCE = { minChars: 120, maxShare: 0.85 };

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
  const linkedSentence =
    b.text.length >= LINKED_SENTENCE.minChars && b.linkShare <= LINKED_SENTENCE.maxShare && SENTENCE_END_RE.test(b.text);
  if (b.linkShare > LINK_ONLY_SHARE && b.text.length < 600 && !linkedSentence) return true;
  return b.text.length <= FURNITURE_MAX_CHARS && FURNITURE_RE.test(b.text);
}

/** Sentence-final punctuation in Latin, Cyrillic, CJK and Arabic text (closing quotes allowed after it). */
const SENTENCE_END_RE = /[.!?:;,，、。！？…؟»”"')）」』]$/;
const EDGE = { maxLabelChars: 40, maxDateLineChars: 160, leadingLines: 3 };
const BYLINE_RE = /^(by|от|автор|作者|记者|本报记者)[\s:：]/i;
const DATE_TIME_RE = /\d{1,2}:\d{2}|\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{2}-\d{2}/;

/** A short line that is not a sentence: a kicker, section label, "Most Read", "相关新闻", a font-size button. */
function isLabel(b: Block): boolean {
  return weightedLength(b.text) < EDGE.maxLabelChars && !SENTENCE_END_RE.test(b.text);
}

/** A byline or date line ("By Zhang Sheng (People's Daily) 16:02, November 17, 2026"). */
function isDateOrByline(b: Block): boolean {
  if (b.text.length > EDGE.maxDateLineChars) return false;
  return BYLINE_RE.test(b.text) || (DATE_TIME_RE.test(b.text) && !SENTENCE_END_RE.test(b.text));
}

/**
 * Trims the body's edges: leading and trailing labels, a leading repeat of the headline, and byline or
 * date lines among the first few blocks. Labels inside the body (subheadings) stay.
 */
export function trimEdges(blocks: readonly Block[], title: string | undefined): Block[] {
  let start = 0;
  const t = title ? title.replace(/\s+/g, ' ').trim() : undefined;
  while (start < blocks.length) {
    const b = blocks[start] as Block;
    const early = start < EDGE.leadingLines;
    if (isLabel(b) || b.text === t || (early && isDateOrByline(b))) start++;
    else break;
  }
  let end = blocks.length;
  while (end > start && isLabel(blocks[end - 1] as Block)) end--;
  return blocks.slice(start, end);
}

/** The article's paragraphs: raw blocks without furniture lines and edge labels, copied (own()). */
export function articleBlocks(roots: readonly AnyNode[], title?: string): Block[] {
  const kept = rawBlocks(roots).filter((b) => !isFurniture(b));
  return trimEdges(kept, title).map((b) => ({ ...b, text: own(b.text) }));
}
