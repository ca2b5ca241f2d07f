export * from './sse-routes.js';
