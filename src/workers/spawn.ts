// Starting one of our worker threads, from the compiled tree or from the TypeScript sources (the tests).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/** True when this module runs from src/*.ts (the tests), where a worker needs a TypeScript loader of its own. */
export const FROM_SOURCE = import.meta.url.endsWith('.ts');

/**
 * The worker `<name>.js` beside `base` (a module's import.meta.url), or, running from the sources, `<name>.ts`
 * through tsx's import API (a dev dependency: only the tests run the sources; dist/ is plain JavaScript). Each
 * such worker loads the loader, ~1 s, which is why no default path starts a worker from the sources.
 */
export function spawnWorker(base: string, name: string, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  const fromSource = base.endsWith('.ts');
  const entry = new URL(`./${name}.${fromSource ? 'ts' : 'js'}`, base);
  const options = { workerData, ...(resourceLimits ? { resourceLimits } : {}) };
  if (!fromSource) return new Worker(entry, options);
  const api = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const code = `import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(entry.href)}, ${JSON.stringify(entry.href)}))`;
  return new Worker(code, { eval: true, ...options });
}
