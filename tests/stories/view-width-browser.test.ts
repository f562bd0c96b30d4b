// The story view inside the real review.html of a fixture crawl, in Chromium at a desktop and a narrow width:
// the page never scrolls sideways, the matrix stays inside its story's box (scrolling there when it must), and
// the matching diagnostics of each member stay closed behind a toggle until asked for. (Screen-reader-only text
// in the cells is absolutely positioned: the matrix box must be its containing block, or it widens the page.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type Browser } from '../browser/chromium.js';
import { cli, FIXTURES, FIXTURES_NOW, scratch } from '../e2e/helpers.js';

const LAUNCH_TIMEOUT_MS = 120_000;
let browser: Browser;
let page: Page;
let url: string;

beforeAll(async () => {
  const out = join(scratch('ww-width-'), 'out');
  const r = await cli(['crawl', '--replay', FIXTURES, '--now', FIXTURES_NOW, '--out', out, '-q']);
  expect(r.code).toBe(0);
  browser = await launchChromium();
  ({ page } = await browser.page());
  url = browser.file('review.html', readFileSync(join(out, 'review.html'), 'utf8'));
}, LAUNCH_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
});

/** Page overflow and, per story, how far the matrix box pokes out of the story box (px, 0 when inside). */
const LAYOUT = `(() => {
  const stories = [...document.querySelectorAll('#stories-view article.st-story')];
  return {
    stories: stories.length,
    pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    matrixOut: stories.map((s) => {
      const box = s.getBoundingClientRect();
      const wrap = s.querySelector('.st-matrix-wrap').getBoundingClientRect();
      return Math.max(0, Math.round(wrap.right - box.right), Math.round(box.left - wrap.left));
    }),
  };
})()`;

describe('story view width', () => {
  it.each([1400, 900, 600])('at %i px: no sideways page scroll, every matrix inside its story', async (width) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${url}#`);
    await page.evaluate(`document.querySelector('#stories-view').open = true`);
    const layout = (await page.evaluate(LAYOUT)) as { stories: number; pageOverflow: number; matrixOut: number[] };
    expect(layout.stories).toBeGreaterThan(0);
    expect(layout.pageOverflow).toBeLessThanOrEqual(0);
    expect(layout.matrixOut.every((px) => px === 0)).toBe(true);
  });

  it('member diagnostics are hidden until their toggle is opened', async () => {
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(`${url}#`);
    await page.evaluate(`document.querySelector('#stories-view').open = true`);
    const text = page.locator('#stories-view li.st-member .st-why-text').last();
    expect(await text.isVisible()).toBe(false);
    await page.locator('#stories-view li.st-member details.st-why > summary').last().click();
    expect(await text.isVisible()).toBe(true);
    expect(await text.innerText()).toMatch(/^score \d/);
  });
});
