// Shared helpers for end-to-end tests: run the CLI in-process with captured streams, validate outputs
// against the published JSON Schemas, and read what a crawl wrote.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { main } from '../../src/cli.js';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const FIXTURES = join(ROOT, 'fixtures');
export const FIXTURES_NOW = (JSON.parse(readFileSync(join(FIXTURES, 'replay.json'), 'utf8')) as { now: string }).now;

export function scratch(prefix = 'ww-e2e-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function cli(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (d) => out.push(String(d)));
  stderr.on('data', (d) => err.push(String(d)));
  const input = new PassThrough();
  input.end(stdin);
  const code = await main(args, { stdout, stderr, stdin: input });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

export function candidatesValidator(): (doc: unknown) => string[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  for (const f of readdirSync(join(ROOT, 'schemas'))) ajv.addSchema(JSON.parse(readFileSync(join(ROOT, 'schemas', f), 'utf8')));
  const validate = ajv.getSchema('https://wirewatch.example/schemas/candidates.v1.schema.json');
  if (!validate) throw new Error('candidates schema not found');
  return (doc) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
}

export function readJson<T = any>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export function runReports(out: string): any[] {
  return readdirSync(join(out, 'runs'))
    .sort()
    .map((f) => readJson(join(out, 'runs', f)));
}
