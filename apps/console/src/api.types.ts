// The shapes of Herald's API the console reads (see /api/openapi.json and the README).

export interface InboxItem {
  id: string;
  kind: string;
  created: string;
  metadata: Record<string, unknown>;
  dismissed: boolean;
  organization: string | null;
  target: { kind: 'user' | 'team' | 'org'; name: string };
  summary: string;
  link: string | null;
}

export interface InboxPage {
  notifications: InboxItem[];
  page: number;
  has_additional: boolean;
  unread: number;
}

/** The subset of JSON Schema (draft-07) that `GET /api/v1/methods` uses for a method's config. */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  format?: string;
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  writeOnly?: boolean;
}

export interface ActionMethod {
  name: string;
  title: string;
  description?: string;
  config_schema: JsonSchema;
}

export interface RepoNotification {
  uuid: string;
  title: string | null;
  event: string;
  method: string;
  config: Record<string, unknown>;
  event_config: Record<string, unknown>;
  number_of_failures: number;
}

export interface DeliveryAttempt {
  attempt: number;
  at: string;
  duration_ms: number;
  outcome: 'delivered' | 'retry' | 'failed';
  http_status: number | null;
  response_body: string | null;
  error: string | null;
  error_class: string | null;
}

export interface Delivery {
  delivery_id: string;
  notification_uuid: string;
  event: string;
  event_id: string;
  test: boolean;
  status: string;
  attempt_count: number;
  next_attempt_at: string | null;
  created_at: string;
  updated_at: string;
  attempts?: DeliveryAttempt[];
  /** On GET of one delivery: the event's JSON text as the registry sent it. */
  payload_json?: string;
}
