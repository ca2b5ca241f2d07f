import { describe, expect, it } from 'vitest';
import { pgDumpToSql } from './pg-dump-to-sql.js';

describe('pgDumpToSql', () => {
  it('turns a COPY block into a multi-row INSERT with NULLs and escapes decoded', () => {
    const dump = [
      'CREATE TABLE public.t (a text, b bigint);',
      'COPY public.t (a, b) FROM stdin;',
      "it's\t1",
      'tab\\there\t\\N',
      'back\\\\slash\t3',
      '\\.',
      '',
    ].join('\n');
    expect(pgDumpToSql(dump)).toBe(
      [
        'CREATE TABLE public.t (a text, b bigint);',
        'INSERT INTO public.t (a, b) VALUES',
        "('it''s', '1'),",
        "('tab\there', NULL),",
        "('back\\slash', '3');",
        '',
      ].join('\n'),
    );
  });

  it('drops psql meta-commands and statements that name roles', () => {
    const dump = [
      '\\connect shop',
      'ALTER TABLE public.t OWNER TO someone;',
      'GRANT SELECT ON public.t TO reader;',
      "INSERT INTO public.t (a) VALUES ('x');",
    ].join('\n');
    expect(pgDumpToSql(dump)).toBe("INSERT INTO public.t (a) VALUES ('x');");
  });

  it('leaves an INSERT-only dump as it is', () => {
    const dump =
      "CREATE TABLE public.t (a text);\n\nINSERT INTO public.t (a) VALUES\n('COPY x FROM stdin;')\n;\n";
    expect(pgDumpToSql(dump)).toBe(dump);
  });
});
