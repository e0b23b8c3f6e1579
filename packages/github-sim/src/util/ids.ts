import { createHash, randomBytes, randomUUID } from "node:crypto";

/** GitHub-style global node id: "<prefix>_<opaque>". */
export function nodeId(prefix: string, id: number | string): string {
  return `${prefix}_${Buffer.from(`sim:${prefix}:${id}`).toString("base64url")}`;
}

export function sha1(data: string | Buffer): string {
  return createHash("sha1").update(data).digest("hex");
}

export function uuid(): string {
  return randomUUID();
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Random alphanumeric string, as used in GitHub tokens. */
export function randomToken(prefix: string, length = 36): string {
  const bytes = randomBytes(length);
  let out = prefix;
  for (const b of bytes) out += ALNUM[b % ALNUM.length];
  return out;
}

/** Monotonic id sequences per kind of record, each starting at its own base. */
export class IdSequence {
  private readonly next = new Map<string, number>();
  private static readonly BASES: Record<string, number> = {
    account: 1000,
    repo: 500000,
    issue: 2000000,
    pull: 3000000,
    comment: 4000000,
    label: 5000000,
    milestone: 6000000,
    status: 7000000,
    checkRun: 8000000,
    checkSuite: 9000000,
    deployment: 10000000,
    deploymentStatus: 11000000,
    release: 12000000,
    reaction: 13000000,
    team: 14000000,
    review: 15000000,
    installation: 16000000,
    discussion: 17000000,
    hook: 18000000,
    releaseAsset: 19000000,
    ruleset: 20000,
    mergeQueueEntry: 21000000,
    mergeQueueRemoval: 22000000,
  };

  take(kind: string): number {
    const current = this.next.get(kind) ?? IdSequence.BASES[kind] ?? 100;
    this.next.set(kind, current + 1);
    return current + 1;
  }
}
