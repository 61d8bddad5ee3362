/**
 * Structure, not only words. An offer is a journey, plus a route, plus a way to buy it (contact,
 * price); reporting and asking have shapes of their own. These read the rule stage's own findings
 * and the input's punctuation, in every language, and feed the fusion combiners as features.
 * @module
 */
import type { Indicators, LabelScores } from '../types.js';

/** Structure signals of one post, each in [0, 1]. */
export interface Structure {
  /**
   * Journey evidence (a crossing rule) × a route (a destination, or origin → destination) × a way
   * to buy (contact or price): 1 when all three are there, less for each one missing, 0 without a journey.
   */
  offer: number;
  /** The share of the post's sentences that are questions (`?`, `؟`, Greek `;`, Ethiopic `፧`). */
  question: number;
}

const SENTENCE = /[^.!?؟;።፧\n]+[.!?؟;።፧\n]*/gu;
const QUESTION_END = /[?؟;፧]\s*$/u;
/** The Greek question mark is U+037E or a plain semicolon; a semicolon counts only in Greek text. */
const GREEK = /[\u0370-\u03FF]/u;

/**
 * Structure signals from rule scores, indicators and the input.
 * @example offerStructure({ crossing_offer: 0.6, ... }, { places: ['United Kingdom'], phones: ['+44...'], ... }, 'Boat to UK?').offer // 1
 */
export function structureOf(labels: LabelScores, indicators: Indicators, input: string): Structure {
  const journey = Math.min(1, labels.crossing_offer / 0.5);
  const route = indicators.routes.length ? 1 : indicators.places.length ? 0.75 : 0.35;
  const buy = indicators.phones.length || indicators.handles.length || labels.contact_handoff >= 0.4 ? 1 : 0;
  const pay = indicators.prices.length || labels.payment_terms >= 0.4 ? 1 : 0;
  const offer = journey * route * (buy || pay ? (buy && pay ? 1 : 0.8) : 0.45);

  let sentences = 0;
  let questions = 0;
  const greek = GREEK.test(input);
  for (const m of input.slice(0, 4000).matchAll(SENTENCE)) {
    const s = m[0];
    if (!/\p{L}/u.test(s)) continue;
    sentences++;
    if (QUESTION_END.test(s) && (greek || !s.trimEnd().endsWith(';'))) questions++;
  }
  return { offer: Math.round(offer * 1000) / 1000, question: sentences ? Math.round((questions / sentences) * 1000) / 1000 : 0 };
}
