/**
 * Language identification scored against a gold language column.
 * @module
 */
import { SmuggleScanError } from '../../errors.js';
import { ratio } from './input.js';

/** Language identification, scored against a gold language column. */
export interface LanguageIdReport {
  n: number;
  correct: number;
  accuracy: number | null;
  /** Per gold language, most frequent first: support, accuracy, and what it was taken for. */
  perLanguage: { lang: string; n: number; correct: number; accuracy: number; confusedWith: { lang: string; count: number }[] }[];
}

/**
 * Language-identification accuracy: `predicted[i]` against `gold[i]`, and for each gold language
 * the codes it was mistaken for (most frequent first, at most `maxConfusions`).
 * @example languageIdReport(['eng', 'fra', 'und'], ['eng', 'fra', 'fra']).accuracy // 2/3
 */
export function languageIdReport(predicted: readonly string[], gold: readonly string[], maxConfusions = 3): LanguageIdReport {
  if (predicted.length !== gold.length) {
    throw new SmuggleScanError('INVALID_INPUT', `languageIdReport: ${predicted.length} predictions but ${gold.length} gold codes.`);
  }
  const by = new Map<string, { n: number; correct: number; wrong: Map<string, number> }>();
  let correct = 0;
  for (let i = 0; i < gold.length; i++) {
    const g = gold[i]!;
    const p = predicted[i]!;
    const e = by.get(g) ?? { n: 0, correct: 0, wrong: new Map<string, number>() };
    by.set(g, e);
    e.n++;
    if (p === g) {
      e.correct++;
      correct++;
    } else e.wrong.set(p, (e.wrong.get(p) ?? 0) + 1);
  }
  const perLanguage = [...by.entries()]
    .map(([lang, e]) => ({
      lang,
      n: e.n,
      correct: e.correct,
      accuracy: e.correct / e.n,
      confusedWith: [...e.wrong.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, maxConfusions)
        .map(([l, count]) => ({ lang: l, count })),
    }))
    .sort((a, b) => b.n - a.n || a.lang.localeCompare(b.lang));
  return { n: gold.length, correct, accuracy: ratio(correct, gold.length), perLanguage };
}
