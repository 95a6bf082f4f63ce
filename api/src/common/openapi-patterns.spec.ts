import { documentedPattern } from './openapi-patterns';
import { FREE_TEXT_PATTERN, NAME_PATTERN } from './fields';

const BMP_END = 0xffff;

/** The validators' Unicode-class patterns, as the OpenAPI document states them. */
describe.each([
  ['names', NAME_PATTERN],
  ['free text', FREE_TEXT_PATTERN],
  ['search terms and reasons', /^[^\p{Cc}]*$/u],
])('the documented pattern of %s', (_name, validator) => {
  const source = documentedPattern(validator);

  it('needs no Unicode property classes', () => {
    expect(source).not.toMatch(/\\[pP]\{/);
  });

  it.each([
    ['without the u flag', ''],
    ['with the u flag', 'u'],
  ])('accepts and refuses every BMP character as the validator does, %s', (_how, flags) => {
    const documented = new RegExp(source, flags);
    const disagree: string[] = [];
    for (let code = 0; code <= BMP_END; code++) {
      const char = String.fromCharCode(code);
      if (documented.test(char) !== validator.test(char)) disagree.push(code.toString(16));
    }
    expect(disagree).toEqual([]);
  });

  it('agrees on whole strings: empty, mixed, accents and emoji, a control character inside', () => {
    const documented = new RegExp(source);
    for (const text of [
      '',
      'Ada Lovelace',
      'María-José 🌮 Fernández',
      'line\nbreak\ttab',
      'nul\u0000inside',
      'bell\u0007',
      'zero\u200Bwidth',
      'a\u202Eb',
    ]) {
      expect({ text, documented: documented.test(text) }).toEqual({ text, documented: validator.test(text) });
    }
  });
});
