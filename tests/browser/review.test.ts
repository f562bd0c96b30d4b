// review.html in a real browser (Debian Chromium via playwright-core), opened from file:// exactly as the editor
// opens it: filters and their counts, search, state in the hash, j/k/o/c keys, copy quote, decisions that
// survive a reload, clear when pressed again, reach another tab and export as decisions.json, and the hostile page
// running nothing. Leaves a screenshot at test-artifacts/review.png for a person to look at (CJK and Cyrillic glyphs).
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readDecisions } from '../../src/export/input.js';
import { formatQuote } from '../../src/output/quote.js';
import { renderReview } from '../../src/output/review.js';
import { fixtureDoc } from '../output/helpers.js';
import { launchChromium, type Browser } from './chromium.js';

const LAUNCH_TIMEOUT_MS = 120_000;
/** A real browser on a shared 2-core CI box: generous per-test limits (not assertions on time). */
const TEST_TIMEOUT_MS = 60_000;
const week = fixtureDoc('week');
let browser: Browser;
let weekUrl: string;
let hostileUrl: string;

beforeAll(async () => {
  browser = await launchChromium();
  weekUrl = browser.file('week.html', renderReview(week));
  hostileUrl = browser.file('hostile.html', renderReview(fixtureDoc('hostile')));
}, LAUNCH_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
}, LAUNCH_TIMEOUT_MS);

/** The cards on screen: the list renders only what passes the filters (and, on a long list, what is in view). */
async function visibleIds(page: Page): Promise<string[]> {
  return (await page.evaluate("[...document.querySelectorAll('article.item')].map((e) => e.dataset.id)")) as string[];
}

async function optionTexts(page: Page, selector: string): Promise<string[]> {
  return page.locator(`${selector} option`).allTextContents();
}

async function open(hash = ''): Promise<{ page: Page; problems: string[] }> {
  const opened = await browser.page();
  await opened.page.goto(`${weekUrl}${hash}`);
  await opened.page.waitForSelector('html[data-ready="1"]');
  return opened;
}

const item = (id: string) => week.items.find((i) => i.id === id) ?? expect.unreachable(`no item ${id}`);

