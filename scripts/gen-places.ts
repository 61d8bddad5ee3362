/**
 * The content of src/rules/generated/gazetteer.json: country names in the taxonomy's languages
 * from the maintained CLDR-based package i18n-iso-countries (a devDependency; its `ku` is Kurmanji
 * in Latin script; it has no Tigrinya and no Sorani), folded like the posts are. The rule engine
 * adds them to the common pack's places (src/rules/places.ts), under the common pack's own name for
 * a country where it has one (ports, border towns and local spellings stay hand-written in
 * common.json, since CLDR has no cities). Names that are ordinary words ("Jordan", "Chad",
 * "Georgia", "Turkey") are left out. Written by scripts/build-rules.ts (`npm run rules:places`
 * writes only this file); the output is committed.
 */
import { createRequire } from 'node:module';
import { foldTerm } from '../src/normalize/index.js';

const require = createRequire(import.meta.url);
const LOCALES = ['en', 'fr', 'it', 'es', 'de', 'tr', 'sq', 'vi', 'so', 'ku', 'ar', 'fa', 'ps', 'ur', 'am', 'el', 'ru'];
const AMBIGUOUS = new Set(['jordan', 'chad', 'georgia', 'niger', 'guinea', 'turkey', 'mali', 'oman', 'togo', 'cuba', 'peru', 'china', 'iran', 'wales', 'jersey', 'man', 'nauru', 'palau', 'samoa', 'tonga', 'fiji']);

/** gazetteer.json, given the common pack (as parsed from common.json). */
export function gazetteer(common: { places?: Record<string, string[]> }, generatedBy: string): string {
  const countries = require('i18n-iso-countries') as typeof import('i18n-iso-countries');
  for (const l of LOCALES) countries.registerLocale(require(`i18n-iso-countries/langs/${l}.json`));
  const version = (require('i18n-iso-countries/package.json') as { version: string }).version;
  const places: Record<string, string[]> = {};
  for (const code of Object.keys(countries.getAlpha2Codes())) {
    const english = [countries.getNames('en', { select: 'all' })[code] ?? []].flat();
    // The common pack's name for this country, if it has one (its aliases include an English name).
    const known = Object.entries(common.places ?? {}).find(([name, aliases]) => english.some((e) => name === e || aliases.includes(foldTerm(e))));
    const canonical = known?.[0] ?? english[0];
    if (!canonical) continue;
    const aliases = new Set<string>();
    for (const l of LOCALES) {
      for (const name of [countries.getNames(l, { select: 'all' })[code] ?? []].flat()) {
        const f = foldTerm(name).trim();
        if (f.length < 4 || AMBIGUOUS.has(f)) continue;
        aliases.add(f);
      }
    }
    if (aliases.size) places[canonical] = [...aliases].sort();
  }
  return JSON.stringify({ generatedBy, source: `i18n-iso-countries@${version} (CLDR), locales ${LOCALES.join(' ')}`, places }) + '\n';
}
