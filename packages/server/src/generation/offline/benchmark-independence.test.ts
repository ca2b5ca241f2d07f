// The engine's rules are about language and schemas, never about the benchmarks it is measured on:
// this test reads the benchmark data in ../shared/eval (when present) and greps every file of the
// offline engine — rules, tests and fixtures — for the identifiers that belong to one benchmark
// database only, and for the benchmark questions themselves.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = resolve(here, '../../../../../');
const candidates = [process.env.TEXT2X_EVAL_DIR, join(repoRoot, '..', 'shared', 'eval')].filter(
  (dir): dir is string => !!dir,
);
const evalDir = candidates.map((dir) => resolve(dir)).find((dir) => existsSync(join(dir, 'spider-public')));
if (!evalDir) {
  process.stderr.write(
    `benchmark-independence.test.ts skipped: no evaluation data in ${candidates.join(' or ')} (set TEXT2X_EVAL_DIR)\n`,
  );
}

interface SpiderTables {
  db_id: string;
  table_names_original: string[];
  column_names_original: Array<[number, string]>;
}

/** The engine's files: everything under this folder (sources, tests, fixtures, READMEs). */
function engineFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return engineFiles(path);
    return /\.(ts|md)$/.test(name) ? [path] : [];
  });
}

const normalise = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe.skipIf(!evalDir)('the offline engine is independent of the benchmarks', () => {
  const dir = evalDir ?? '';
  const schemas = ['spider-public/tables.json', 'spider-train/tables.json']
    .map((file) => join(dir, file))
    .filter((file) => existsSync(file))
    .flatMap((file) => JSON.parse(readFileSync(file, 'utf8')) as SpiderTables[]);
  const files = engineFiles(here);

  it('names no identifier that belongs to one benchmark database only', () => {
    // Identifiers of three or more words found in exactly one database (e.g. a table named for a
    // relation only that database has), and the database names. Two-word names such as
    // `customer_id` or `unit_price` are everyday schema vocabulary and are allowed.
    const owners = new Map<string, Set<string>>();
    for (const schema of schemas) {
      const names = [
        ...schema.table_names_original,
        ...schema.column_names_original.filter(([table]) => table >= 0).map(([, name]) => name),
      ];
      for (const name of names) {
        const key = name.toLowerCase();
        owners.set(key, (owners.get(key) ?? new Set()).add(schema.db_id));
      }
    }
    const specific = new Set(
      [...owners]
        .filter(([name, dbs]) => dbs.size === 1 && name.split('_').length >= 3)
        .map(([name]) => name),
    );
    for (const schema of schemas) {
      if (/[_\d]/.test(schema.db_id)) specific.add(schema.db_id.toLowerCase());
    }
    expect(specific.size).toBeGreaterThan(100);
    const found = files.flatMap((file) => {
      const words = new Set(
        readFileSync(file, 'utf8')
          .toLowerCase()
          .match(/[a-z0-9_]+/g) ?? [],
      );
      return [...words]
        .filter((word) => specific.has(word))
        .map((word) => `${relative(here, file)}: ${word}`);
    });
    expect(found).toEqual([]);
  });

  it('quotes no benchmark question', () => {
    const questionFiles = [
      'spider-public/spider_dev.json',
      'spider-public/spider_syn_dev.json',
      'spider-public/spider_realistic.json',
      'spider-public/spider_dk.json',
      'spider-train/train.json',
    ];
    const questions = questionFiles
      .map((file) => join(dir, file))
      .filter((file) => existsSync(file))
      .flatMap((file) => JSON.parse(readFileSync(file, 'utf8')) as Array<Record<string, unknown>>)
      .flatMap((item) =>
        [item.question, item.SpiderSynQuestion].filter((q): q is string => typeof q === 'string'),
      )
      .map(normalise)
      .filter((question) => question.split(' ').length >= 6);
    expect(questions.length).toBeGreaterThan(1000);
    const source = files.map((file) => ` ${normalise(readFileSync(file, 'utf8'))} `);
    // Every run of six words in the engine's text, so a question is looked up, not searched for.
    const shingles = new Set<string>();
    for (const text of source) {
      const words = text.trim().split(' ');
      for (let at = 0; at + 6 <= words.length; at += 1) shingles.add(words.slice(at, at + 6).join(' '));
    }
    const quoted = [...new Set(questions)].filter((question) => {
      if (!shingles.has(question.split(' ').slice(0, 6).join(' '))) return false;
      return source.some((text) => text.includes(` ${question} `));
    });
    expect(quoted).toEqual([]);
  });
});
