// Stories across outlets (issue 8): the public surface. buildStories groups flagged items; storiesMarkdown and
// renderStoryView present them (export --format md grouped by story; the story view on review.html).

export type {
  BuildStoriesOptions,
  CellHit,
  CoverageCell,
  Evidence,
  JoinReason,
  Omission,
  OutletCoverage,
  Story,
  StoryMember,
  TwinLink,
} from './types.js';
export { buildStories, DEFAULT_WINDOW_HOURS, JOIN_THRESHOLD } from './build.js';
export type { PairHooks } from './pairs.js';
export { defaultOutletOf, KNOWN_OUTLETS } from './outlets.js';
export { storiesMarkdown } from './markdown.js';
export { renderStoryView, STORY_VIEW_CSS } from './view.js';
