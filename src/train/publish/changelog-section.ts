// The version's section of a repository's CHANGELOG.md: its release notes.

/** The section of CHANGELOG.md for this version (Phase 1 wrote it at the top); `2.0.0` is not `2.0.0-rc.1`'s. */
export function changelogSection(text: string | null, version: string): string | null {
  if (!text) return null;
  const lines = text.split("\n");
  const range = sectionRange(lines, version);
  return range
    ? lines
        .slice(range.start + 1, range.end)
        .join("\n")
        .trim()
    : null;
}

/** The lines of CHANGELOG.md's section for this version: its `##` heading and up to (not including) the next. */
export function sectionRange(lines: readonly string[], version: string): { start: number; end: number } | null {
  const named = new RegExp(`(^|[^\\w.-])v?${version.replace(/[.+]/g, "\\$&")}(?![\\w.-])`);
  const start = lines.findIndex((l) => /^##\s/.test(l) && named.test(l));
  if (start < 0) return null;
  const end = lines.findIndex((l, i) => i > start && /^##\s/.test(l));
  return { start, end: end < 0 ? lines.length : end };
}
