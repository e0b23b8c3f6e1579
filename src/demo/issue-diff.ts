// What changed on the tracking issue between two bodies, section by section, and the
// issue as a reader sees it on GitHub (folded sections closed, the graph as text), for
// the demo's terminal output.

/** A part of the body: the header, "Now", a folded checklist, the matrix, the graph … */
export interface Section {
  key: string;
  /** The folded block's summary line (its counts and duration), or "" for headings. */
  summary: string;
  /** A closed <details> block: GitHub shows only its summary. */
  folded: boolean;
  lines: string[];
}

const STATE_BLOCK = /\n?<!-- release-train:state .*? -->\n?/s;
const plain = (html: string): string => html.replace(/<[^>]+>/g, "").trim();

export function withoutState(body: string): string {
  return body.replace(STATE_BLOCK, "\n");
}

export function sections(body: string): Section[] {
  const out: Section[] = [{ key: "Header", summary: "", folded: false, lines: [] }];
  for (const line of withoutState(body).split("\n")) {
    const details = /^<details( open)?><summary>(.*)<\/summary>/.exec(line);
    const heading = /^#{2,3} (.*)$/.exec(line);
    if (details) {
      const summary = plain(details[2]!);
      out.push({
        key: summary.split(" — ")[0]!.replace(/ \(\d+ events.*$/, ""),
        summary,
        folded: !details[1],
        lines: [],
      });
    } else if (heading) out.push({ key: heading[1]!, summary: "", folded: false, lines: [] });
    else if (line.trim() && line !== "</details>") out.at(-1)!.lines.push(line);
  }
  return out;
}

/** The graph's `class r0,r3 done` lines as counts per state: "5 done, 6 pending". */
function graphStates(lines: string[]): string {
  const counts = lines.flatMap((l) => {
    const m = /^ {2}class (\S+) (\w+)$/.exec(l);
    return m ? [`${m[1]!.split(",").length} ${m[2] === "rolledback" ? "rolled back" : m[2]}`] : [];
  });
  return counts.join(", ");
}

const MAX_LINES_PER_SECTION = 4;
const SHOWN_WHOLE = /^(Header|Now|↩️)/;

/**
 * What identifies a line across versions: a step's id, a table row's level and repository,
 * the headline, "Now"'s next step and each running step.
 */
function lineKey(line: string): string {
  const step = /^- \[[ x]\] \*\*([\w.]+)\*\*/.exec(line);
  if (step) return step[1]!;
  if (/^\*\*[^*]+\*\* · /.test(line)) return "headline";
  const now = /^- \*\*(Next|Running):\*\* (\S+)/.exec(line);
  if (now) return now[1] === "Next" ? "Next" : `Running ${now[2]}`;
  const row = /^\| ([^|]*)\| ([^|]*)\|/.exec(line);
  return row ? `${row[1]}|${row[2]}` : "";
}

/** A table's `|---|---|` line says nothing its header line does not. */
const isTableRule = (line: string): boolean => /^\|(\s*:?-+:?\s*\|)+$/.test(line);

/** Links as their text, for a terminal. */
const readable = (line: string): string => line.replace(/\[([^\]]+)\]\([^)]+\)/g, "$1");

/** A summary line without its key: "done in 5 min", "(12 events, newest first)". */
const detail = (s: Section): string => s.summary.slice(s.key.length).replace(/^ — /, "").trim();

/** One changed section: new, its summary changed, or only its content; and the lines shown under it. */
interface Change {
  kind: "added" | "summary" | "content";
  key: string;
  title: string;
  /** The new summary's detail ("not started", "done in 5 min"). */
  detail: string;
  lines: string[];
}

/**
 * Runs of new sections with the same summary and nothing under them fold into one line
 * (`+ Phase 1 · Phase 2 · …: not started`); sections whose content alone changed, with
 * nothing to show, are named together on the last line.
 */
function folded(changes: Change[]): string[] {
  const out: string[] = [];
  const contentOnly: string[] = [];
  let run: string[] = [];
  for (const [i, change] of changes.entries()) {
    const bare = change.lines.length === 0;
    if (bare && change.kind === "content") {
      contentOnly.push(change.key);
      continue;
    }
    const previous = changes[i - 1];
    const continues =
      bare &&
      change.kind === "added" &&
      change.detail !== "" &&
      previous?.kind === "added" &&
      previous.lines.length === 0 &&
      previous.detail === change.detail;
    if (continues && run.length) {
      run.push(change.key);
      out[out.length - 1] = `+ ${run.join(" · ")}: ${change.detail}`;
      continue;
    }
    run = bare && change.kind === "added" ? [change.key] : [];
    out.push(change.title, ...change.lines);
  }
  if (contentOnly.length) out.push(`~ details changed in: ${contentOnly.join(" · ")}`);
  return out;
}

