export interface DeliveryRecord {
  seq: number;
  /** X-GitHub-Delivery (shared by duplicates and redeliveries of the same event) */
  id: string;
  event: string;
  action: string | null;
  /** HTTP status returned by the app, 0 when nothing answered. */
  status: number;
  /** The URL this attempt went to (absent when there was no target). */
  target?: string;
  outcome: "delivered" | "failed" | "dropped" | "no-target";
  error?: string;
  payload: Record<string, unknown>;
  /** 1 for the first attempt of this delivery id at this target, 2+ for duplicates/redeliveries. */
  attempt: number;
  redelivery: boolean;
  at: string;
  durationMs: number;
}

export interface DeliveryFilter {
  event?: string;
  action?: string;
  outcome?: DeliveryRecord["outcome"];
}

/** Log of every webhook delivery attempt. */
export class DeliveryLog {
  private records: DeliveryRecord[] = [];
  /** The attempts of each delivery id, in order: the dispatcher looks them up once per attempt. */
  private readonly byId = new Map<string, DeliveryRecord[]>();
  private seq = 0;

  add(record: Omit<DeliveryRecord, "seq">): DeliveryRecord {
    const r = { seq: ++this.seq, ...record };
    this.records.push(r);
    const attempts = this.byId.get(r.id);
    if (attempts) attempts.push(r);
    else this.byId.set(r.id, [r]);
    return r;
  }

  list(filter: DeliveryFilter = {}): DeliveryRecord[] {
    return this.records.filter(
      (r) =>
        (filter.event === undefined || r.event === filter.event) &&
        (filter.action === undefined || r.action === filter.action) &&
        (filter.outcome === undefined || r.outcome === filter.outcome),
    );
  }

  count(filter: DeliveryFilter = {}): number {
    return this.list(filter).length;
  }

  last(filter: DeliveryFilter = {}): DeliveryRecord | undefined {
    const l = this.list(filter);
    return l[l.length - 1];
  }

  /** Every attempt of one delivery id. */
  get(id: string): DeliveryRecord[] {
    return [...(this.byId.get(id) ?? [])];
  }

  /** "event.action" (or "event") per attempt, in order — handy for assertions. */
  names(): string[] {
    return this.records.map((r) => (r.action ? `${r.event}.${r.action}` : r.event));
  }

  reset(): void {
    this.records = [];
    this.byId.clear();
  }

  get length(): number {
    return this.records.length;
  }
}
