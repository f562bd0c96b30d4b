// Starting Debian's Chromium through playwright-core, never a downloaded browser build. playwright-core is a
// runtime dependency but is imported only when a source first needs a browser, so a run without walled sources
// never loads it. Chromium gets no network of its own: every request it makes is answered by our fetch path
// (see session.ts), and as a second line its own stack is pointed at a proxy that does not exist, with DNS
// answering "not found" for every name, so a speculative preconnect or a request that slipped past
// interception reaches nothing. The profile is a fresh temporary one per launch, removed at close.
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

export const LAUNCH_DEFAULTS = {
  /** Where Chromium is looked for when CHROMIUM_PATH is not set (Debian, Ubuntu, Alpine, Fedora names). */
  candidates: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/lib/chromium/chromium'],
  launchTimeoutMs: 30_000,
};

/** What to tell the operator when no browser can be started. */
export const INSTALL_HINT =
  "install Debian's Chromium (`apt-get install -y chromium`, or build the image with `--build-arg WITH_CHROMIUM=1`) " +
  'or set CHROMIUM_PATH to a Chromium binary';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--mute-audio',
  '--dns-prefetch-disable',
  '--no-pings',
  '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
  // Its own network stack is a dead end: intercepted requests never use it.
  '--proxy-server=http://0.0.0.0:9',
  '--proxy-bypass-list=<-loopback>',
  '--host-resolver-rules=MAP * ~NOTFOUND',
];

export type Launched = { ok: true; browser: Browser } | { ok: false; reason: string };

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROMIUM_PATH) return existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : undefined;
  return LAUNCH_DEFAULTS.candidates.find((p) => existsSync(p));
}

export async function launchChromium(env: NodeJS.ProcessEnv = process.env): Promise<Launched> {
  const executablePath = chromiumPath(env);
  if (!executablePath) {
    const where = env.CHROMIUM_PATH
      ? `CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist`
      : `no Chromium at ${LAUNCH_DEFAULTS.candidates.join(', ')}`;
    return { ok: false, reason: `${where}: ${INSTALL_HINT}` };
  }
  let pw: typeof import('playwright-core');
  try {
    pw = await import('playwright-core');
  } catch (e) {
    return { ok: false, reason: `playwright-core is not installed (${e instanceof Error ? e.message : String(e)}): run \`npm ci\`` };
  }
  try {
    const browser = await pw.chromium.launch({
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: LAUNCH_DEFAULTS.launchTimeoutMs,
      // Our own signal handling closes the browser as part of a clean stop; playwright still kills it at exit.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    return { ok: true, browser };
  } catch (e) {
    return {
      ok: false,
      reason: `Chromium at ${executablePath} did not start: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
    };
  }
}
