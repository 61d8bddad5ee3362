/**
 * Ordinary posts and prevalence: flags per 10,000 ordinary posts (overall, per language, source
 * and stratum) and the precision to expect when adverts are rare.
 * @module
 */
import { EVERYDAY_KINDS } from '../../taxonomy.js';
import { confusionAt, precisionAtPrevalence, ratios, wilsonInterval } from '../metrics.js';
import type { OrdinaryFlags, PrevalenceFigures } from '../schema.js';
import { groupIndices, type SummaryContext } from './context.js';

/**
 * An ordinary post: a negative whose kind is everyday (chatter, classified, promotion), that has no
 * kind, or that comes from an open-world file. Hard negatives (news, warnings...) are not ordinary.
 */
const isOrdinary = (r: { advert: boolean; kind: string | null; openWorld?: boolean }): boolean =>
  !r.advert && (r.openWorld === true || r.kind === null || (EVERYDAY_KINDS as readonly string[]).includes(r.kind));

/** The stratum of an ordinary post: its stratum column, else `promo` for kind promotion, else `everyday`. */
const stratumOf = (r: { kind: string | null; stratum?: string | null }): string => r.stratum ?? (r.kind === 'promotion' ? 'promo' : 'everyday');

/** The indices of the ordinary posts. */
export function ordinaryIndices(c: SummaryContext): number[] {
  return c.ev.records.flatMap((r, i) => (isOrdinary(r) ? [i] : []));
}

/** Flags of each system on the posts `idx`: count, per 10,000 and its 95 % Wilson interval. */
function flagsGroup(c: SummaryContext, key: string, idx: readonly number[]): OrdinaryFlags['overall'] {
  const bySystem: OrdinaryFlags['overall']['systems'] = {};
  for (const s of c.ran) {
    const flagged = idx.filter((i) => s.scores[i]! >= c.threshold).length;
    const ci = wilsonInterval(flagged, idx.length);
    bySystem[s.id] = { flagged, per10k: idx.length ? (10000 * flagged) / idx.length : null, ci95Per10k: ci ? [10000 * ci[0], 10000 * ci[1]] : null };
  }
  return { key, n: idx.length, systems: bySystem };
}

/** Flags on ordinary posts, per 10,000, overall and by language, source and stratum; null when there are none. */
export function ordinaryFigures(c: SummaryContext, ordIdx: readonly number[], langKeys: readonly string[]): OrdinaryFlags | null {
  const { ev, meta } = c;
  const groupsOf = (keyOf: (i: number) => string): OrdinaryFlags['perLanguage'] =>
    [...groupIndices(ordIdx.map(keyOf)).entries()]
      .map(([key, local]) => flagsGroup(c, key, local.map((j) => ordIdx[j]!)))
      .sort((a, b) => b.n - a.n || a.key.localeCompare(b.key));
  const hasSource = meta.columns.source ?? ev.records.some((r) => r.source != null);
  return ordIdx.length
    ? {
        n: ordIdx.length,
        threshold: c.threshold,
        overall: flagsGroup(c, 'all', ordIdx),
        perLanguage: groupsOf((i) => langKeys[i]!),
        perSource: hasSource ? groupsOf((i) => ev.records[i]!.source ?? '(none)') : null,
        perStratum: groupsOf((i) => stratumOf(ev.records[i]!)),
      }
    : null;
}

/** Why the expected precision is undefined, when it is. */
function prevalenceNote(adverts: number, negatives: number, ordinary: number): string | null {
  const prevNotes: string[] = [];
  if (!adverts) prevNotes.push('The data has no adverts: recall, and so the expected precision, is undefined (null). Take recall from labelled data (e.g. the test split) and the FPR from here.');
  if (!negatives) prevNotes.push('The data has no negatives: the false-positive rate, and so the expected precision, is undefined (null).');
  else if (!ordinary) prevNotes.push('The data has no ordinary posts (everyday kinds or open-world text): precision with the ordinary-post FPR is undefined (null).');
  return prevNotes.length ? prevNotes.join(' ') : null;
}

/** Recall and the two false-positive rates per system, and the expected precision at each prevalence. */
export function prevalenceFigures(c: SummaryContext, ordIdx: readonly number[], prevalences: number[]): PrevalenceFigures {
  const { ev, truths, ran, threshold } = c;
  const negIdx = ev.records.flatMap((r, i) => (r.advert ? [] : [i]));
  const positivesN = truths.length - negIdx.length;
  const prevSystems: PrevalenceFigures['systems'] = {};
  for (const s of ran) {
    const rec = ratios(confusionAt(s.scores, truths, threshold)).recall;
    const fprOf = (idx: readonly number[]): number | null => (idx.length ? idx.filter((i) => s.scores[i]! >= threshold).length / idx.length : null);
    prevSystems[s.id] = { recall: rec, fprOrdinary: fprOf(ordIdx), fprNegatives: fprOf(negIdx) };
  }
  return {
    prevalences,
    adverts: positivesN,
    ordinary: ordIdx.length,
    negatives: negIdx.length,
    systems: prevSystems,
    rows: prevalences.map((p) => {
      const bySystem: PrevalenceFigures['rows'][number]['systems'] = {};
      for (const s of ran) {
        const x = prevSystems[s.id]!;
        bySystem[s.id] = { ordinary: precisionAtPrevalence(x.recall, x.fprOrdinary, p), negatives: precisionAtPrevalence(x.recall, x.fprNegatives, p) };
      }
      return { prevalence: p, systems: bySystem };
    }),
    note: prevalenceNote(positivesN, negIdx.length, ordIdx.length),
  };
}
