export * from './event-log.js';
export * from './memory-event-log.js';
export * from './redis-event-log.js';
export * from './run-manager.js';
export { errorMessage, type RunListener, type SubscriptionEnd } from './run-subscription.js';
