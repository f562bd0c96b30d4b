// Month names as dates in article text write them, January first, lower case: shared by the page reader that finds
// a date in a transcript's title (adapters/mid.ts) and by the stories' date mentions (stories/dates.ts), so the two
// read the same words. extract/datescan.ts keeps its own many-language table, abbreviations and all.

/** English month names, whole. */
export const EN_MONTH_NAMES: readonly string[] = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** Russian month names in the genitive, the case a date puts them in ("18 ноября"). */
export const RU_MONTHS_GENITIVE: readonly string[] = [
  'января',
  'февраля',
  'марта',
  'апреля',
  'мая',
  'июня',
  'июля',
  'августа',
  'сентября',
  'октября',
  'ноября',
  'декабря',
];

/** The month (1-12) a whole name from either list stands for, 0 for any other word. Case-insensitive. */
export function monthOfName(name: string): number {
  const n = name.toLowerCase();
  const ru = RU_MONTHS_GENITIVE.indexOf(n);
  return ru >= 0 ? ru + 1 : EN_MONTH_NAMES.indexOf(n) + 1;
}
