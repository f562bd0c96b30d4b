// The story view fragment in a real browser (Debian Chromium via tests/browser/chromium.ts), embedded the way
// review.html embeds it: STORY_VIEW_CSS in a <style>, the fragment in <body>, scripts forbidden by CSP.
// Checks the matrix is laid out and coloured, and a hostile title runs nothing. Leaves
// test-artifacts/stories.png for a person to look at (CJK and Cyrillic glyphs).
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildStories } from '../../src/stories/index.js';
import { renderStoryView, STORY_VIEW_CSS } from '../../src/output/review-assets/stories.js';
import type { Candidate } from '../../src/types.js';
import { launchChromium, type Browser } from '../browser/chromium.js';
import { itemByUrl, loadWeek, MEETING, OUTLETS } from '../fixtures-stories/week.js';

const LAUNCH_TIMEOUT_MS = 120_000;
const week = loadWeek();
const hostile: Candidate = {
  ...itemByUrl(week, MEETING[0] as string),
  id: 'hostile',
  title: '<img src=x onerror=alert(1)>',
  url: 'javascript:alert(2)',
  publishedAt: '2026-11-10T10:00:00+03:00',
};
const stories = buildStories([...week, hostile], OUTLETS).filter((s) => s.outlets.length > 1 || s.items.some((m) => m.id === 'hostile'));
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'none'">
<title>stories</title><style>${STORY_VIEW_CSS}</style></head><body>${renderStoryView(stories)}</body></html>`;

let browser: Browser;
let page: Page;
let problems: string[];

beforeAll(async () => {
  browser = await launchChromium();
  ({ page, problems } = await browser.page());
  await page.goto(browser.file('stories.html', PAGE));
}, LAUNCH_TIMEOUT_MS);

afterAll(async () => {
  mkdirSync('test-artifacts', { recursive: true });
  await page?.screenshot({ path: 'test-artifacts/stories.png', fullPage: true });
  await browser?.close();
});

describe('story view in Chromium', () => {
  it('lays out the meeting matrix: 4 outlet rows, 9 rule columns, the silent cells coloured', async () => {
    const meeting = page.locator('article.st-story', { hasText: 'Wang Yi holds talks' });
    await expect(meeting.locator('table.st-matrix').isVisible()).resolves.toBe(true);
    expect(await meeting.locator('tbody tr').count()).toBe(4);
    expect(await meeting.locator('thead th.st-rule').count()).toBe(9);
    const silentColour =
      'getComputedStyle(document.querySelector(\'td.st-no[data-outlet="TASS"][data-rule="green-energy"]\')).backgroundColor';
    expect(await page.evaluate(silentColour)).toBe('rgb(251, 233, 231)');
    expect(await meeting.locator('li.st-omission').innerText()).toContain('TASS and Russian MFA did not mention green energy');
  });

  it('shows a hostile title as text and runs nothing', async () => {
    expect(await page.locator('li.st-member[data-item-id="hostile"]').innerText()).toContain('<img src=x onerror=alert(1)>');
    expect(await page.locator('img, script').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
