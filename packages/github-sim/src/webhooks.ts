// Webhooks: the queue and its dispatcher, the log of every delivery attempt, the signed requests.
export type { PendingDelivery, WebhookFilter, WebhookFilterResult } from "./webhooks/delivery.js";
export { type DeliveryFilter, DeliveryLog, type DeliveryRecord } from "./webhooks/delivery-log.js";
export { type DispatcherOptions, WebhookDispatcher, type WebhookTarget } from "./webhooks/dispatcher.js";
