export { registerConversationRoutes, toFeedbackResponse, toTurnRecord } from './conversation-routes.js';
export { registerHealthRoutes } from './health-routes.js';
export {
  addProvider,
  registerProviderRoutes,
  toProviderConfig,
  toProviderSummary,
  toSchemaResponse,
} from './provider-routes.js';
export { clientGone, registerQueryRoute } from './query-route.js';
export type { ApiFastify, RouteContext } from './route-context.js';
