export * from './create-app.js';
export * from './provider-hub.js';
