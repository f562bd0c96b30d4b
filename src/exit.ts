// The exit codes every command returns, and the error that means "the command line was wrong". A leaf: the
// dispatcher, the commands and the run report all import it, so a code is written once and never as a bare
// number. The set is closed: `ExitCode` is exactly these values.

export const EXIT = {
  /** Done, also "nothing new". */
  ok: 0,
  /** An unexpected crash. */
  crash: 1,
  /** `watchlist test`: a labelled case failed (the test runners' convention, so CI scripts can gate on it). */
  casesFailed: 1,
  /** Usage, config, watchlist or state-file error: nothing fetched, nothing written. */
  usage: 2,
  /** Finished and outputs written, but some source, feed or item failed. */
  partial: 3,
  /** Another run holds the lock: nothing done (EX_TEMPFAIL, so cron wrappers retry later). */
  locked: 75,
  /** Stopped by SIGINT after finishing cleanly with what the run had (128 + 2). */
  sigint: 130,
  /** Stopped by SIGTERM after finishing cleanly with what the run had (128 + 15). */
  sigterm: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The command line is wrong: the dispatcher prints the message and the command's usage, and exits 2. */
export class UsageError extends Error {}
