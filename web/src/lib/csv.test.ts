import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from './csv';

describe('CSV', () => {
  it('writes a header and one CRLF-ended line per row', () => {
    expect(
      toCsv(
        ['at', 'method', 'path', 'status'],
        [
          ['2026-12-03T02:00:00.000Z', 'GET', '/api/businesses', '200'],
          ['2026-12-03T02:00:01.000Z', 'POST', '/api/leads', ''],
        ],
      ),
    ).toBe('at,method,path,status\r\n2026-12-03T02:00:00.000Z,GET,/api/businesses,200\r\n2026-12-03T02:00:01.000Z,POST,/api/leads,\r\n');
  });

  it('quotes fields with commas, quotes and line breaks, doubling the quotes', () => {
    expect(csvField('Acme, Inc.')).toBe('"Acme, Inc."');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('plain')).toBe('plain');
  });

  it('never lets a cell start a spreadsheet formula', () => {
    expect(csvField('=HYPERLINK("http://evil.test")')).toBe(`"'=HYPERLINK(""http://evil.test"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tcmd')).toBe("'\tcmd");
    expect(csvField('/api/leads/=x')).toBe('/api/leads/=x');
  });
});
