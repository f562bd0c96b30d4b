// Launches Debian's Chromium (/usr/bin/chromium, apt package `chromium`) through playwright-core, never a
// downloaded browser, with a fresh profile, and keeps every request on this machine: file:// pages load,
// anything http(s) is answered by a local stub (the "o" key opens article links) or refused.
// Waits in tests use selectors and locators, never page.waitForFunction(string): its polling evaluates the
// string inside the page, which the review page's CSP (no 'unsafe-eval') rightly refuses.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  dir: string;
  /** Writes `html` into the scratch dir and returns its file:// URL. */
  file(name: string, html: string): string;
  /** A new page that records console messages, page errors and dialogs. */
  page(): Promise<{ page: Page; problems: string[] }>;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: apt-get install -y chromium fonts-noto-cjk (or set CHROMIUM_PATH)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'wirewatch-browser-'));
  const profile = join(dir, 'profile');
  mkdirSync(profile);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  await context.route(/^https?:/, (route) => route.fulfill({ status: 200, contentType: 'text/plain', body: 'stub article' }));
  return {
    context,
    dir,
    file(name, html) {
      const path = join(dir, name);
      writeFileSync(path, html);
      return pathToFileURL(path).href;
    },
    async page() {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('dialog', (d) => {
        problems.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      return { page, problems };
    },
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
