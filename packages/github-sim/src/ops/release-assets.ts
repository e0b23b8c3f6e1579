import type { SimCore } from "../core.js";
import { notFound, validationFailed } from "../errors.js";
import type { Release, ReleaseAsset, Repo } from "../store/types.js";
import { nodeId } from "../util/ids.js";

const duplicateName = () => validationFailed([{ resource: "ReleaseAsset", code: "already_exists", field: "name" }]);

/** The tag segment of a release's web addresses: drafts use a placeholder ("untagged-…") until published. */
export function releaseTagSegment(r: Release): string {
  return r.draft ? `untagged-${r.id}` : encodeURIComponent(r.tagName);
}

/** GitHub's public download address (releases/download/<tag>/<name>). */
export function assetDownloadUrl(core: SimCore, repo: Repo, r: Release, a: ReleaseAsset): string {
  return `${core.urls.html}/${repo.fullName}/releases/download/${releaseTagSegment(r)}/${encodeURIComponent(a.name)}`;
}

/** An asset anywhere in the repository with its release (asset ids are global on GitHub). */
export function findAsset(repo: Repo, id: number): { release: Release; asset: ReleaseAsset } | undefined {
  for (const release of repo.releases) {
    const asset = release.assets?.find((a) => a.id === id);
    if (asset) return { release, asset };
  }
  return undefined;
}

export function requireAsset(repo: Repo, id: number): { release: Release; asset: ReleaseAsset } {
  const found = findAsset(repo, id);
  if (!found) throw notFound();
  return found;
}

export interface UploadInput {
  name: string | null;
  label: string | null;
  contentType: string | undefined;
  data: Buffer;
}

/** Stores an uploaded file on a release. No webhook: GitHub sends none for assets. */
export function uploadAsset(core: SimCore, r: Release, actor: string, input: UploadInput): ReleaseAsset {
  if (!input.name) throw validationFailed([{ resource: "ReleaseAsset", code: "missing_field", field: "name" }]);
  r.assets ??= [];
  const assets = r.assets;
  if (assets.some((a) => a.name === input.name)) throw duplicateName();
  const id = core.store.ids.take("releaseAsset");
  const now = core.now();
  const asset: ReleaseAsset = {
    id,
    nodeId: nodeId("RA", id),
    name: input.name,
    label: input.label || null,
    contentType: input.contentType || "application/octet-stream",
    data: Buffer.from(input.data),
    uploader: actor,
    createdAt: now,
    updatedAt: now,
  };
  assets.push(asset);
  return asset;
}

export function updateAsset(
  core: SimCore,
  r: Release,
  a: ReleaseAsset,
  input: { name?: string; label?: string | null },
): ReleaseAsset {
  if (input.name !== undefined && input.name !== a.name) {
    if (!input.name) throw validationFailed([{ resource: "ReleaseAsset", code: "missing_field", field: "name" }]);
    if (r.assets?.some((o) => o !== a && o.name === input.name)) throw duplicateName();
    a.name = input.name;
  }
  if (input.label !== undefined) a.label = input.label || null;
  a.updatedAt = core.now();
  return a;
}

export function deleteAsset(r: Release, a: ReleaseAsset): void {
  r.assets = (r.assets ?? []).filter((x) => x !== a);
}
