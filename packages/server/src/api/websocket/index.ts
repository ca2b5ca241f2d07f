export * from './websocket-route.js';
export { CLOSE_CODES, type WebSocketSessionLimits } from './websocket-session.js';
