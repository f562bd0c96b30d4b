// The matching benchmark's text and watchlists (bench/match.ts): generated from a seed, so every run, and
// bench/pages.ts's pages, measure the same words.
const DOC_BYTES = 6_000;
/** Share of word slots that carry a name or entity (a news story names its actors a few times). */
const NAME_RATE = 0.03;
const EN = (
  'the of and to in a is that for on with as by at from this was were said will would has have had not but ' +
  'minister foreign talks visit meeting relations cooperation bilateral agreement summit president government ' +
  'economic security energy trade investment market growth project pipeline port region border ministry statement ' +
  'official spokesman press conference partners strategic development policy military navy defense exercise ' +
  'sanctions pressure western countries nations leaders delegation council united committee report according week ' +
  'year month today yesterday capital city province north south east west international global sea route ships ' +
  'cargo record volume percent billion dollars agreed discussed stressed noted called issue question answer'
).split(' ');
const EN_NAMES = [
  'Lavrov',
  'Wang',
  'Moscow',
  'Beijing',
  'Russia',
  'China',
  'Chinese',
  'Russian',
  'Arctic',
  'Asia',
  'Washington',
  'Tokyo',
  'Delhi',
  'Kazakhstan',
  'Putin',
  'Xi',
  'Jinping',
  'Quad',
  'SCO',
  'BRICS',
  'NATO',
  'UN',
];
const RU = (
  'и в на с по что не из за для как это было будет также его их при о от до министр иностранных дел ' +
  'переговоры визит встреча отношения сотрудничество двусторонний соглашение саммит президент правительство ' +
  'экономический безопасность энергетика торговля инвестиции рынок рост проект газопровод порт регион граница ' +
  'министерство заявление официальный представитель пресс конференция партнеры стратегический развитие политика ' +
  'военный флот оборона учения санкции давление западные страны лидеры делегация совет комитет доклад неделя ' +
  'год месяц сегодня вчера столица город провинция север юг восток запад международный море путь суда груз ' +
  'рекорд объем процент миллиард долларов согласились обсудили подчеркнул отметил вопрос ответ'
).split(' ');
const RU_NAMES = [
  'Лавров',
  'Лаврова',
  'Ван',
  'Москва',
  'Пекин',
  'России',
  'Китая',
  'Китаю',
  'Арктике',
  'Азии',
  'Вашингтон',
  'Токио',
  'Казахстан',
  'Путин',
  'Путина',
  'ШОС',
  'БРИКС',
  'НАТО',
  'ООН',
  'Газпром',
  'газа',
];
const ZH = (
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面' +
  '而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它' +
  '合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没' +
  '结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级' +
  '少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七' +
  '海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达' +
  '走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众' +
  '书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划' +
  '选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严俄罗夫毅普'
).split('');
const ZH_TERMS = ['中俄', '王毅', '拉夫罗夫', '普京', '习近平', '北极', '中亚', '贸易', '制裁', '导弹', '印太', '绿色能源', '联合演习'];

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

function sentence(r: () => number, lang: number): string {
  if (lang === 2) {
    let s = '';
    const n = 12 + Math.floor(r() * 30);
    for (let i = 0; i < n; i++) s += r() < NAME_RATE / 2 ? pick(r, ZH_TERMS) : pick(r, ZH);
    return `${s}。`;
  }
  const [words, names] = lang === 0 ? [EN, EN_NAMES] : [RU, RU_NAMES];
  const out: string[] = [];
  const n = 8 + Math.floor(r() * 18);
  for (let i = 0; i < n; i++) out.push(r() < NAME_RATE ? pick(r, names) : pick(r, words));
  const s = out.join(' ');
  return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
}

/** Deterministic documents (arrays of paragraphs) of about DOC_BYTES each, languages in turn. */
export function generateCorpus(bytes: number, seed: number): string[][] {
  const r = rng(seed);
  const docs: string[][] = [];
  let total = 0;
  for (let d = 0; total < bytes; d++) {
    const paragraphs: string[] = [];
    let size = 0;
    while (size < DOC_BYTES) {
      const p = Array.from({ length: 2 + Math.floor(r() * 4) }, () => sentence(r, d % 3)).join(d % 3 === 2 ? '' : ' ');
      paragraphs.push(p);
      size += Buffer.byteLength(p);
    }
    docs.push(paragraphs);
    total += size;
  }
  return docs;
}

function syntheticWord(r: () => number, lang: number): string {
  const syl =
    lang === 0
      ? ['ka', 'lor', 'vin', 'dex', 'tra', 'mon', 'sel', 'qua', 'ber', 'zo']
      : ['ка', 'лор', 'вин', 'дек', 'тра', 'мон', 'сел', 'бер', 'зо', 'ны'];
  let w = '';
  for (let i = 0, n = 2 + Math.floor(r() * 3); i < n; i++) w += pick(r, syl);
  return w;
}

const KNOWN = [[...EN_NAMES, 'sanctions', 'pipeline'], [...RU_NAMES, 'санкции', 'газопровод'], ZH_TERMS] as const;

/**
 * n terms, a third each en/ru/zh, like a real watchlist: the entities that occur in the corpus (never
 * function words such as "the" or "и"), the rest synthetic names and 2–4-character Chinese terms
 * that mostly do not occur.
 */
export function generateTerms(n: number, seed: number): string[] {
  const r = rng(seed ^ n);
  const out = new Set<string>();
  while (out.size < n) {
    const lang = out.size % 3;
    const known = r() < 0.25;
    let t: string;
    if (known) t = pick(r, KNOWN[lang]!);
    else if (lang === 2) t = Array.from({ length: 2 + Math.floor(r() * 3) }, () => pick(r, ZH)).join('');
    else t = syntheticWord(r, lang) + (r() < 0.2 ? ` ${syntheticWord(r, lang)}` : '');
    out.add(r() < 0.05 && lang !== 2 && t.length > 3 ? `${t}*` : t);
  }
  return [...out];
}
