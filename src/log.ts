// pino NDJSON on stderr (fd 2, synchronous so an exit loses no line); stdout stays for data (--json).
// Pretty output only on a terminal, and only if the dev dependency pino-pretty can be loaded.
import { pino, type Logger } from 'pino';

export type Verbosity = 'quiet' | 'normal' | 'verbose';

const LEVELS: Record<Verbosity, string> = { quiet: 'warn', normal: 'info', verbose: 'debug' };

export async function createLogger(verbosity: Verbosity = 'normal'): Promise<Logger> {
  const level = process.env.LOG_LEVEL ?? LEVELS[verbosity];
  if (process.stderr.isTTY && process.env.LOG_FORMAT !== 'json') {
    try {
      const pretty = (await import('pino-pretty')).default;
      return pino({ level }, pretty({ destination: 2, colorize: process.stderr.hasColors?.() ?? false, ignore: 'pid,hostname' }));
    } catch {
      // pino-pretty is a dev dependency: production images log JSON.
    }
  }
  return pino({ level }, pino.destination({ dest: 2, sync: true }));
}

/** A logger that discards everything (tests, library use). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
