// The editor's desk at a month's volume: review.html with 1,000 and 20,000 items opened from file:// in Debian's
// Chromium (playwright-core, never a downloaded browser). Per size and round: the file size, the time from
// navigation start to the first cards on screen (the page's own `ww-first-items` mark, set by its plain-HTML
// preview) and to the live list (`ww-ready`: every item read, filters and search working), the time the page
// takes to apply a rule filter and a word search (its `data-apply-ms`: filter, counts and cards on screen), and
// the renderer's JS heap after load (CDP Performance.getMetrics). The items are the hand-written fixture week
// repeated with their own ids, titles (a unique word each) and times, one every two minutes back from the week.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { renderReview, type ReviewDoc } from '../src/output/review.js';
import type { Candidate } from '../src/types.js';
import { summarize, type Summary } from './stats.js';

export const DESK_DEFAULTS = { sizes: [1_000, 20_000], rounds: 3, chromium: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' };
export const DESK_GOALS = { size: 20_000, firstItemsMs: 1_500, filterMs: 200 };
const STEP_MS = 120_000;

/** `n` candidates: the fixture week's items in turn, each with its own id, a unique title word and its own time. */
export function deskDoc(root: string, n: number): ReviewDoc {
  const week = JSON.parse(readFileSync(join(root, 'tests/fixtures-output/candidates-week.json'), 'utf8')) as {
    generatedAt: string;
    items: Candidate[];
  };
  const start = Date.parse(week.generatedAt);
  const items = Array.from({ length: n }, (_v, k): Candidate => {
    const base = week.items[k % week.items.length] as Candidate;
    return { ...base, id: `${base.id}-${k}`, title: `${base.title} w${k}x`, publishedAt: new Date(start - k * STEP_MS).toISOString() };
  });
  return { generatedAt: week.generatedAt, items };
}

export interface DeskRun {
  items: number;
  fileMB: number;
  firstItemsMs: number;
  /** Navigation start to the live list (the script has read every item and replaced the preview). */
  readyMs: number;
  ruleFilterMs: number;
  searchMs: number;
  jsHeapMB: number;
  /** Cards in the DOM after load: the virtual list keeps this near a screenful whatever the size. */
  cards: number;
  /** Items the rule filter and the search left (checked against the data, so a wrong count fails the bench). */
  ruleShown: number;
  searchShown: number;
}

async function applyMs(page: Page): Promise<number> {
  return Number(await page.evaluate('document.documentElement.dataset.applyMs'));
}

async function measureOnce(page: Page, url: string, n: number): Promise<DeskRun> {
  await page.goto(url);
  await page.waitForSelector('html[data-ready="1"]');
  // The mark is set as the parser passes the preview; the cards are on screen at the first paint after it, so
  // the later of the mark and the first contentful paint.
  const firstItemsMs = Number(
    await page.evaluate(
      "Math.max(performance.getEntriesByName('ww-first-items')[0].startTime, performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0)",
    ),
  );
  const readyMs = Number(await page.evaluate("performance.getEntriesByName('ww-ready')[0].startTime"));
  const cards = Number(await page.evaluate("document.querySelectorAll('article.item').length"));
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = (await cdp.send('Performance.getMetrics')).metrics;
  const jsHeapMB = (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1e6;
  await cdp.detach();
  await page.selectOption('#f-rule', 'green');
  const ruleFilterMs = await applyMs(page);
  const ruleShown = Number(await page.locator('#shown').textContent());
  await page.selectOption('#f-rule', '');
  await page.fill('#f-q', `w${n - 1}x`);
  const searchMs = await applyMs(page);
  const searchShown = Number(await page.locator('#shown').textContent());
  return { items: n, fileMB: 0, firstItemsMs, readyMs, ruleFilterMs, searchMs, jsHeapMB, cards, ruleShown, searchShown };
}

export async function measureDesk(root: string, o = DESK_DEFAULTS, say: (s: string) => void = () => undefined): Promise<DeskRun[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ww-bench-desk-'));
  const browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: o.chromium,
    headless: true,
    viewport: { width: 1280, height: 900 },
    timezoneId: 'UTC',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const files = o.sizes.map((n) => {
      const path = join(dir, `review-${n}.html`);
      writeFileSync(path, renderReview(deskDoc(root, n)));
      return { n, url: pathToFileURL(path).href, fileMB: statSync(path).size / 1e6 };
    });
    const runs: DeskRun[] = [];
    for (let round = 0; round < o.rounds; round++) {
      for (const f of files) {
        say(`desk: ${f.n.toLocaleString('en-US')} items, round ${round + 1}`);
        const page = await browser.newPage();
        runs.push({ ...(await measureOnce(page, f.url, f.n)), fileMB: f.fileMB });
        await page.close();
      }
    }
    return runs;
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface DeskSize {
  items: number;
  runs: number;
  fileMB: number;
  firstItemsMs: Summary;
  readyMs: Summary;
  ruleFilterMs: Summary;
  searchMs: Summary;
  jsHeapMB: Summary;
  cards: number;
}

export function deskSizes(runs: readonly DeskRun[]): DeskSize[] {
  return [...new Set(runs.map((r) => r.items))]
    .sort((a, b) => a - b)
    .map((items) => {
      const rs = runs.filter((r) => r.items === items);
      return {
        items,
        runs: rs.length,
        fileMB: rs[0]?.fileMB ?? 0,
        cards: Math.max(...rs.map((r) => r.cards)),
        firstItemsMs: summarize(rs.map((r) => r.firstItemsMs)),
        // Runs recorded before the preview existed have no ready mark: their first items were the ready list.
        readyMs: summarize(rs.map((r) => r.readyMs ?? r.firstItemsMs)),
        ruleFilterMs: summarize(rs.map((r) => r.ruleFilterMs)),
        searchMs: summarize(rs.map((r) => r.searchMs)),
        jsHeapMB: summarize(rs.map((r) => r.jsHeapMB)),
      };
    });
}
