/** English (and romanised) street-level addresses; see address.ts for what counts as an address. */

const TYPES =
  'street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|way|court|ct|place|pl|terrace|crescent|close|square|sq|highway|hwy|parkway|pkwy';
const ABBREVIATIONS = new Set(['st', 'rd', 'ave', 'ln', 'dr', 'blvd', 'ct', 'pl', 'sq', 'hwy', 'pkwy']);
const SP = '[ \\t]{1,3}';
const NAME = "[a-z0-9][a-z0-9'’\\-]{0,20}";
const UNIT = '(?:apt|apartment|flat|unit|suite|ste|room|rm)\\.?[ \\t]{0,2}#?\\d{1,5}[a-z]?';
/** "12 Baker Street", "221B Main St", "No. 8 Zhongshan Road", "Apt 4B, 250 West 57th Street", "… Apt 3". */
const EN_NUMBER_FIRST_RE = new RegExp(
  `(?<![a-z0-9.#])(?:${UNIT},?${SP})?(?:no\\.?[ \\t]{0,2})?\\d{1,5}[a-z]?${SP}((?:${NAME}${SP}){1,3}?)(${TYPES})(?![a-z])\\.?` +
    `(?:,?[ \\t]{0,2}(?:${UNIT}|#\\d{1,5}[a-z]?)(?![a-z0-9]))?`,
  'dg',
);
/** "Zhongshan Road No. 8" (how Chinese addresses are often romanised). */
const EN_NUMBER_LAST_RE = new RegExp(
  `(?<![a-z])((?:[a-z][a-z'’\\-]{0,20}${SP}){1,3})(${TYPES})\\.?,?[ \\t]{0,3}no\\.?[ \\t]{0,2}\\d{1,5}(?!\\d)`,
  'dg',
);

/** Type before name, as in French/Spanish/Italian: "9 Rue de Rivoli", "12 Calle Mayor". */
const EN_TYPE_FIRST_RE =
  /(?<![a-z0-9.#])\d{1,5}[a-z]?,?[ \t]{1,3}(?:rue|calle|avenida|avenue|av|via|viale|piazza|plaza|boulevard|bd|chemin|rua)[ \t]{1,3}(?:(?:de|du|des|la|le|del|della|di|do|da)[ \t]{1,3}){0,2}([a-z][a-z'’\-]{1,20})/dg;
/** Building + room with no street: "building 7, room 302", "Room 1203, Building 5". */
const EN_BUILDING_RE =
  /(?<![a-z])(?:(?:building|bldg|block|tower)[ \t]{0,2}#?\d{1,4}[a-z]?,?[ \t]{0,3}(?:room|rm|flat|apt|apartment|unit|suite)\.?[ \t]{0,2}#?\d{1,5}[a-z]?|(?:room|rm|flat|apt|apartment|unit|suite)\.?[ \t]{0,2}#?\d{1,5}[a-z]?,?[ \t]{0,3}(?:building|bldg|block|tower)[ \t]{0,2}#?\d{1,4}[a-z]?)(?![a-z0-9])/g;
/**
 * UK postcodes ("SW1A 1AA") pin a home down to about fifteen households, so they count as
 * street-level. They also look like trim codes ("A4 4WD"), so only after a word that
 * announces them. US ZIP and Chinese postcodes cover whole districts and are left alone.
 */
const UK_POSTCODE_RE =
  /(?<=(?:postcode|post code|postal code|zip|address|live|lives|living|house|home|flat)[^a-z0-9]{0,8}(?:(?:is|at|in|:)[^a-z0-9]{0,3}){0,2})[a-pr-uwyz][a-hk-y]?\d[a-z\d]?[ \t]?\d[abd-hjlnp-uw-z]{2}(?![a-z0-9])/g;

// Street types are also ordinary words ("2 long road trips", "all wheel drive"), so a name
// made of everyday words is not a street name.
const NOT_NAMES = new Set(
  (
    'the a an to of on in at is are was were be my your our his her their its and or for with by from ' +
    'this that these those it i we you they he she me us them big small long short fast slow red blue ' +
    'green white black pink new old good bad best more most very so too all four two one three rear front ' +
    'wheel wheels mile miles km minute minutes hour hours second seconds car cars seat seats door doors ' +
    'star stars time times year years kid kids mode modes speed lap laps'
  ).split(' '),
);
const CONTEXT_RE =
  /(?<![a-z])(?:live|lives|living|lived|address|house|home|stay|stays|staying|moved|deliver|send|visit|flat|apartment)/;

function acceptName(norm: string, original: string, nameStart: number, nameEnd: number, type: string, matchStart: number): boolean {
  const words = norm.slice(nameStart, nameEnd).trim().split(/[ \t]+/);
  if (words.some((w) => NOT_NAMES.has(w))) return false;
  const originalWords = original.slice(nameStart, nameEnd).trim().split(/[ \t]+/);
  const capitalised = originalWords.some((w) => /^[A-Z]/.test(w));
  return capitalised || ABBREVIATIONS.has(type) || CONTEXT_RE.test(norm.slice(Math.max(0, matchStart - 30), matchStart));
}

export function detectEnAddresses(norm: string, original: string, out: Array<[number, number]>): void {
  for (const m of norm.matchAll(EN_TYPE_FIRST_RE)) {
    const [nameStart] = m.indices![1]!;
    // The name must be written as a name ("Rivoli"), not "9 rue de la" + ordinary word.
    if (/^[A-Z]/.test(original.slice(nameStart))) out.push([m.index, m.index + m[0].length]);
  }
  for (const m of norm.matchAll(EN_BUILDING_RE)) out.push([m.index, m.index + m[0].length]);
  for (const m of norm.matchAll(UK_POSTCODE_RE)) out.push([m.index, m.index + m[0].length]);
  for (const re of [EN_NUMBER_FIRST_RE, EN_NUMBER_LAST_RE]) {
    re.lastIndex = 0;
    for (let m = re.exec(norm); m; m = re.exec(norm)) {
      const [nameStart, nameEnd] = m.indices![1]!;
      if (acceptName(norm, original, nameStart, nameEnd, m[2]!, m.index)) {
        out.push([m.index, m.index + m[0].length]);
      } else {
        re.lastIndex = m.index + 1; // a rejected match may hide a real one starting later
      }
    }
  }
}
