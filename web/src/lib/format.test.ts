import { describe, expect, it } from 'vitest';
import { initials, initialsOfName } from './format';

describe('initials', () => {
  it('takes whole characters as people see them: emoji joined into one person, accented letters', () => {
    expect(initials('👩‍💻', 'Nguyễn', 'dev@example.com')).toBe('👩‍💻N');
    expect(initials('Élodie', 'Ørsted', 'e@example.com')).toBe('ÉØ');
    expect(initials('👩‍👩‍👧‍👦', '', 'family@example.com')).toBe('👩‍👩‍👧‍👦');
    expect(initials(' ', '', 'zoe@example.com')).toBe('Z');
  });

  it('never leaves half an emoji (a lone surrogate shows as "�")', () => {
    const shown = initials('Maximiliana', '🦊 Fox', 'm@example.com');
    expect(shown).toBe('M🦊');
    expect(shown).not.toMatch(/[\uD800-\uDFFF]/u);
  });

  it('reads a name as written from its first two words', () => {
    expect(initialsOfName('Ada Lovelace')).toBe('AL');
    expect(initialsOfName('🦊 Fox (Support)')).toBe('🦊F');
  });
});
