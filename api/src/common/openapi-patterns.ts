/**
 * Patterns for the OpenAPI document that any generator or validator reads. The validators use
 * Unicode property classes (`\p{Cc}`), which need the regex `u` flag that many tools lack; the
 * document states the same rule as explicit `\uXXXX` ranges, found by asking the validator's own
 * regex about every character of the Basic Multilingual Plane — so it follows the rule whenever the
 * rule changes.
 *
 * Such a regex must be a set of allowed characters, repeated (`^[^\p{Cc}]+$`, `^(?:[\t\n\r]|[^\p{Cc}])*$`).
 * Characters outside the BMP are written as two UTF-16 units without the `u` flag; the documented
 * pattern lets every one of them through, as the validators do but for the few format characters
 * there (tags, musical and hieroglyph format controls), which the validator still refuses.
 */

const BMP_END = 0xffff;
const hex = (code: number) => `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;

const documented = new Map<string, string>();

export function documentedPattern(regex: RegExp): string {
  if (!regex.unicode) return regex.source;
  const key = `${regex.source}/${regex.flags}`;
  let pattern = documented.get(key);
  if (!pattern) {
    pattern = explicitPattern(regex);
    documented.set(key, pattern);
  }
  return pattern;
}

function explicitPattern(regex: RegExp): string {
  const probe = new RegExp(regex.source, regex.flags.replace(/[gy]/g, ''));
  const refused: [number, number][] = [];
  for (let code = 0; code <= BMP_END; code++) {
    if (probe.test(String.fromCharCode(code))) continue;
    const last = refused[refused.length - 1];
    if (last && last[1] === code - 1) last[1] = code;
    else refused.push([code, code]);
  }
  const ranges = refused.map(([from, to]) => (from === to ? hex(from) : `${hex(from)}-${hex(to)}`)).join('');
  const repeat = probe.test('') ? '*' : '+';
  return ranges ? `^[^${ranges}]${repeat}$` : `^[\\s\\S]${repeat}$`;
}
