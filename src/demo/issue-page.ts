// A tracking-issue body as a GitHub-like HTML page: GFM (tables, task lists, raw
// <details>) rendered with marked, mermaid blocks drawn by the mermaid package loaded
// from node_modules by file URL (no network). The stylesheet only approximates
// GitHub's issue view: system font 14px/1.5, bordered tables, an 880 px column.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Marked } from "marked";

/** The width of GitHub's issue-body column on a desktop screen. */
export const ISSUE_COLUMN_PX = 880;

export const escapeHtml = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const gfm = new Marked({
  gfm: true,
  renderer: {
    code({ text, lang }) {
      // GitHub draws ```mermaid blocks as diagrams; mermaid.run() finds these.
      return lang === "mermaid" ? `<pre class="mermaid">${escapeHtml(text)}</pre>\n` : false;
    },
  },
});

/** The file URL of mermaid's browser bundle in node_modules. */
export function mermaidUrl(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve("mermaid/dist/mermaid.min.js")).href;
}

/** GitHub's "N of M tasks" under an issue title counts the body's task-list items. */
export function taskCount(body: string): { done: number; total: number } {
  const items = body.match(/^\s*[-*] \[[ xX]\] /gm) ?? [];
  return { done: items.filter((i) => /\[[xX]\]/.test(i)).length, total: items.length };
}

const STYLE = `
body { margin: 0; background: #fff; color: #1f2328; font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
.page { width: ${ISSUE_COLUMN_PX}px; margin: 16px 24px; }
.issue-title { font-size: 26px; font-weight: 400; margin: 0 0 4px; }
.issue-meta { color: #59636e; margin-bottom: 16px; }
.markdown-body { width: ${ISSUE_COLUMN_PX}px; box-sizing: border-box; padding: 8px 16px; border: 1px solid #d1d9e0; border-radius: 6px; overflow-wrap: break-word; }
.markdown-body > :first-child { margin-top: 0 !important; }
.markdown-body h1, .markdown-body h2, .markdown-body h3 { margin: 24px 0 16px; font-weight: 600; line-height: 1.25; }
.markdown-body h1 { font-size: 2em; padding-bottom: .3em; border-bottom: 1px solid #d1d9e0b3; }
.markdown-body h2 { font-size: 1.5em; padding-bottom: .3em; border-bottom: 1px solid #d1d9e0b3; }
.markdown-body h3 { font-size: 1.25em; }
.markdown-body p, .markdown-body ul, .markdown-body ol, .markdown-body table, .markdown-body blockquote, .markdown-body details, .markdown-body pre { margin: 0 0 16px; }
.markdown-body ul, .markdown-body ol { padding-left: 2em; }
.markdown-body li + li { margin-top: .25em; }
.markdown-body li:has(> input[type=checkbox]) { list-style: none; margin-left: -1.4em; }
.markdown-body input[type=checkbox] { margin: 0 .35em .25em -.2em; vertical-align: middle; }
.markdown-body blockquote { padding: 0 1em; color: #59636e; border-left: .25em solid #d1d9e0; }
.markdown-body code { padding: .2em .4em; font-size: 85%; background: #818b981f; border-radius: 6px; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.markdown-body table { display: block; width: max-content; max-width: 100%; overflow: auto; border-collapse: collapse; border-spacing: 0; }
.markdown-body th, .markdown-body td { padding: 6px 13px; border: 1px solid #d1d9e0; }
.markdown-body th { font-weight: 600; }
.markdown-body tr:nth-child(2n) { background: #f6f8fa; }
.markdown-body summary { cursor: pointer; }
.markdown-body a { color: #0969da; text-decoration: none; }
.markdown-body pre.mermaid { background: none; text-align: center; }
.markdown-body pre.mermaid svg { max-width: 100%; }
`;

export interface IssuePage {
  /** The issue's title, shown above the body as GitHub does. */
  title: string;
  body: string;
  /** Links at the top (e.g. previous / next step of the demo). */
  nav?: string;
  /** Where the mermaid bundle is; defaults to node_modules. */
  mermaidSrc?: string;
}

/** The page; after load, `window.mermaidDone` is a promise of mermaid's errors (empty when every graph drew). */
export function renderIssuePage(page: IssuePage): string {
  const tasks = taskCount(page.body);
  const meta = tasks.total > 0 ? `${tasks.done} of ${tasks.total} tasks` : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(page.title)}</title>
<style>${STYLE}</style>
<script src="${escapeHtml(page.mermaidSrc ?? mermaidUrl())}"></script>
</head><body><div class="page">
${page.nav ?? ""}
<h1 class="issue-title">${escapeHtml(page.title)}</h1>
<div class="issue-meta" id="task-count">${meta}</div>
<div class="markdown-body">
${gfm.parse(page.body, { async: false })}
</div></div>
<script>
window.mermaidDone = (async () => {
  const errors = [];
  if (!window.mermaid) return ["mermaid did not load"];
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "default" });
  try { await mermaid.run({ querySelector: "pre.mermaid", suppressErrors: false }); } catch (e) { errors.push(String(e && e.message || e)); }
  return errors;
})();
</script>
</body></html>
`;
}
