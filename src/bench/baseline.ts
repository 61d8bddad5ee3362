/**
 * The naive baseline of the ablation: a small fixed multilingual keyword list, matched as plain
 * substrings of the lowercased post. It is what a moderation team might try first, and it is
 * deliberately naive: no normalisation (leetspeak, look-alike letters and spacing defeat it), no
 * word boundaries (it fires inside other words), and no sense of frame (news and NGO warnings use
 * the same words). Its score is 1 when any keyword occurs, else 0. It is a yardstick, not a
 * detector: do not tune it.
 * @module
 */

/**
 * The keywords, by language. Smuggling vocabulary an outsider would list: crossings, documents,
 * "places left", smuggler words.
 * @example BASELINE_KEYWORDS.fra // ['passeur', 'passeport', ...]
 */
export const BASELINE_KEYWORDS: Readonly<Record<string, readonly string[]>> = {
  eng: ['smuggl', 'boat to uk', 'places left', 'fake passport', 'no visa', 'crossing to', 'speedboat'],
  fra: ['passeur', 'passeport', 'traversée', 'angleterre', 'places dispo'],
  deu: ['schlepper', 'reisepass', 'überfahrt'],
  ita: ['scafist', 'passaporto', 'traversata'],
  spa: ['patera', 'pasaporte', 'cruzar'],
  tur: ['kaçak', 'pasaport', 'yunanistan'],
  ell: ['διακινητ', 'διαβατήρι'],
  rus: ['паспорт', 'нелегал', 'переправ'],
  arb: ['تهريب', 'حراق', 'جواز سفر', 'فيزا'],
  pes: ['قاچاق', 'پاسپورت'],
  als: ['gomone', 'pasaport'],
  vie: ['hộ chiếu', 'đi anh'],
  som: ['tahriib', 'baasaboor'],
};

const ALL = [...new Set(Object.values(BASELINE_KEYWORDS).flat())];

/**
 * The keywords found in a post (lowercased substring match).
 * @example baselineMatches('SPEEDBOAT to the UK, 3 places left') // ['places left', 'speedboat']
 */
export function baselineMatches(text: string): string[] {
  const t = text.toLowerCase();
  return ALL.filter((k) => t.includes(k));
}

/**
 * The baseline's advert score: 1 when any keyword occurs, else 0.
 * @example baselineScore('Fake passport, inbox') // 1
 */
export function baselineScore(text: string): number {
  return baselineMatches(text).length ? 1 : 0;
}
