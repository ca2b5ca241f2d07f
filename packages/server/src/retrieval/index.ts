export * from './schema-retrieval.js';
export * from './example-retrieval.js';
export { contentTerms, splitWords } from './text-terms.js';
