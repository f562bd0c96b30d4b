// Schema of the state database, as an ordered list of migrations. MIGRATIONS[i] takes a database from
// version i to i+1; the version lives in PRAGMA user_version and in meta.schema_version. Never edit a
// shipped migration: append a new one, so every existing state file reaches the same schema.

/** 'WWST' — the SQLite header's application_id, so `file state.db` and we can both tell the file is ours. */
export const APPLICATION_ID = 0x57575354;
export const APP_NAME = 'wirewatch';

const V1_CORE = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

CREATE TABLE runs (
  run_id TEXT PRIMARY KEY,
  started_at TEXT NOT NULL,
  started_ms INTEGER NOT NULL,
  finished_at TEXT,
  report TEXT
) STRICT;

CREATE TABLE feeds (
  feed_url TEXT PRIMARY KEY,
  source_id TEXT NOT NULL,
  etag TEXT,
  last_modified TEXT,
  last_ok_at TEXT,
  last_new_item_at TEXT,
  last_attempt_at TEXT,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  consecutive_empty INTEGER NOT NULL DEFAULT 0,
  status TEXT,
  error_code TEXT,
  error_message TEXT
) STRICT;

CREATE TABLE items (
  id TEXT PRIMARY KEY,
  source_id TEXT NOT NULL,
  url TEXT NOT NULL,
  canonical TEXT NOT NULL,
  guid TEXT,
  title TEXT NOT NULL,
  summary TEXT,
  published_at TEXT,
  sort_ms INTEGER NOT NULL,
  fingerprint TEXT,
  content_hash TEXT,
  title_hash TEXT NOT NULL,
  feed_title_hash TEXT,
  hit_key TEXT,
  hit_rules TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL CHECK (status IN ('flagged', 'seen', 'failed', 'feed_only', 'deferred')),
  feed_only INTEGER NOT NULL DEFAULT 0,
  candidate TEXT,
  error_code TEXT,
  error_message TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  changed TEXT NOT NULL DEFAULT '[]',
  flagged_at TEXT,
  flag_reason TEXT CHECK (flag_reason IN ('new', 'updated')),
  first_seen_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  last_seen_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX items_by_time ON items (sort_ms);
CREATE INDEX items_by_status ON items (status, sort_ms);

CREATE TABLE decisions (
  item_id TEXT PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
  decision TEXT NOT NULL CHECK (decision IN ('keep', 'discard', 'quoted')),
  at TEXT NOT NULL,
  comment TEXT
) STRICT;

PRAGMA application_id = ${APPLICATION_ID};
INSERT INTO meta (key, value) VALUES ('app', '${APP_NAME}');
`;

/** v2: source health — which feed listed which item (cadence) and per-run extraction counts (layout alarm). */
const V2_HEALTH = `
CREATE TABLE feed_items (
  feed_url TEXT NOT NULL,
  item_id TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
  PRIMARY KEY (feed_url, item_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX feed_items_by_item ON feed_items (item_id);

CREATE TABLE extraction_stats (
  run_id TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
  source_id TEXT NOT NULL,
  pages INTEGER NOT NULL,
  missing_body INTEGER NOT NULL,
  missing_date INTEGER NOT NULL,
  missing_title INTEGER NOT NULL,
  low_confidence INTEGER NOT NULL,
  fallbacks TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (run_id, source_id)
) STRICT;
`;

/** Value (0–15) of hex digit `i` (1-based) of items.fingerprint, in SQL. */
const hexDigit = (i: number): string => `(instr('0123456789abcdef', lower(substr(fingerprint, ${i}, 1))) - 1)`;
/** The fingerprint as a signed 64-bit integer (the top digit shifts into the sign bit; masks below undo it). */
const FINGERPRINT_BITS = Array.from({ length: 16 }, (_, k) => `(${hexDigit(k + 1)} << ${60 - 4 * k})`).join(' | ');

/**
 * v3: the SimHash band index (src/state/bands.ts explains the layout). item_bands holds, per item with a
 * usable fingerprint (16 hex digits, not the empty one), the values of its 5 blocks (bits 0–12, 13–25, 26–38,
 * 39–51 of 13 bits, 52–63 of 12 bits). Its triggers kept it equal to items.fingerprint on every write until V6
 * dropped them for the item writer; rows go with their item (FK cascade). Existing items are backfilled here. This
 * text is frozen: a different layout needs a new migration.
 */
const V3_BANDS = `
CREATE TABLE item_bands (
  band INTEGER NOT NULL,
  value INTEGER NOT NULL,
  item_id TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
  PRIMARY KEY (band, value, item_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX item_bands_by_item ON item_bands (item_id);
-- Covers what a band lookup reads of each candidate, so it never loads the (large) item rows.
CREATE INDEX items_reprint_fields ON items (id, source_id, sort_ms, fingerprint);

CREATE VIEW item_fingerprint_bits AS
  SELECT id AS item_id, ${FINGERPRINT_BITS} AS bits FROM items
  WHERE fingerprint IS NOT NULL AND length(fingerprint) = 16 AND fingerprint NOT GLOB '*[^0-9a-fA-F]*'
    AND fingerprint != '0000000000000000';
CREATE VIEW item_band_values AS
  SELECT item_id, 0 AS band, bits & 8191 AS value FROM item_fingerprint_bits
  UNION ALL SELECT item_id, 1, (bits >> 13) & 8191 FROM item_fingerprint_bits
  UNION ALL SELECT item_id, 2, (bits >> 26) & 8191 FROM item_fingerprint_bits
  UNION ALL SELECT item_id, 3, (bits >> 39) & 8191 FROM item_fingerprint_bits
  UNION ALL SELECT item_id, 4, (bits >> 52) & 4095 FROM item_fingerprint_bits;

CREATE TRIGGER item_bands_on_insert AFTER INSERT ON items BEGIN
  INSERT INTO item_bands (band, value, item_id) SELECT band, value, item_id FROM item_band_values WHERE item_id = NEW.id;
END;
CREATE TRIGGER item_bands_on_update AFTER UPDATE OF id, fingerprint ON items
  WHEN NEW.fingerprint IS NOT OLD.fingerprint OR NEW.id IS NOT OLD.id BEGIN
  DELETE FROM item_bands WHERE item_id = OLD.id;
  INSERT INTO item_bands (band, value, item_id) SELECT band, value, item_id FROM item_band_values WHERE item_id = NEW.id;
END;

INSERT INTO item_bands (band, value, item_id) SELECT band, value, item_id FROM item_band_values;
`;

/** v4: cookies a browser earned on a walled host (src/state/hosts.ts), offered by the next run's plain fetch. */
const V4_HOST_COOKIES = `
CREATE TABLE host_cookies (
  host TEXT PRIMARY KEY,
  earned_at_ms INTEGER NOT NULL,
  cookies TEXT NOT NULL
) STRICT;
`;

/**
 * v5: discovery channels. A channel's newest item time (fresh or stale survives a 304, when nothing is parsed),
 * and lookups of a source's item by its URL, so a story one channel found is the same item when another lists it.
 */
const V5_CHANNELS = `
ALTER TABLE feeds ADD COLUMN newest_item_at TEXT;
CREATE INDEX items_by_source_canonical ON items (source_id, canonical);
CREATE INDEX items_by_source_url ON items (source_id, url);
`;

/**
 * v6: item_bands written by the item writer (bandRows in src/state/bands.ts, called by src/state/items.ts, the one
 * place items are written), no longer by V3's triggers. A trigger on items made SQLite keep a statement journal for
 * every item upsert (~60 KB an item, spilled to a temporary file past 64 KiB) and run the band view once per row:
 * a third of a crawl's commit CPU (4,800 items replayed: 1.6-2.5 s against 1.1-1.7 s). The rows stay what the
 * triggers wrote; V3's views remain, and tests/state/bands.test.ts checks the rows against them after every kind of
 * write.
 */
const V6_BANDS_IN_WRITER = `
DROP TRIGGER item_bands_on_insert;
DROP TRIGGER item_bands_on_update;
`;

/** v7: a host's Retry-After beyond the cap, kept past the run (src/state/hosts.ts): later runs leave it alone too. */
const V7_HOST_HOLDS = `
CREATE TABLE host_holds (
  host TEXT PRIMARY KEY,
  until_ms INTEGER NOT NULL
) STRICT;
`;

export const MIGRATIONS: readonly string[] = [
  V1_CORE,
  V2_HEALTH,
  V3_BANDS,
  V4_HOST_COOKIES,
  V5_CHANNELS,
  V6_BANDS_IN_WRITER,
  V7_HOST_HOLDS,
];
export const SCHEMA_VERSION = MIGRATIONS.length;
