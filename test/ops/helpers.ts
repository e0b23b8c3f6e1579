// Helpers for the operations tests: scrape and read Prometheus text over HTTP.

/** Samples of a Prometheus text exposition, keyed `name{a="x",b="y"}` (labels sorted), or `name` without labels. */
export type Samples = Map<string, number>;

export function parseMetrics(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample: ${line}`);
    const [, name, labels, value] = match;
    const pairs = labels
      ? [...labels.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, k, v]) => `${k}="${v}"`).sort()
      : [];
    samples.set(pairs.length ? `${name}{${pairs.join(",")}}` : name!, Number(value));
  }
  return samples;
}

export async function scrape(baseUrl: string): Promise<Samples> {
  const res = await fetch(`${baseUrl}/metrics`);
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  expectPrometheus(res.headers.get("content-type"));
  return parseMetrics(await res.text());
}

function expectPrometheus(contentType: string | null): void {
  if (!contentType?.startsWith("text/plain; version=0.0.4")) throw new Error(`unexpected content type ${contentType}`);
}

/** The value of one sample (0 when absent, as Prometheus counters start). */
export function sample(samples: Samples, name: string, labels: Record<string, string> = {}): number {
  const pairs = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort();
  return samples.get(pairs.length ? `${name}{${pairs.join(",")}}` : name) ?? 0;
}

/** Sum of every sample of `name` whose labels include `labels`. */
export function sum(samples: Samples, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  let total = 0;
  for (const [key, value] of samples) {
    const [metric, rest = ""] = key.split("{");
    if (metric !== name) continue;
    if (wanted.every((w) => rest.includes(w))) total += value;
  }
  return total;
}

/** Difference of a sum between two scrapes. */
export function delta(before: Samples, after: Samples, name: string, labels: Record<string, string> = {}): number {
  return sum(after, name, labels) - sum(before, name, labels);
}
