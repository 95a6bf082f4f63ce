import { NAME_MAX_LENGTH } from '@vantage/contracts';
import { describe, expect, it } from 'vitest';
import { nameError, personNameError, tooLongError } from './validation';

describe('length limits', () => {
  it('count an emoji as one character, as the API does, so a name the API accepts is not refused', () => {
    const fullOfTrucks = '🚚'.repeat(NAME_MAX_LENGTH);
    expect(fullOfTrucks.length).toBe(2 * NAME_MAX_LENGTH);
    expect(nameError(fullOfTrucks, 'a team name')).toBeUndefined();
    expect(nameError(`${fullOfTrucks}📦`, 'a team name')).toBe(`Keep it to ${NAME_MAX_LENGTH} characters or fewer.`);
  });

  it('count without the spaces around the text', () => {
    expect(tooLongError(`  ${'a'.repeat(10)}  `, 10)).toBeUndefined();
    expect(tooLongError('a'.repeat(11), 10)).toBe('Keep it to 10 characters or fewer.');
  });
});

describe('names, by the API’s own rule (contracts)', () => {
  it('accept real names that need format characters: a Persian zero-width non-joiner, emoji joined by zero-width joiners', () => {
    for (const name of ['می‌خواهم', '👩‍💻', '👩‍👩‍👧‍👦', 'María-José 🌮']) {
      expect(nameError(name, 'a team name')).toBeUndefined();
      expect(personNameError(name, 'your first name', 'firstName')).toBeUndefined();
    }
  });

  it('refuse control characters and text-direction overrides with a sentence', () => {
    for (const name of ['Ada\u0007', 'evil\u202Egnp.exe', 'Ada\u2066x\u2069']) {
      expect(nameError(name, 'a team name')).toBe('A name must not contain control characters, line breaks or text-direction overrides.');
    }
  });

  it('count the length as the database does: 50 ❤️ (two code points each) fit in 100, 51 do not', () => {
    expect(nameError('❤️'.repeat(50), 'a team name')).toBeUndefined();
    expect(nameError('❤️'.repeat(51), 'a team name')).toBe(`Keep it to ${NAME_MAX_LENGTH} characters or fewer.`);
  });

  it('refuse people’s names that start like the support attribution, in any case or look-alike letters; team names may', () => {
    for (const name of ['Support team (Ada', 'SUPPORT', 'Ѕupport', 'Vantage Support']) {
      expect(personNameError(name, 'your first name', 'firstName')).toMatch(/^A name must not start with "Support"/);
    }
    expect(personNameError('SUPPORT-TEAM', 'your last name', 'lastName')).toMatch(/^A name must not start with "Support team"/);
    // A last name may be Support: "Grace Support" reads as no one from support.
    expect(personNameError('Support', 'your last name', 'lastName')).toBeUndefined();
    expect(personNameError('Supriya', 'your first name', 'firstName')).toBeUndefined();
    expect(nameError('Support team', 'a team name')).toBeUndefined();
  });
});
