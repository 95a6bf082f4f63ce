import { NAME_MAX_LENGTH } from '@vantage/contracts';
import { describe, expect, it } from 'vitest';
import { nameError, tooLongError } from './validation';

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
