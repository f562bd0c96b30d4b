// Stories across outlets: the public surface. buildStories groups flagged items; rendering them is output's
// job (src/export/stories-md.ts for export --format md by story, src/output/review-assets/stories.ts for review.html).

export type {
  BuildStoriesOptions,
  CellHit,
  CoverageCell,
  Evidence,
  JoinReason,
  Omission,
  OutletCoverage,
  PreviousStory,
  Story,
  StoryMember,
  TwinLink,
} from './types.js';
export { buildStories, DEFAULT_WINDOW_HOURS, eachStory, JOIN_THRESHOLD, storyCollector, type StoryCollector } from './build.js';
export type { PairHooks } from './pairs.js';
export { storyOutlets, type StoryOutlets } from './outlets.js';
