// The page script committed in src/output/review-assets/desk-js.ts is what scripts/build-desk.ts compiles from
// src/output/review-assets/client/*.ts now: an edit of the TypeScript without `npm run build:desk` fails here.
import { describe, expect, it } from 'vitest';
import { DESK_JS } from '../../src/output/review-assets/desk-js.js';
import { compileDesk } from '../../scripts/build-desk.js';

describe('review.html script', () => {
  it('is the current build of its TypeScript sources', () => {
    expect(DESK_JS).toBe(compileDesk());
  });

  it.each([
    ['no template literal left to a later eval', /\beval\(|new Function\(/],
    ['no network API', /\bfetch\(|XMLHttpRequest|WebSocket|sendBeacon|EventSource/],
  ])('uses %s', (_name, pattern) => {
    expect(DESK_JS).not.toMatch(pattern);
  });
});
