export * from './error-codes.js';
export * from './query-request.js';
export * from './messages.js';
export * from './client-messages.js';
export * from './rest.js';
