import { describe, expect, it } from 'vitest';
import { describeSupportActionStatus, supportActionsCsv, supportActionWord } from './support-actions';

describe('support actions in words and as CSV', () => {
  it('calls reads "Viewed" and every other method "Changed"', () => {
    expect(supportActionWord('GET')).toBe('Viewed');
    expect(supportActionWord('HEAD')).toBe('Viewed');
    expect(['POST', 'PATCH', 'PUT', 'DELETE'].map(supportActionWord)).toEqual(['Changed', 'Changed', 'Changed', 'Changed']);
  });

  it('says refusals and failures with their status, and a request never answered', () => {
    expect(describeSupportActionStatus(200)).toBe('200');
    expect(describeSupportActionStatus(403)).toBe('Refused (403)');
    expect(describeSupportActionStatus(401)).toBe('Refused (401)');
    expect(describeSupportActionStatus(404)).toBe('Failed (404)');
    expect(describeSupportActionStatus(null)).toBe('No answer');
  });

  it('writes at,method,path,status with quoted, formula-safe cells and an empty status when unanswered', () => {
    expect(
      supportActionsCsv([
        { at: '2026-03-12T09:31:00.000Z', method: 'GET', path: '/api/businesses?search=a,b', status: 200 },
        { at: '2026-03-12T09:32:00.000Z', method: 'POST', path: '=cmd|calc', status: null },
      ]),
    ).toBe(
      'at,method,path,status\r\n2026-03-12T09:31:00.000Z,GET,"/api/businesses?search=a,b",200\r\n2026-03-12T09:32:00.000Z,POST,\'=cmd|calc,\r\n',
    );
  });
});
