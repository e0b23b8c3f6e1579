/**
 * Where values sit in a JSON document's text, so a version can be replaced without
 * reformatting the file (JSON.parse keeps no offsets).
 */

/** Offsets of a JSON value in the source text (quotes included). */
export type Span = { start: number; end: number; value: unknown };

const keyOf = (path: readonly string[]) => JSON.stringify(path);

/** A single pass over the text, recording the spans of the values at the wanted key paths. */
class JsonScanner {
  private i = 0;
  readonly found = new Map<string, Span[]>();

  constructor(
    private readonly text: string,
    private readonly wantedKeys: ReadonlySet<string>,
  ) {}

  /** The whole document: one value, then only whitespace. */
  document(): void {
    this.value([]);
    this.ws();
    if (this.i !== this.text.length) this.fail("unexpected content after JSON value");
  }

  private fail(what: string): never {
    throw new SyntaxError(`${what} at offset ${this.i}`);
  }

  private ws(): void {
    while (this.i < this.text.length && /[\s\uFEFF]/.test(this.text[this.i] ?? "")) this.i++;
  }

  private string(): string {
    const { text } = this;
    const start = this.i;
    if (text[this.i] !== '"') this.fail("expected string");
    this.i++;
    while (this.i < text.length && text[this.i] !== '"') {
      if (text[this.i] === "\\") this.i++;
      this.i++;
    }
    if (text[this.i] !== '"') this.fail("unterminated string");
    this.i++;
    return JSON.parse(text.slice(start, this.i)) as string;
  }

  private value(path: readonly string[]): void {
    this.ws();
    const start = this.i;
    const ch = this.text[this.i];
    if (ch === "{") this.object(path);
    else if (ch === "[") this.array(path);
    else if (ch === '"') this.string();
    else this.scalar();
    const key = keyOf(path);
    if (this.wantedKeys.has(key)) {
      const list = this.found.get(key) ?? [];
      list.push({ start, end: this.i, value: JSON.parse(this.text.slice(start, this.i)) });
      this.found.set(key, list);
    }
  }

  private object(path: readonly string[]): void {
    this.i++;
    this.ws();
    if (this.text[this.i] === "}") {
      this.i++;
      return;
    }
    for (;;) {
      this.ws();
      const key = this.string();
      this.ws();
      if (this.text[this.i] !== ":") this.fail("expected ':'");
      this.i++;
      this.value([...path, key]);
      if (this.closes("}")) return;
    }
  }

  private array(path: readonly string[]): void {
    this.i++;
    this.ws();
    if (this.text[this.i] === "]") {
      this.i++;
      return;
    }
    for (let n = 0; ; n++) {
      this.value([...path, String(n)]);
      if (this.closes("]")) return;
    }
  }

  /** After a member: `,` continues (false), `close` ends the container (true); anything else is an error. */
  private closes(close: "}" | "]"): boolean {
    this.ws();
    if (this.text[this.i] === ",") {
      this.i++;
      return false;
    }
    if (this.text[this.i] === close) {
      this.i++;
      return true;
    }
    return this.fail(`expected ',' or '${close}'`);
  }

  private scalar(): void {
    const m = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(this.text.slice(this.i, this.i + 400));
    if (!m) this.fail("unexpected token");
    this.i += m?.[0].length ?? 0;
  }
}

/**
 * Walks a JSON document and records where the values at the requested key
 * paths are, so they can be replaced without reformatting the file.
 */
export function findJsonValues(text: string, wanted: readonly (readonly string[])[]): Map<string, Span[]> {
  const scanner = new JsonScanner(text, new Set(wanted.map(keyOf)));
  scanner.document();
  return scanner.found;
}
