/**
 * The report's fixed prose: what an ordinary post is, how the expected precision is computed, and
 * the definitions of every figure (the same words in report.md and report.html).
 * @module
 */

/** Which posts count as ordinary. */
export const ORDINARY_DEFINITION =
  'negatives whose kind is everyday (chatter, classified, promotion) or missing, and every row of an open-world file. Strata come from the stratum column, else from the kind (promotion: promo; others: everyday).';
/** How the expected precision at a prevalence is computed. */
export const PREVALENCE_TEXT =
  'If adverts are a share p of the posts, the share of flags that are adverts is recall·p / (recall·p + FPR·(1 − p)). Recall is measured on the adverts in this data; the FPR on ordinary posts, and (second column) on every negative, hard negatives included.';

/** The glossary at the end of the report: term, definition. */
export const DEFINITIONS: [string, string][] = [
  ['precision / recall / F1', 'at the advert threshold: a post is flagged when its score is at or above it.'],
  ['PR-AUC', 'average precision: Σ (Rₙ − Rₙ₋₁)·Pₙ over the precision-recall curve (no interpolation).'],
  ['ROC-AUC', 'the chance that a random advert scores above a random non-advert (ties count ½).'],
  ['P@R≥0.9', 'the best precision among thresholds that catch at least 90% of adverts (@ that threshold).'],
  ['R@P≥0.95', 'the best recall among thresholds whose flags are at least 95% adverts; — when none is.'],
  ['best F1 @thr', 'the highest F1 over all thresholds, and the threshold that gives it.'],
  ['hard-neg FPR', 'false-positive rate on hard negatives: kinds other than advert and everyday (chatter, classified, promotion) (news, warnings, legal travel...).'],
  ['ordinary posts', 'negatives whose kind is everyday (chatter, classified, promotion), that have no kind, or that come from an open-world file (--open-world); hard negatives are not ordinary.'],
  ['flags per 10k', 'ordinary posts scoring at or above the advert threshold, per 10,000; the 95% interval is Wilson\'s.'],
  ['expected precision', 'at prevalence p (the share of posts that are adverts): recall·p / (recall·p + FPR·(1 − p)), recall on the data\'s adverts, FPR on ordinary posts or on every negative.'],
  ['ECE', 'expected calibration error over 10 equal-width score bins: Σ (bin posts / posts)·|fraction of adverts − mean score|.'],
  ['—', 'undefined (a zero denominator, e.g. recall where there are no adverts).'],
];
