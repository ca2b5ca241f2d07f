export * from './text2x-error.js';
export * from './dialect.js';
export * from './schema.js';
export * from './time-ordered-id.js';