describe('review.html in Chromium', { timeout: TEST_TIMEOUT_MS }, () => {
  it.each([
    ['#f-lang', 'ru', ['mid-ru-1990101', 'tass-ru-22001', 'tass-ru-22050'], 'lang=ru'],
    ['#f-rule', 'green', ['people-zh-40001', 'people-en-30001'], 'rule=green'],
    ['#f-outlet', 'tass-ru', ['tass-ru-22001', 'tass-ru-22050'], 'outlet=tass-ru'],
    ['#f-status', 'seen', ['mid-en-1990200'], 'status=seen'],
    [
      '#f-story',
      'story-tass-en-1901001',
      ['mid-ru-1990101', 'people-zh-40001', 'tass-ru-22001', 'tass-en-1901001'],
      'story=story-tass-en-1901001',
    ],
  ])('%s = %s filters the list and writes the hash', async (selector, value, ids, hash) => {
    const { page, problems } = await open();
    await page.selectOption(selector, value);
    expect(await visibleIds(page)).toEqual(ids);
    expect(await page.locator('#shown').textContent()).toBe(String(ids.length));
    expect(await page.evaluate('location.hash')).toBe(`#${hash}`);
    expect(problems).toEqual([]);
    await page.close();
  });

  it.each([
    ['#f-from', '2026-11-19', ['mid-en-1990200', 'gt-1330001'], '#from=2026-11-19'],
    ['#f-to', '2026-11-17', ['tass-ru-22050'], '#to=2026-11-17'],
  ])('date %s = %s filters by UTC day', async (selector, day, ids, hash) => {
    const { page } = await open();
    await page.fill(selector, day);
    expect(await visibleIds(page)).toEqual(ids);
    expect(await page.evaluate('location.hash')).toBe(hash);
    await page.close();
  });

  it('recounts every other facet against the active filters', async () => {
    const { page } = await open();
    await page.selectOption('#f-lang', 'ru');
    expect(await optionTexts(page, '#f-outlet')).toEqual([
      'all (3)',
      'Global Times (0)',
      "People's Daily (0)",
      'Russian MFA (0)',
      'TASS (0)',
      'МИД России (1)',
      'ТАСС (2)',
      '人民网 (0)',
    ]);
    expect(await optionTexts(page, '#f-lang')).toEqual(['all (8)', 'English (4)', 'Русский (3)', '中文 (1)']);
    expect((await optionTexts(page, '#f-rule')).filter((t) => !t.endsWith('(0)'))).toEqual([
      'all (3)',
      'Arctic (1)',
      'China–Russia (1)',
      'Lavrov (2)',
      'Sanctions (1)',
      'Wang Yi (2)',
    ]);
    await page.close();
  });

  it.each([
    ['green energy', ['people-en-30001']],
    ['王毅', ['people-zh-40001']],
    ['лавров ван', ['mid-ru-1990101', 'tass-ru-22001']],
    ['СЕВЕРНОМУ', ['tass-ru-22050']],
    ['no such words', []],
  ])('search %j finds %j', async (query, ids) => {
    const { page } = await open();
    await page.fill('#f-q', query);
    expect(await visibleIds(page)).toEqual(ids);
    expect(await page.locator('#empty').isVisible()).toBe(ids.length === 0);
    await page.close();
  });

  it('restores filters, search and selection from the hash (a link reproduces the view)', async () => {
    const { page } = await open('#rule=lavrov&lang=en&from=2026-11-18&to=2026-11-18&item=tass-en-1901001');
    expect(await visibleIds(page)).toEqual(['tass-en-1901001']);
    expect(await page.inputValue('#f-rule')).toBe('lavrov');
    expect(await page.inputValue('#f-from')).toBe('2026-11-18');
    expect(await page.locator('article.selected').getAttribute('data-id')).toBe('tass-en-1901001');
    await page.evaluate("location.hash = 'q=quad'");
    await page.locator('article.item[data-id="tass-en-1901001"]').waitFor({ state: 'detached' });
    expect(await visibleIds(page)).toEqual(['gt-1330001']);
    await page.close();
  });

  it('j/k move through visible items and write the selection to the hash', async () => {
    const { page } = await open('#lang=ru');
    const selected = async (): Promise<string | null> => page.locator('article.selected').getAttribute('data-id');
    await page.keyboard.press('j');
    expect(await selected()).toBe('mid-ru-1990101');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    expect(await selected()).toBe('tass-ru-22050');
    await page.keyboard.press('k');
    expect(await selected()).toBe('tass-ru-22001');
    expect(await page.evaluate('location.hash')).toBe('#lang=ru&item=tass-ru-22001');
    await page.close();
  });

  it('story view: opens on a story filter; a member click selects its card, clearing filters that hide it', async () => {
    const { page } = await open('#story=story-tass-en-1901001');
    expect(await page.locator('#stories-view').getAttribute('open')).toBe('');
    expect(await page.locator('#stories-view article.st-story').count()).toBe(1);
    await page.selectOption('#f-lang', 'zh');
    await page.click('#stories-view li.st-member[data-item-id="tass-ru-22001"] .st-why');
    expect(await page.locator('article.selected').getAttribute('data-id')).toBe('tass-ru-22001');
    expect(await page.evaluate('location.hash')).toBe('#item=tass-ru-22001');
    expect(await page.locator('article.item').count()).toBe(8);
    await page.close();
  });

  it('o opens the selected article in a new tab', async () => {
    const { page } = await open('#item=people-zh-40001');
    const [popup] = await Promise.all([browser.context.waitForEvent('page'), page.keyboard.press('o')]);
    await popup.waitForLoadState();
    expect(popup.url()).toBe('http://politics.people.com.cn/n1/2026/1118/c1001-40001.html');
    await popup.close();
    await page.close();
  });

  it.each([
    ['key c', 'tass-ru-22001'],
    ['button', 'people-zh-40001'],
  ])('copy quote (%s) puts the newsletter format on the clipboard', async (how, id) => {
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const { page, problems } = await open(`#item=${id}`);
    if (how === 'key c') await page.keyboard.press('c');
    else await page.click(`article[data-id="${id}"] button[data-act="copy"]`);
    await page.locator('#status', { hasText: /^Copied/ }).waitFor();
    const clip = await page.evaluate('navigator.clipboard.readText()');
    expect(clip).toBe(formatQuote(item(id)));
    expect(clip).toMatch(/^\*\*\[.+\]\(https?:\/\/.+\) – .+\*\*\n> /);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('keeps decisions across a reload and exports them as decisions.json', async () => {
    const { page } = await open();
    await page.evaluate('localStorage.clear()');
    await page.reload();
    await page.click('article[data-id="gt-1330001"] button[data-act="keep"]');
    await page.click('article[data-id="tass-en-1901001"] button[data-act="quoted"]');
    await page.fill('article[data-id="tass-en-1901001"] input.comment', 'Lead item; compare with Xinhua');
    await page.keyboard.press('Tab');
    await page.click('article[data-id="mid-en-1990200"] button[data-act="discard"]');
    await page.reload();
    await page.waitForSelector('html[data-ready="1"]');
    expect(await page.getAttribute('article[data-id="gt-1330001"] button[data-act="keep"]', 'aria-pressed')).toBe('true');
    await page.selectOption('#f-decision', 'keep');
    expect(await visibleIds(page)).toEqual(['gt-1330001']);
    expect(await optionTexts(page, '#f-decision')).toEqual(['all (8)', 'undecided (5)', 'kept (1)', 'quoted (1)', 'discarded (1)']);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-decisions')]);
    expect(download.suggestedFilename()).toBe('decisions.json');
    const path = `${browser.dir}/decisions.json`;
    await download.saveAs(path);
    const read = readDecisions(path);
    if (!read.ok) expect.unreachable(read.message);
    const got = read.value.map((d) => [d.id, d.decision, d.comment ?? '']).sort();
    expect(got).toEqual([
      ['gt-1330001', 'keep', ''],
      ['mid-en-1990200', 'discard', ''],
      ['tass-en-1901001', 'quoted', 'Lead item; compare with Xinhua'],
    ]);
    const doc = JSON.parse(readFileSync(path, 'utf8')) as { schemaVersion: number; report: string };
    expect(doc.schemaVersion).toBe(1);
    await page.close();
  });

  it('a decision pressed again is cleared; another tab of the page recounts when one changes', async () => {
    const { page } = await open();
    await page.evaluate('localStorage.clear()');
    await page.reload();
    await page.waitForSelector('html[data-ready="1"]');
    const other = await open();
    const keep = 'article[data-id="gt-1330001"] button[data-act="keep"]';
    await page.click(keep);
    expect(await page.getAttribute(keep, 'aria-pressed')).toBe('true');
    // The other tab hears of it through the storage event only.
    await other.page.locator('#f-decision option[value="keep"]', { hasText: '(1)' }).waitFor({ state: 'attached' });
    await page.click(keep);
    expect(await page.getAttribute(keep, 'aria-pressed')).toBe('false');
    expect(await page.getAttribute('article[data-id="gt-1330001"]', 'data-decision')).toBe('none');
    await other.page.locator('#f-decision option[value="keep"]', { hasText: '(0)' }).waitFor({ state: 'attached' });
    expect(await optionTexts(other.page, '#f-decision')).toEqual(await optionTexts(page, '#f-decision'));
    await other.page.close();
    await page.close();
  });

  it('runs nothing from the hostile page: no dialog, no error, no tripwire, CSP enforced', async () => {
    const { page, problems } = await browser.page();
    await page.goto(hostileUrl);
    await page.waitForSelector('html[data-ready="1"]');
    for (const el of await page.locator('article.item, #stories-view > summary').all()) await el.hover();
    await page.click('#stories-view > summary');
    for (const el of await page.locator('#stories-view td, #stories-view li').all()) await el.hover();
    await page.keyboard.press('j');
    await page.keyboard.press('c');
    await page.selectOption('#f-rule', { index: 1 });
    expect(await page.locator('#shown').textContent()).toBe('6');
    expect(await page.evaluate('typeof window.__xss')).toBe('undefined');
    expect(problems).toEqual([]);
    // The policy is live, not just present: an inline script without our hash does not run.
    await page.addScriptTag({ content: 'window.__csp = 1;' }).catch(() => undefined);
    expect(await page.evaluate('typeof window.__csp')).toBe('undefined');
    await page.close();
  });

  it('renders Chinese and Russian and saves a screenshot (test-artifacts/review.png)', async () => {
    const { page } = await open('#story=story-tass-en-1901001&item=people-zh-40001');
    await page.evaluate('localStorage.clear()');
    await page.reload();
    await page.waitForSelector('html[data-ready="1"]');
    const fonts = (await page.evaluate(
      "[...document.querySelectorAll('article.item h2')].map((h) => getComputedStyle(h).fontFamily.split(',')[0])",
    )) as string[];
    expect(fonts).toContain('"Noto Sans CJK SC"');
    await page.evaluate('window.scrollTo(0, 0)');
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/review.png', fullPage: true });
    await page.close();
  });
});
