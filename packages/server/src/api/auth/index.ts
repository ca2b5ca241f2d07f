import './fastify-augmentation.js';

export { API_KEY_PREFIX, generateApiKey, hashApiKey, type GeneratedApiKey } from './api-key.js';
export { assertCanServe, authRequired, forcedAuthReason, isLoopbackHost } from './auth-policy.js';
export { createAuthHook, credentialOf, type AuthHookOptions } from './authenticate.js';
