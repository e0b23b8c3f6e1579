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
      out.push({ key: summary.split(" — ")[0]!.replace(/ \(\d+ events.*$/, ""), summary, folded: !details[1], lines: [] });
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

/** What identifies a line across versions: a step's id, a table row's level and repository. */
function lineKey(line: string): string {
  const step = /^- \[[ x]\] \*\*([\w.]+)\*\*/.exec(line);
  if (step) return step[1]!;
  const row = /^\| ([^|]*)\| ([^|]*)\|/.exec(line);
  return row && !line.startsWith("|---") ? `${row[1]}|${row[2]}` : "";
}

/** Links as their text, for a terminal. */
const readable = (line: string): string => line.replace(/\[([^\]]+)\]\([^)]+\)/g, "$1");

/** A summary line without its key: "done in 5 min", "(12 events, newest first)". */
const detail = (s: Section): string => s.summary.slice(s.key.length).replace(/^ — /, "").trim();

/** The changed sections, as indented lines: `~ key: old summary → new summary`, then `+`/`-` lines. */
export function diffSections(before: string, after: string): string[] {
  const old = new Map(sections(before).map((s) => [s.key, s] as const));
  const out: string[] = [];
  for (const section of sections(after)) {
    const was = old.get(section.key);
    old.delete(section.key);
    if (was && was.summary === section.summary && was.lines.join("\n") === section.lines.join("\n")) continue;
    const title = !was ? `+ ${section.key}${section.summary ? `: ${detail(section)}` : ""}` : was.summary !== section.summary ? `~ ${section.key}: ${detail(was) || "—"} → ${detail(section)}` : `~ ${section.key}`;
    out.push(title);
    if (section.lines.some((l) => l.startsWith("```mermaid"))) {
      const states = graphStates(section.lines);
      if (!was || states !== graphStates(was.lines)) out.push(`    graph: ${was ? `${graphStates(was.lines)} → ` : ""}${states}`);
      continue;
    }
    // A folded section shows its new summary line; its content is on demand, as on GitHub.
    const audit = section.key.endsWith("Audit log");
    if (section.folded && was && !audit) continue;
    // A new folded section is its summary line; the header and "Now" are shown whole.
    if (!was && !SHOWN_WHOLE.test(section.key)) continue;
    const previous = new Set(was?.lines ?? []);
    const current = new Set(section.lines);
    const added = section.lines.filter((l) => !previous.has(l));
    // A line that was replaced (same step id or table row) shows only in its new form.
    const replaced = new Set(added.map(lineKey).filter(Boolean));
    const removed = audit ? [] : (was?.lines ?? []).filter((l) => !current.has(l) && !replaced.has(lineKey(l))).map((l) => `    - ${readable(l)}`);
    const changed = [...added.map((l) => `    + ${readable(l)}`), ...removed];
    out.push(...changed.slice(0, MAX_LINES_PER_SECTION), ...(changed.length > MAX_LINES_PER_SECTION ? [`      … ${changed.length - MAX_LINES_PER_SECTION} more lines`] : []));
  }
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
  return out.join("\n").replace(/\n{3,}/g, "\n\n").trim();
}
