import type { SimCore } from "./core.js";
import { createCheckRun } from "./ops/checks.js";
import type { Repo } from "./store/types.js";

export interface MergeGroupCiOptions {
  /** Check runs CI reports on every merge group (default: none). */
  checks: string[];
  /** Real-time delay before the results (default 5 ms). */
  delayMs?: number;
  /** The CI app's slug (default "ci"; seeded as an app when missing). */
  appSlug?: string;
}

/**
 * Plays each repository's CI on merge queue groups: on every `merge_group`
 * (checks_requested) it reports the configured check runs on the group's head, success
 * unless the repository is broken (then failure), as a workflow listening to
 * `merge_group` would. Disabled by default.
 */
export class SimMergeGroupCi {
  private settings: (Required<Omit<MergeGroupCiOptions, "appSlug">> & { appId: number }) | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private writing = 0;
  private readonly broken = new Set<string>();

  constructor(
    private readonly core: SimCore,
    private readonly ciApp: (slug: string) => { id: number },
  ) {}

  enable(options: MergeGroupCiOptions): void {
    this.settings = {
      checks: options.checks,
      delayMs: options.delayMs ?? 5,
      appId: this.ciApp(options.appSlug ?? "ci").id,
    };
    this.unsubscribe ??= this.core.onMergeGroup((repo, sha) => this.start(repo, sha));
  }

  disable(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.settings = undefined;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** The repository's merge-group checks fail (full name, case-insensitive). */
  breakRepo(fullName: string): void {
    this.broken.add(fullName.toLowerCase());
  }

  fixRepo(fullName: string): void {
    this.broken.delete(fullName.toLowerCase());
  }

  idle(): boolean {
    return this.timers.size === 0 && this.writing === 0;
  }

  private start(repo: Repo, sha: string): void {
    const settings = this.settings;
    if (!settings) return;
    const timer = this.core.detached(() =>
      setTimeout(() => {
        this.timers.delete(timer);
        this.writing++;
        try {
          const conclusion = this.broken.has(repo.fullName.toLowerCase()) ? "failure" : "success";
          for (const name of settings.checks) {
            if (!repo.git.commit(sha)) return;
            createCheckRun(this.core, repo, settings.appId, "ci-runner", {
              name,
              head_sha: sha,
              status: "completed",
              conclusion,
            });
          }
        } catch (e) {
          this.core.log(`[sim] merge-group CI failed: ${e instanceof Error ? e.message : String(e)}`);
        } finally {
          this.writing--;
        }
      }, settings.delayMs),
    );
    this.timers.add(timer);
  }
}
