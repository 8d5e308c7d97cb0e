import { AttemptRecord, attemptOf, DeliveryRecord, DeliveryStatus, RecordDetail } from './delivery-record.schema';

export interface DeliveryView {
  delivery_id: string;
  notification_uuid: string;
  event: string;
  event_id: string;
  test: boolean;
  status: DeliveryStatus;
  attempt_count: number;
  next_attempt_at: string | null;
  created_at: string;
  updated_at: string;
  attempts?: (Omit<AttemptRecord, 'at'> & { at: string })[];
}

export interface DeliverySummary {
  view: DeliveryView;
  /** The records, oldest first. */
  records: DeliveryRecord[];
  payload: Record<string, unknown>;
  /** The payload's JSON text exactly as stored, i.e. as the registry sent it. */
  payloadJson: string;
}

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

/** Folds a delivery's records (any order) into its current state: the newest record wins. */
export function summarize(records: DeliveryRecord[]): DeliverySummary {
  const sorted = [...records].sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
  const details = sorted.map((r) => JSON.parse(r.detail) as RecordDetail);
  const first = details[0];
  const last = sorted[sorted.length - 1];
  const lastDetail = details[details.length - 1];
  const attempts = sorted.flatMap((r, i) => attemptOf(r, details[i]) ?? []);
  return {
    records: sorted,
    payload: lastDetail.payload,
    payloadJson: storedPayloadJson(last.detail, lastDetail),
    view: {
      delivery_id: sorted[0].delivery_id,
      notification_uuid: sorted[0].notification_uuid,
      event: first.event,
      event_id: first.event_id,
      test: first.test,
      status: last.status,
      attempt_count: attempts.reduce((max, a) => Math.max(max, a.attempt), 0),
      next_attempt_at: lastDetail.next_attempt_at ?? null,
      created_at: iso(sorted[0].at) as string,
      updated_at: iso(last.at) as string,
      attempts: attempts.map((a) => ({ ...a, at: iso(a.at) as string })),
    },
  };
}

/** Groups records by delivery, newest delivery first. */
export function summarizeAll(records: DeliveryRecord[]): DeliverySummary[] {
  const groups = new Map<string, DeliveryRecord[]>();
  for (const r of records) {
    const g = groups.get(r.delivery_id);
    if (g) g.push(r);
    else groups.set(r.delivery_id, [r]);
  }
  return [...groups.values()].map(summarize).sort((a, b) => b.view.created_at.localeCompare(a.view.created_at));
}

/**
 * The payload's text inside a record's detail, which is written as `{"payload":<the registry's text>,<Herald's own
 * fields>}`. Herald's fields re-serialise to exactly their stored text (JSON.parse keeps key order), which leaves the
 * registry's text between the two.
 */
export function storedPayloadJson(detail: string, parsed: RecordDetail): string {
  const { payload: _payload, ...own } = parsed;
  const prefix = '{"payload":';
  const suffix = `,${JSON.stringify(own).slice(1)}`;
  if (detail.startsWith(prefix) && detail.endsWith(suffix)) return detail.slice(prefix.length, -suffix.length);
  return JSON.stringify(parsed.payload);
}
