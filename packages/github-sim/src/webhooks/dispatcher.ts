import type { SimClock } from "../clock.js";
import { uuid } from "../util/ids.js";
import { type PendingDelivery, type WebhookFilter, type WebhookFilterResult, deliveryHeaders } from "./delivery.js";
import { type DeliveryRecord, DeliveryLog } from "./delivery-log.js";

/** Where deliveries go: a URL and the secret its signatures use. */
export interface WebhookTarget {
  url: string;
  secret: string | undefined;
  /** How deliveries reach the URL (default: Node's fetch); an app under test may take them in process. */
  fetch?: typeof globalThis.fetch;
}

export interface DispatcherOptions {
  url?: string;
  secret?: string;
  hookId: number;
  appId: () => number;
  clock: SimClock;
  log: (line: string) => void;
  timeoutMs?: number;
}

/**
 * Delivers webhooks to the app one at a time, in order, after the HTTP
 * response that caused them, signing each body like GitHub does. With several
 * targets (replicas of the app), each delivery goes to all of them at once,
 * with the same id, each signed with its target's secret.
 */
export class WebhookDispatcher {
  readonly log = new DeliveryLog();
  filter: WebhookFilter = () => "deliver";
  private targets: WebhookTarget[] = [];
  private rotation = 0;
  private readonly queue: PendingDelivery[] = [];
  private readonly sent = new Map<string, PendingDelivery>();
  private paused = false;
  private running = false;
  private inFlight = 0;
  private readonly idleWaiters: Array<() => void> = [];

  constructor(private readonly options: DispatcherOptions) {
    if (options.url) this.targets = [{ url: options.url, secret: options.secret }];
  }

  /** Replaces every target with this one (none when `url` is undefined). */
  setTarget(url: string | undefined, secret: string | undefined, via?: typeof globalThis.fetch): void {
    this.targets = url ? [{ url, secret, ...(via ? { fetch: via } : {}) }] : [];
  }

  /** Adds a target (or replaces the secret of an existing one with the same URL). */
  addTarget(url: string, secret: string | undefined, via?: typeof globalThis.fetch): void {
    this.targets = [...this.targets.filter((t) => t.url !== url), { url, secret, ...(via ? { fetch: via } : {}) }];
  }

  removeTarget(url: string): void {
    this.targets = this.targets.filter((t) => t.url !== url);
  }

  /** The first target (the only one unless addTarget was used). */
  get target(): { url: string | undefined; secret: string | undefined } {
    return { url: this.targets[0]?.url, secret: this.targets[0]?.secret };
  }

  get allTargets(): WebhookTarget[] {
    return this.targets.map((t) => ({ ...t }));
  }

  create(event: string, payload: Record<string, unknown>): PendingDelivery {
    const action = typeof payload["action"] === "string" ? payload["action"] : null;
    return { id: uuid(), event, action, payload, body: JSON.stringify(payload) };
  }

  /** Queues deliveries; they start on a later tick. */
  enqueue(items: PendingDelivery[]): void {
    if (items.length === 0) return;
    this.queue.push(...items);
    setImmediate(() => void this.pump());
  }

  pause(): void {
    this.paused = true;
    if (this.idle()) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  resume(): void {
    this.paused = false;
    setImmediate(() => void this.pump());
  }

  get isPaused(): boolean {
    return this.paused;
  }

  pending(): PendingDelivery[] {
    return [...this.queue];
  }

  /** Reorders the queued (not yet sent) deliveries, e.g. to test out-of-order arrival. */
  reorder(order: (queued: PendingDelivery[]) => PendingDelivery[]): void {
    const next = order([...this.queue]);
    this.queue.splice(0, this.queue.length, ...next);
  }

  redeliver(id: string): void {
    const original = this.sent.get(id) ?? this.queue.find((q) => q.id === id);
    // GitHub keeps the delivery GUID on redelivery.
    if (!original) throw new Error(`[sim] no delivery with id ${id}`);
    this.queue.push({ ...original, redeliveryOf: id });
    setImmediate(() => void this.pump());
  }

  /** True when nothing is in flight and nothing deliverable is queued. */
  idle(): boolean {
    return this.inFlight === 0 && !this.running && (this.paused || this.queue.length === 0);
  }

  /** Resolves once idle(): every delivery queued so far has been answered (or dropped). */
  whenIdle(): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (!this.paused && this.queue.length > 0) {
        const item = this.queue.shift()!;
        const isRedelivery = item.redeliveryOf !== undefined;
        const decision = isRedelivery ? "deliver" : this.safeFilter(item);
        if (!isRedelivery) this.sent.set(item.id, item);
        if (decision === "drop") {
          this.record(item, { status: 0, outcome: "dropped", durationMs: 0 }, isRedelivery);
          continue;
        }
        await this.send(item, isRedelivery);
        if (decision === "duplicate") await this.send(item, isRedelivery);
      }
    } finally {
      this.running = false;
      if (this.idle()) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  private safeFilter(item: PendingDelivery): WebhookFilterResult {
    try {
      return this.filter(item);
    } catch (e) {
      this.options.log(`[sim] webhookFilter threw: ${String(e)}`);
      return "deliver";
    }
  }

  private record(
    item: PendingDelivery,
    result: { status: number; outcome: DeliveryRecord["outcome"]; durationMs: number; error?: string; target?: string },
    redelivery: boolean,
  ): void {
    const attempt = this.log.get(item.id).filter((r) => r.target === result.target).length + 1;
    this.log.add({
      id: item.id,
      event: item.event,
      action: item.action,
      payload: item.payload,
      attempt,
      redelivery,
      at: this.options.clock.iso(),
      ...result,
    });
  }

  private async send(item: PendingDelivery, redelivery: boolean): Promise<void> {
    const targets = this.targets;
    if (targets.length === 0) {
      this.record(item, { status: 0, outcome: "no-target", durationMs: 0 }, redelivery);
      return;
    }
    // All at once; who is sent to first rotates, so no replica is always first in line.
    const first = this.rotation++ % targets.length;
    await Promise.all(
      [...targets.slice(first), ...targets.slice(0, first)].map((target) => this.sendTo(target, item, redelivery)),
    );
  }

  private async sendTo(
    { url, secret, fetch: via }: WebhookTarget,
    item: PendingDelivery,
    redelivery: boolean,
  ): Promise<void> {
    this.inFlight++;
    const started = Date.now();
    try {
      const headers = deliveryHeaders(item, secret, { hookId: this.options.hookId, appId: this.options.appId() });
      const res = await (via ?? fetch)(url, {
        method: "POST",
        headers,
        body: item.body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      await res.arrayBuffer().catch(() => undefined);
      const ok = res.status >= 200 && res.status < 300;
      if (!ok)
        this.options.log(
          `[sim] webhook ${item.event}${item.action ? `.${item.action}` : ""} ${item.id} -> HTTP ${res.status}`,
        );
      this.record(
        item,
        { status: res.status, outcome: ok ? "delivered" : "failed", durationMs: Date.now() - started, target: url },
        redelivery,
      );
    } catch (e) {
      this.options.log(`[sim] webhook ${item.event} ${item.id} failed: ${e instanceof Error ? e.message : String(e)}`);
      this.record(
        item,
        {
          status: 0,
          outcome: "failed",
          durationMs: Date.now() - started,
          error: e instanceof Error ? e.message : String(e),
          target: url,
        },
        redelivery,
      );
    } finally {
      this.inFlight--;
    }
  }
}
