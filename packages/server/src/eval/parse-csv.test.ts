import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvObjects } from './parse-csv.js';

describe('parseCsv', () => {
  it('splits plain fields and records', () => {
    expect(parseCsv('a,b,c\n1,2,3\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(parseCsv('q,x\n"Who wrote ""1984,"" the novel?","line one\nline two"\n')).toEqual([
      ['q', 'x'],
      ['Who wrote "1984," the novel?', 'line one\nline two'],
    ]);
  });

  it('accepts CRLF line ends, a missing final line break and a byte-order mark', () => {
    expect(parseCsv('\ufeffa,b\r\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('keeps empty fields, including a trailing one and an empty quoted one', () => {
    expect(parseCsv('a,,c,\n"",x,,\n')).toEqual([
      ['a', '', 'c', ''],
      ['', 'x', '', ''],
    ]);
  });

  it('keeps CRLF inside quotes as it is', () => {
    expect(parseCsv('"a\r\nb",c\r\n')).toEqual([['a\r\nb', 'c']]);
  });

  it('rejects an unterminated quote and text after a closing quote', () => {
    expect(() => parseCsv('"abc\n')).toThrow(/unterminated/);
    expect(() => parseCsv('"abc"x,1\n')).toThrow(/after a closing quote/);
    expect(() => parseCsv('ab"c,1\n')).toThrow(/quote inside an unquoted field/);
  });
});

describe('parseCsvObjects', () => {
  it('keys records by the header and fills missing fields with empty strings', () => {
    expect(parseCsvObjects('a,b\n1\n2,3\n\n')).toEqual([
      { a: '1', b: '' },
      { a: '2', b: '3' },
    ]);
  });
});
