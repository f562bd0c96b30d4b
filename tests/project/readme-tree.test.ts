// The README's architecture block promises one line per file of src/, with what the file is for. This test
// holds it to that: a file added, moved or removed without its README line fails here, naming the line.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const INDENT = 2;

/** The src/ subtree of the README's architecture block: path → description (folders end in '/'). */
export function readmeTree(markdown: string): Map<string, string> {
  const blocks = markdown.split('```').filter((_b, i) => i % 2 === 1);
  const block = blocks.find((b) => b.split('\n').includes('src/'));
  if (!block) throw new Error('README has no code block with a "src/" line');
  const lines = block.split('\n');
  const out = new Map<string, string>();
  const stack: string[] = [];
  for (const line of lines.slice(lines.indexOf('src/') + 1)) {
    if (!line.startsWith(' ')) break;
    const m = /^( +)(\S+)(?: {2,}(.*))?$/.exec(line);
    if (!m) throw new Error(`README architecture line not of the form "name   description": ${JSON.stringify(line)}`);
    const depth = (m[1] as string).length / INDENT;
    stack.length = depth - 1;
    const path = ['src', ...stack, m[2] as string].join('/');
    out.set(path, (m[3] ?? '').trim());
    if (path.endsWith('/')) stack.push((m[2] as string).slice(0, -1));
  }
  return out;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [relative(ROOT, join(dir, e.name))],
  );
}

/** The files of src/ as git knows them (tracked and new), else as the filesystem has them. */
function srcFiles(): string[] {
  try {
    const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'src'], { cwd: ROOT, encoding: 'utf8' });
    return out.split('\n').filter(Boolean);
  } catch {
    return walk(join(ROOT, 'src'));
  }
}

describe('README architecture block', () => {
  const tree = readmeTree(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  const listed = [...tree.keys()].filter((p) => !p.endsWith('/'));
  const files = srcFiles();

  it.each([
    ['every file of src/ has its README line', () => files.filter((f) => !tree.has(f)), []],
    ['every README line names a file that exists', () => listed.filter((p) => !files.includes(p)), []],
    ['every file line says what the file is for', () => listed.filter((p) => !tree.get(p)), []],
  ] as const)('%s', (_name, offenders, expected) => {
    expect(offenders()).toEqual(expected);
  });

  it.each([
    [
      'nested folders',
      'x\n```\nsrc/\n  a.ts   A\n  d/\n    b.ts   B\n  c.ts   C\nfixtures/\n```\n',
      ['src/a.ts', 'src/d/', 'src/d/b.ts', 'src/c.ts'],
    ],
    ['stops at the next top-level line', '```\nsrc/\n  a.ts   A\nscripts/   S\n  z.ts   Z\n```', ['src/a.ts']],
  ])('parses %s', (_name, md, paths) => {
    expect([...readmeTree(md).keys()]).toEqual(paths);
  });
});