/** The changed sections, as indented lines: `~ key: old summary → new summary`, then `+`/`-` lines. */
export function diffSections(before: string, after: string): string[] {
  const old = new Map(sections(before).map((s) => [s.key, s] as const));
  const changes: Change[] = [];
  for (const section of sections(after)) {
    const was = old.get(section.key);
    old.delete(section.key);
    if (was && was.summary === section.summary && was.lines.join("\n") === section.lines.join("\n")) continue;
    const kind = !was ? "added" : was.summary !== section.summary ? "summary" : "content";
    const title =
      kind === "added"
        ? `+ ${section.key}${section.summary ? `: ${detail(section)}` : ""}`
        : kind === "summary"
          ? `~ ${section.key}: ${detail(was!) || "—"} → ${detail(section)}`
          : `~ ${section.key}`;
    const change: Change = { kind, key: section.key, title, detail: detail(section), lines: [] };
    changes.push(change);
    if (section.lines.some((l) => l.startsWith("```mermaid"))) {
      const states = graphStates(section.lines);
      if (!was || states !== graphStates(was.lines))
        change.lines.push(`    graph: ${was ? `${graphStates(was.lines)} → ` : ""}${states}`);
      continue;
    }
    // A folded section shows its new summary line; its content is on demand, as on GitHub.
    const audit = section.key.endsWith("Audit log");
    if (section.folded && was && !audit) continue;
    // A new folded section is its summary line; the header and "Now" are shown whole.
    if (!was && !SHOWN_WHOLE.test(section.key)) continue;
    const previous = new Set(was?.lines ?? []);
    const current = new Set(section.lines);
    const added = section.lines.filter((l) => !previous.has(l) && !isTableRule(l));
    // A line that was replaced (same step id, table row, headline …) shows only in its new form.
    const replaced = new Set(added.map(lineKey).filter(Boolean));
    const removed = audit
      ? []
      : (was?.lines ?? [])
          .filter((l) => !current.has(l) && !isTableRule(l) && !replaced.has(lineKey(l)))
          .map((l) => `    - ${readable(l)}`);
    const changed = [...added.map((l) => `    + ${readable(l)}`), ...removed];
    change.lines.push(
      ...changed.slice(0, MAX_LINES_PER_SECTION),
      ...(changed.length > MAX_LINES_PER_SECTION
        ? [
            `      … ${changed.length - MAX_LINES_PER_SECTION} more line${changed.length - MAX_LINES_PER_SECTION === 1 ? "" : "s"}`,
          ]
        : []),
    );
  }
  const out = folded(changes);
  for (const gone of old.keys()) out.push(`- ${gone}`);
  return out;
}

/** The graph as one line per level: "Level 2: api-gateway (done), archive (done)". */
function graphAsText(lines: string[]): string[] {
  const state = new Map<string, string>();
  for (const l of lines) {
    const m = /^ {2}class (\S+) (\w+)$/.exec(l);
    if (m) for (const id of m[1]!.split(",")) state.set(id, m[2] === "rolledback" ? "rolled back" : m[2]!);
  }
  const out: string[] = [];
  for (const l of lines) {
    const level = /^ {2}subgraph \w+\["(.*)"\]$/.exec(l);
    const node = /^ {4}(r\d+)\["(.*)"\]$/.exec(l);
    if (level) out.push(`  ${level[1]}:`);
    else if (node) out[out.length - 1] += ` ${node[2]} (${state.get(node[1]!) ?? "?"}),`;
  }
  return out.map((l) => l.replace(/,$/, ""));
}

/** The body as GitHub shows it before anyone clicks: folded blocks are their summary line. */
export function foldedView(body: string): string {
  const out: string[] = [];
  let closed = false;
  let graph: string[] | null = null;
  for (const line of withoutState(body).split("\n")) {
    const details = /^<details( open)?><summary>(.*)<\/summary>/.exec(line);
    if (graph) {
      if (line === "```") {
        out.push(...graphAsText(graph));
        graph = null;
      } else graph.push(line);
    } else if (line.startsWith("```mermaid")) graph = [];
    else if (details) {
      closed = !details[1];
      out.push(`${closed ? "▸" : "▾"} ${plain(details[2]!)}`);
    } else if (line === "</details>") closed = false;
    else if (!closed) out.push(line.startsWith("<sub>") ? plain(line) : readable(line));
  }
  // Closed sections in a row read as a list, one line each, as GitHub stacks them.
  return out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .replace(/^(▸ .*)\n\n(?=▸ )/gm, "$1\n")
    .trim();
}
