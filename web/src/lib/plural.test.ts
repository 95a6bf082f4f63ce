import { describe, expect, it } from 'vitest';
import { countOf } from './plural';

const BUSINESS = { one: 'business', other: 'businesses' };

describe('counted nouns', () => {
  it('says "1 business" and "0" or "2 businesses"', () => {
    expect(countOf(1, BUSINESS)).toBe('1 business');
    expect(countOf(0, BUSINESS)).toBe('0 businesses');
    expect(countOf(2, BUSINESS)).toBe('2 businesses');
  });
});
