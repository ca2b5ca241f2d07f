export * from './run-query.js';
export * from './pipeline-deps.js';
export { progressFor } from './progress-plan.js';
export * from './run-edited-query.js';
