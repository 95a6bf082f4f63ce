import { describe, expect, it } from 'vitest';
import { hasNextPage, pagesToOffer, totalText } from './capped-total';

const full = { length: 20 };
const answer = (page: number, total: number, totalIsCapped: boolean, items: ArrayLike<unknown> = full) => ({
  items,
  total,
  totalIsCapped,
  page,
  pageSize: 20,
});

describe('capped totals', () => {
  it('says "1,000+" only when the count stopped at the cap', () => {
    expect(totalText({ total: 1000, totalIsCapped: true })).toBe('1,000+');
    expect(totalText({ total: 1000, totalIsCapped: false })).toBe('1000');
    expect(totalText({ total: 57 })).toBe('57');
  });

  it('offers the counted pages when the total is exact, and no next page after the last', () => {
    expect(pagesToOffer(answer(1, 57, false))).toBe(3);
    expect(hasNextPage(answer(2, 57, false))).toBe(true);
    expect(hasNextPage(answer(3, 57, false, { length: 17 }))).toBe(false);
    expect(hasNextPage(answer(50, 1000, false))).toBe(false);
    expect(pagesToOffer(answer(1, 0, false, { length: 0 }))).toBe(1);
  });

  it('past the cap, offers the page after a full one and stops at a short one', () => {
    expect(pagesToOffer(answer(1, 1000, true))).toBe(50);
    expect(hasNextPage(answer(50, 1000, true))).toBe(true);
    expect(pagesToOffer(answer(50, 1000, true))).toBe(51);
    expect(pagesToOffer(answer(51, 1000, true))).toBe(52);
    expect(hasNextPage(answer(52, 1000, true, { length: 7 }))).toBe(false);
    expect(pagesToOffer(answer(52, 1000, true, { length: 7 }))).toBe(52);
  });

  it('past the cap, a list read by cursor has a next page exactly when it answered a nextCursor', () => {
    expect(hasNextPage({ ...answer(60, 1000, true), nextCursor: 'c61' })).toBe(true);
    // A full last page: without cursors Next would stay and lead to an empty page.
    expect(hasNextPage({ ...answer(60, 1000, true), nextCursor: null })).toBe(false);
    expect(pagesToOffer({ ...answer(60, 1000, true), nextCursor: null })).toBe(60);
    // Within the counted total the total decides, as before.
    expect(hasNextPage({ ...answer(2, 57, false), nextCursor: null })).toBe(true);
  });
});
