import { describe, expect, it } from 'vitest';
import { librarySchema } from './fixtures/library-schema.js';
import { schoolSchema } from './fixtures/school-schema.js';
import { shopSchema } from './fixtures/shop-schema.js';
import { buildSchemaIndex, getSchemaIndex } from './schema-index.js';

describe('schema index', () => {
  it('is built once per schema object and cached', async () => {
    const schema = shopSchema();
    const first = getSchemaIndex(schema);
    expect(getSchemaIndex(schema)).toBe(first);
    expect(getSchemaIndex(shopSchema())).not.toBe(first);
    await first;
  });

  it('splits names, expands abbreviations and removes the table name from column words', async () => {
    const index = await buildSchemaIndex(schoolSchema(), { synonyms: false });
    const student = index.tableByName.get('student');
    const dept = student?.columns.find((c) => c.name === 'DeptNo');
    expect(dept?.words).toEqual(['department', 'number']);
    expect(student?.columns.find((c) => c.name === 'StudentId')?.ownWords).toEqual(['id']);
  });

  it('chooses name-like display columns, first and last name together', async () => {
    const index = await buildSchemaIndex(shopSchema(), { synonyms: false });
    expect(index.tableByName.get('customers')?.displayColumns[0]?.name).toBe('name');
    expect(index.tableByName.get('employees')?.displayColumns.map((c) => c.name)).toEqual([
      'first_name',
      'last_name',
    ]);
    expect(index.tableByName.get('orders')?.displayColumns).toEqual([]);
  });

  it('recognises bridge tables of many-to-many relations', async () => {
    const index = await buildSchemaIndex(librarySchema(), { synonyms: false });
    expect(index.tableByName.get('book_authors')?.isBridge).toBe(true);
    const shop = await buildSchemaIndex(shopSchema(), { synonyms: false });
    expect(shop.tableByName.get('orders')?.isBridge).toBe(false);
  });

  it('infers joins from column names when no foreign keys are declared', async () => {
    const index = await buildSchemaIndex(schoolSchema(), { synonyms: false });
    const implicit = index.edges
      .filter((e) => e.implicit)
      .map((e) => `${e.from.name}.${e.fromColumns[0]?.name}->${e.to.name}`);
    expect(implicit).toEqual(
      expect.arrayContaining([
        'Student.DeptNo->Department',
        'Enrollment.StudentId->Student',
        'Enrollment.ClassCode->Class',
      ]),
    );
  });

  it('marks yes/no columns, years, dates and measures stored as text', async () => {
    const library = await buildSchemaIndex(librarySchema(), { synonyms: false });
    const returned = library.tableByName.get('loans')?.columns.find((c) => c.name === 'returned');
    expect(returned?.flag).toEqual({ yes: 'yes', no: 'no' });
    expect(library.tableByName.get('books')?.columns.find((c) => c.name === 'publication_year')?.isYear).toBe(
      true,
    );
    const school = await buildSchemaIndex(schoolSchema(), { synonyms: false });
    expect(school.tableByName.get('student')?.columns.find((c) => c.name === 'Age')?.isNumeric).toBe(true);
  });
});
