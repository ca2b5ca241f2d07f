export { httpError, toHttpError, type HttpError } from './http-error.js';
export { registerErrorHandlers, sendHttpError } from './register-error-handlers.js';
