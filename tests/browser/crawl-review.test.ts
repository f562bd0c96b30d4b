// The desk end to end: after a crawl of the bundled fixtures (`wirewatch demo`, replay, no network), the
// editor opens out/review.html and can find every flagged item by searching its headline, read it (excerpt with
// marks), and copy it in the newsletter's format with one key. Leaves test-artifacts/review-crawl.png.
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { formatQuote } from '../../src/output/quote.js';
import type { Candidate } from '../../src/types.js';
import { launchChromium, type Browser } from './chromium.js';

const SLOW_MS = 300_000;
let browser: Browser;
let out: string;
let crawlExit: number;
let items: Candidate[] = [];

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'wirewatch-demo-'));
  const io = { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough() };
  io.stdout.resume();
  io.stderr.resume();
  crawlExit = await main(['demo', '--out', out], io);
  items = (JSON.parse(readFileSync(join(out, 'candidates.json'), 'utf8')) as { items: Candidate[] }).items;
  browser = await launchChromium();
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write']);
}, SLOW_MS);

afterAll(async () => {
  await browser?.close();
}, SLOW_MS);

describe('review.html after a fixture crawl', { timeout: SLOW_MS }, () => {
  it('the crawl finished and flagged items from all seven feeds', () => {
    expect(crawlExit).toBe(0);
    expect(new Set(items.map((i) => i.source.id))).toEqual(
      new Set(['tass-en', 'tass-ru', 'globaltimes', 'people-en', 'people-zh', 'mid-en', 'mid-ru']),
    );
  });

  it('finds, shows and copies every flagged item', async () => {
    expect(items.length).toBeGreaterThan(0);
    const { page, problems } = await browser.page();
    await page.goto(pathToFileURL(join(out, 'review.html')).href);
    await page.waitForSelector('html[data-ready="1"]');
    for (const item of items) {
      await page.fill('#f-q', item.title);
      const card = page.locator(`article.item[data-id=${JSON.stringify(item.id)}]`);
      expect(await card.isVisible(), item.title).toBe(true);
      const highlighted = item.excerpts.some((e) => e.highlights.length > 0);
      expect((await card.locator('mark').count()) > 0, item.id).toBe(highlighted);
      await page.evaluate(
        `document.getElementById('status').textContent = ''; location.hash = 'item=' + ${JSON.stringify(encodeURIComponent(item.id))}`,
      );
      await page.locator(`article.selected[data-id=${JSON.stringify(item.id)}]`).waitFor();
      await page.keyboard.press('c');
      await page.locator('#status', { hasText: /^Copied/ }).waitFor();
      expect(await page.evaluate('navigator.clipboard.readText()')).toBe(formatQuote(item));
    }
    expect(problems).toEqual([]);
    await page.evaluate("location.hash = ''; window.scrollTo(0, 0)");
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/review-crawl.png' });
    await page.close();
  });

  it('the story view shows the meeting across four outlets, its coverage matrix and the green-energy omission', async () => {
    const { page, problems } = await browser.page();
    await page.goto(pathToFileURL(join(out, 'review.html')).href);
    await page.waitForSelector('html[data-ready="1"]');
    await page.click('#stories-view > summary');
    const meeting = page.locator('#stories-view article.st-story', { hasText: 'Wang Yi holds talks' });
    expect(await meeting.count()).toBe(1);
    expect(await meeting.locator('table.st-matrix').isVisible()).toBe(true);
    expect(
      await meeting.locator('table.st-matrix tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-outlet')).sort()),
    ).toEqual(['Global Times', "People's Daily", 'Russian MFA', 'TASS']);
    const green = await meeting
      .locator('td.st-cell[data-rule="green-energy"]')
      .evaluateAll((cells) => cells.map((c) => `${c.getAttribute('data-outlet')}:${c.classList.contains('st-yes') ? 'yes' : 'no'}`).sort());
    expect(green).toEqual(['Global Times:yes', "People's Daily:yes", 'Russian MFA:no', 'TASS:no']);
    expect(await meeting.locator('ul.st-omissions').innerText()).toContain(
      "TASS and Russian MFA did not mention green energy, which People's Daily and Global Times did",
    );
    await meeting.screenshot({ path: 'test-artifacts/review-story.png' });
    expect(problems).toEqual([]);
    await page.close();
  });
});
