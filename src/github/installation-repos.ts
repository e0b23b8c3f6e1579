// The repositories an installation can see, for expanding globs like
// `blackroad-os-pack-*`. Cached per installation; refreshed when GitHub says the
// installation's repositories changed.
import type { Octokit } from "./octokit.js";

const TTL_MS = 10 * 60_000;

export class InstallationRepos {
  private readonly cache = new Map<number, { names: string[]; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async list(octokit: Octokit, installationId: number): Promise<string[]> {
    const hit = this.cache.get(installationId);
    if (hit && this.now() - hit.at < TTL_MS) return hit.names;
    const repos = await octokit.paginate("GET /installation/repositories", { per_page: 100 });
    const names = repos.map((r) => r.full_name);
    this.cache.set(installationId, { names, at: this.now() });
    return names;
  }

  invalidate(installationId: number): void {
    this.cache.delete(installationId);
  }
}
