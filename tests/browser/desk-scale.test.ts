// review.html at a month's volume (20,000 items, bench/desk.ts's generator) in Chromium: correctness only, the
// timings are the benchmark's. Only about a screenful of cards is in the DOM; filters, counts, search and sort
// work over all items; scrolling to the end shows the oldest item; j/k and a link to an item reach any item.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { renderReview } from '../../src/output/review.js';
import { deskDoc } from '../../bench/desk.js';
import { ROOT } from '../e2e/helpers.js';
import { launchChromium, type Browser } from './chromium.js';

const N = 20_000;
const LAUNCH_TIMEOUT_MS = 180_000;
const TEST_TIMEOUT_MS = 120_000;
const doc = deskDoc(ROOT, N);
/** Newest first: the generator gives item k the time `start − k × 2 min`, so item 0 is the newest. */
const idOf = (k: number): string => doc.items[k]?.id ?? '';
let browser: Browser;
let url: string;

beforeAll(async () => {
  browser = await launchChromium();
  url = browser.file('desk-20k.html', renderReview(doc));
}, LAUNCH_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
}, LAUNCH_TIMEOUT_MS);

async function open(hash = ''): Promise<{ page: Page; problems: string[] }> {
  const opened = await browser.page();
  await opened.page.goto(`${url}${hash}`);
  await opened.page.waitForSelector('html[data-ready="1"]', { timeout: TEST_TIMEOUT_MS });
  return opened;
}

const cardIds = async (page: Page): Promise<string[]> =>
  (await page.evaluate("[...document.querySelectorAll('article.item')].map((e) => e.dataset.id)")) as string[];

describe(`review.html with ${N.toLocaleString('en-US')} items`, { timeout: TEST_TIMEOUT_MS }, () => {
  it('shows the newest items first with only about a screenful of cards in the DOM', async () => {
    const { page, problems } = await open();
    const ids = await cardIds(page);
    expect(ids.slice(0, 3)).toEqual([idOf(0), idOf(1), idOf(2)]);
    expect(ids.length).toBeGreaterThan(2);
    expect(ids.length).toBeLessThan(60);
    expect(await page.locator('#shown').textContent()).toBe(String(N));
    expect(problems).toEqual([]);
    await page.close();
  });

  it.each([
    ['a rule', '#f-rule', 'green', (k: number) => (doc.items[k]?.matches ?? []).some((m) => m.rule === 'green')],
    ['a language', '#f-lang', 'zh', (k: number) => doc.items[k]?.lang === 'zh'],
    ['an outlet', '#f-outlet', 'tass-ru', (k: number) => doc.items[k]?.source.id === 'tass-ru'],
  ])('filters by %s over every item, counts and first cards included', async (_name, selector, value, keep) => {
    const { page } = await open();
    await page.selectOption(selector, value);
    const expected = doc.items.map((_i, k) => k).filter(keep);
    expect(await page.locator('#shown').textContent()).toBe(String(expected.length));
    expect((await cardIds(page)).slice(0, 2)).toEqual(expected.slice(0, 2).map(idOf));
    await page.close();
  });

  it('searches every item, the oldest included', async () => {
    const { page } = await open();
    await page.fill('#f-q', `w${N - 1}x`);
    expect(await cardIds(page)).toEqual([idOf(N - 1)]);
    await page.close();
  });

  it('scrolling to the end shows the oldest item', async () => {
    const { page } = await open();
    for (let i = 0; i < 5; i++) {
      await page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)');
      await page.waitForTimeout(100);
    }
    expect((await cardIds(page)).at(-1)).toBe(idOf(N - 1));
    await page.close();
  });

  it('a link to an item far down the list selects it on screen; j moves on from there', async () => {
    const k = 12_345;
    const { page } = await open(`#item=${encodeURIComponent(idOf(k))}`);
    expect(await page.locator('article.selected').getAttribute('data-id')).toBe(idOf(k));
    expect(await page.locator('article.selected').isVisible()).toBe(true);
    await page.keyboard.press('j');
    expect(await page.locator('article.selected').getAttribute('data-id')).toBe(idOf(k + 1));
    await page.close();
  });

  it('sorts by relevance: the highest score first', async () => {
    const { page } = await open();
    await page.selectOption('#f-sort', 'score');
    const top = Math.max(...doc.items.map((i) => i.score));
    const [firstId] = await cardIds(page);
    const first = doc.items.find((i) => i.id === firstId);
    expect(first?.score).toBe(top);
    expect(await page.evaluate('location.hash')).toBe('#sort=score');
    await page.close();
  });
});
