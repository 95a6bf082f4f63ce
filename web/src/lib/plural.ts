/** A noun in the forms English counts with: "business" / "businesses", "entry" / "entries". */
export interface CountedNoun {
  one: string;
  other: string;
}

const englishPlurals = new Intl.PluralRules('en');

/** The noun's form for this many: 1 → "business", 0 or 2 → "businesses". */
export function nounFor(count: number, noun: CountedNoun): string {
  return englishPlurals.select(count) === 'one' ? noun.one : noun.other;
}

/** "1 business", "57 businesses". */
export function countOf(count: number, noun: CountedNoun): string {
  return `${count} ${nounFor(count, noun)}`;
}
