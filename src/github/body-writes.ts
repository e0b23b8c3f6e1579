// GitHub cannot make a body write conditional: an edit saved between release-train's
// re-read and its PATCH is overwritten. The webhook of release-train's own edit tells:
// its `changes.body.from` (what GitHub replaced, as GitHub vouches) is then not the body
// release-train had re-read. The edit history still holds the person's revision, so
// the reconcile that this prompts reads it back (trust.ts).
import { createHash } from "node:crypto";

const digest = (text: string) => createHash("sha256").update(text).digest("hex");

export class BodyWrites {
  /** Per train: the digest of the last body written and of the body it was meant to replace. */
  private readonly last = new Map<string, { written: string; base: string }>();

  wrote(train: string, base: string, written: string): void {
    this.last.set(train, { written: digest(written), base: digest(base) });
  }

  /** Whether release-train's edit (GitHub replaced `from` with `to`) overwrote someone's save. */
  overwrote(train: string, from: string, to: string): boolean {
    const entry = this.last.get(train);
    if (!entry || entry.written !== digest(to)) return false;
    this.last.delete(train);
    return entry.base !== digest(from);
  }
}
