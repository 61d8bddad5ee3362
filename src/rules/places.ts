/**
 * Places named in posts: the packs' `places` (English name → aliases in any language and script),
 * the common pack widened with the generated gazetteer of country names, matched on token
 * boundaries like terms.
 * @module
 */
import { MAX_PLACES } from '../limits.js';
import type { RulePack } from './schema.js';
import type { Word } from './compile.js';
import { matchWords, type Token } from './match.js';
import { RULES_LEXICON } from './lexicon.js';
import gazetteer from './generated/gazetteer.json';

/** One alias of a place, compiled. */
interface PlaceTerm {
  place: string;
  words: Word[];
}

/** Place aliases indexed by their first folded word. */
export type PlaceIndex = ReadonlyMap<string, readonly PlaceTerm[]>;

/** A place found in a post: its name, folded offsets and first token. */
export interface FoundPlace {
  place: string;
  start: number;
  end: number;
  token: number;
}

/**
 * Compiles the places of `packs`: `names` maps each alias's folded words (space-joined) to its
 * place, `index` holds the aliases by first word. `parse` folds an alias like a term.
 */
export function compilePlaces(packs: readonly RulePack[], parse: (alias: string) => Word[]): { names: Map<string, string>; index: PlaceIndex } {
  const names = new Map<string, string>();
  const index = new Map<string, PlaceTerm[]>();
  for (const pack of packs) {
    for (const [place, aliases] of Object.entries(pack.places ?? {})) {
      for (const alias of [place, ...aliases]) {
        const words = parse(alias);
        if (!words.length) continue;
        const list = index.get(words[0]!.text) ?? [];
        list.push({ place, words });
        index.set(words[0]!.text, list);
        names.set(words.map((w) => w.text).join(' '), place);
      }
    }
  }
  return { names, index };
}

/** Places named in folded tokens, in order of first mention (at most {@link MAX_PLACES}). */
export function findPlaces(index: PlaceIndex, tokens: Token[]): FoundPlace[] {
  const found: FoundPlace[] = [];
  for (let t = 0; t < tokens.length; t++) {
    for (const entry of index.get(tokens[t]!.text) ?? []) {
      const end = matchWords(entry.words, tokens, t);
      if (end >= 0) found.push({ place: entry.place, start: tokens[t]!.start, end: tokens[end]!.end, token: t });
    }
    if (found.length >= MAX_PLACES) break;
  }
  return found;
}

/**
 * The common pack's places, widened with the country names of the generated gazetteer
 * (scripts/gen-places.ts, from i18n-iso-countries): hand-written aliases, ports and border towns
 * stay; a country the common pack lacks comes in under its English name.
 */
export function withGazetteer(packs: RulePack[]): RulePack[] {
  const extra = (gazetteer as { places: Record<string, string[]> }).places;
  return packs.map((p) => {
    if (p.lang !== 'common') return p;
    const places: Record<string, string[]> = { ...(p.places ?? {}) };
    for (const [name, aliases] of Object.entries(extra)) places[name] = [...new Set([...(places[name] ?? []), ...aliases])];
    return { ...p, places };
  });
}

/** Words before a place that make it a route's start, folded, in the taxonomy's languages (lexicon.json). */
const ORIGIN_WORDS: ReadonlySet<string> = new Set(RULES_LEXICON.originWords);

/**
 * The places a post names (in order of first mention) and its route: from the first place after
 * an origin word ("from Dunkirk", "depuis Calais", "min Zuwara", "az Van"), else the first place,
 * to the last other place named.
 */
export function placesAndRoutes(found: readonly FoundPlace[], tokens: readonly Token[]): { places: string[]; routes: string[] } {
  const places: string[] = [];
  const origins: string[] = [];
  for (const p of found) {
    if (!places.includes(p.place)) places.push(p.place);
    if (p.token > 0 && ORIGIN_WORDS.has(tokens[p.token - 1]!.text) && !origins.includes(p.place)) origins.push(p.place);
  }
  const origin = origins[0] ?? places[0];
  const destination = [...places].reverse().find((p) => p !== origin && !origins.includes(p));
  return { places, routes: origin && destination ? [`${origin}→${destination}`] : [] };
}
