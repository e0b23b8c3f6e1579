// Headless Chromium (Debian's /usr/bin/chromium, never a downloaded build) driven by
// puppeteer-core: loads tracking-issue pages and measures what a reader sees.
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `no Chromium at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary`,
    );
  }
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Root in CI has no user namespace for the sandbox; pages are our own local files.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--allow-file-access-from-files",
      "--font-render-hinting=none",
    ],
  });
}

export interface GraphNode {
  label: string;
  /** The node's classes (mermaid puts a classDef's name on its node). */
  classes: string[];
  /** The label's rendered font size in CSS pixels, after the diagram is scaled to the column. */
  fontPx: number;
}

export interface PageMetrics {
  /** Height of the issue body's column in CSS pixels. */
  bodyHeight: number;
  /** Tables wider than the column (GitHub then scrolls them sideways). */
  overflowingTables: Array<{ header: string; scrollWidth: number; clientWidth: number }>;
  /** Bottom of the "Now" block, measured from the top of the body; null when there is none. */
  nowBottom: number | null;
  mermaidErrors: string[];
  nodes: GraphNode[];
  /** The body's task-list boxes as the browser drew them (GitHub's "N of M tasks"). */
  tasks: { done: number; total: number };
}

// Runs in the page (a string, since the project's types are Node's, not the DOM's).
const MEASURE = `(() => {
  const body = document.querySelector(".markdown-body");
  const top = body.getBoundingClientRect().top;
  const overflowingTables = [...body.querySelectorAll("table")]
    .filter((t) => t.scrollWidth > t.clientWidth + 1)
    .map((t) => ({ header: t.rows[0].innerText.replace(/\\s+/g, " "), scrollWidth: t.scrollWidth, clientWidth: t.clientWidth }));
  let nowBottom = null;
  const now = [...body.querySelectorAll("h2, h3")].find((h) => /^Now\\b/.test(h.textContent.trim()));
  if (now) {
    let last = now;
    for (let el = now.nextElementSibling; el && !/^(H1|H2|H3|DETAILS)$/.test(el.tagName); el = el.nextElementSibling) last = el;
    nowBottom = last.getBoundingClientRect().bottom - top;
  }
  const nodes = [...body.querySelectorAll("pre.mermaid svg g.node")].map((g) => {
    const text = g.querySelector(".nodeLabel, text") ;
    const size = text ? parseFloat(getComputedStyle(text).fontSize) : 0;
    const svg = g.ownerSVGElement;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width || 1;
    return { label: (text ? text.textContent : "").trim(), classes: [...g.classList], fontPx: Math.round(size * scale * 10) / 10 };
  });
  return { bodyHeight: body.getBoundingClientRect().height, overflowingTables, nowBottom, nodes, tasks: { done: body.querySelectorAll("li > input[type=checkbox]:checked").length, total: body.querySelectorAll("li > input[type=checkbox]").length } };
})()`;

/** Opens a page file, waits for mermaid, measures it. */
export async function measureFile(page: Page, file: string): Promise<PageMetrics> {
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  const mermaidErrors = (await page.evaluate("window.mermaidDone")) as string[];
  const metrics = (await page.evaluate(MEASURE)) as Omit<PageMetrics, "mermaidErrors">;
  return { ...metrics, mermaidErrors };
}

/** A tab wide enough for the issue column (GitHub's desktop layout is 1280 px wide). */
export async function newIssueTab(browser: Browser, width = 960): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewport({ width, height: 900, deviceScaleFactor: 1 });
  return page;
}
