import { describe, expect, it } from 'vitest';
import { parseCsv } from '../src/csv.js';

describe('parseCsv', () => {
  it('splits on the separator and lines, dropping blank lines and a BOM', () => {
    expect(parseCsv('\ufeffa;b\r\n\r\n1;2\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('keeps separators, quotes and line breaks inside quoted cells', () => {
    expect(parseCsv('"x;y";"say ""hi""";"two\r\nlines"')).toEqual([
      ['x;y', 'say "hi"', 'two\r\nlines'],
    ]);
  });

  it('keeps empty cells, also the last one', () => {
    expect(parseCsv('a;;c;')).toEqual([['a', '', 'c', '']]);
  });
});
