/**
 * What a name may be — people's first and last names, team names, businesses' and leads' names.
 * One rule for the API's validation and the web app's forms.
 *
 * Names are written in every script and with emoji, which need format characters: the zero-width
 * non-joiner of Persian (`می‌خواهم`), the zero-width joiner of 👩‍💻 and 👩‍👩‍👧‍👦, variation selectors, the
 * tag characters of subdivision flags. Those are accepted. Refused are the characters that can hide
 * or disguise what a name says: C0 and C1 control characters, line and paragraph separators, and
 * the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) that make
 * text display in another order than it is stored.
 */

/**
 * The characters a name may hold: anything but C0 and C1 controls, U+2028/U+2029, and the bidi
 * embeddings, overrides and isolates. Written as explicit ranges, so it reads the same without the
 * regex `u` flag (OpenAPI generators).
 */
// eslint-disable-next-line no-control-regex -- refusing control characters is this pattern's purpose
export const NAME_CHARACTERS = /^[^\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]+$/;
/** A name must show something: a letter, digit, symbol or punctuation, not only marks and invisible joiners. */
const VISIBLE_CHARACTER = /[\p{L}\p{N}\p{S}\p{P}]/u;

/** Which of a person's names a rule is about. */
export type PersonNamePart = 'firstName' | 'lastName';

/** The sentences of the name rules, shared by the API's answers and the web app's forms. */
export const NAME_RULE_SENTENCES = {
  empty: 'must not be empty',
  characters: 'must not contain control characters, line breaks or text-direction overrides',
  invisible: 'must contain at least one visible character',
  tooLong: (max: number) => `must be at most ${max} characters`,
  imitatesSupport: (part: PersonNamePart) =>
    part === 'firstName'
      ? 'must not start with "Support" or "Vantage support": those words mark Vantage staff'
      : 'must not start with "Support team" or "Vantage support": those words mark Vantage staff',
} as const;

/**
 * Length in characters as PostgreSQL's varchar counts them (code points): 🚚 is one, 👩‍💻 is three
 * (woman, joiner, laptop). Counting what a person sees (graphemes) would let a name of 100 emoji
 * families overflow a varchar(100) column.
 */
export function nameLength(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

export function hasVisibleCharacter(value: string): boolean {
  return VISIBLE_CHARACTER.test(value);
}

/** Why `value` cannot be a name (team, business, lead), as a sentence; null when it can. */
export function nameProblem(value: string, maxLength: number): string | null {
  const name = value.trim();
  if (!name) return NAME_RULE_SENTENCES.empty;
  if (!NAME_CHARACTERS.test(name)) return NAME_RULE_SENTENCES.characters;
  if (!hasVisibleCharacter(name)) return NAME_RULE_SENTENCES.invisible;
  if (nameLength(name) > maxLength) return NAME_RULE_SENTENCES.tooLong(maxLength);
  return null;
}

/**
 * The words the product uses to attribute work to support ("Support team (Ada Admin)"), which no
 * person's name may start with, so nobody can pass for support staff. Compared on the name's
 * letters only, after NFKC normalisation, case folding and mapping look-alike letters of other
 * scripts to Latin: "SUPPORT-TEAM", "Ｓｕｐｐｏｒｔ", "Ѕupport" (Cyrillic Ѕ) and "Sup\u200Bport" are all caught.
 */
const RESERVED_NAME_STARTS = ['supportteam', 'vantagesupport', 'vantageteam'];
/**
 * A full name starts with the first name, so a first name of "Support" and a last name of
 * "team (Ada Admin)" would read as the attribution: first names may not start with "Support" at all.
 * A last name may ("Grace Support" reads as no one from support).
 */
const RESERVED_FIRST_NAME_STARTS = [...RESERVED_NAME_STARTS, 'support'];

/** Letters of Cyrillic and Greek that look like Latin ones in the product's fonts. */
const LOOKALIKE_LETTERS: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  і: 'i',
  ї: 'i',
  ј: 'j',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  ѕ: 's',
  т: 't',
  у: 'y',
  х: 'x',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  ӏ: 'l',
  ɡ: 'g',
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ϲ: 'c',
};

function comparableLetters(value: string): string {
  const folded = value.normalize('NFKC').toLowerCase();
  let letters = '';
  for (const char of folded.normalize('NFD')) {
    if (!/\p{L}/u.test(char)) continue;
    letters += LOOKALIKE_LETTERS[char] ?? char;
  }
  return letters;
}

/** True when a person's first (or last) name starts like the product's support attribution. */
export function imitatesSupport(value: string, part: PersonNamePart = 'firstName'): boolean {
  const letters = comparableLetters(value);
  return (part === 'firstName' ? RESERVED_FIRST_NAME_STARTS : RESERVED_NAME_STARTS).some((reserved) => letters.startsWith(reserved));
}

/** Why `value` cannot be a person's first or last name, as a sentence; null when it can. */
export function personNameProblem(value: string, maxLength: number, part: PersonNamePart): string | null {
  const problem = nameProblem(value, maxLength);
  if (problem) return problem;
  if (imitatesSupport(value, part)) return NAME_RULE_SENTENCES.imitatesSupport(part);
  return null;
}
