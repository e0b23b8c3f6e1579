import type { RouteContext, SimResponse } from "./context.js";

export type AuthMode = "jwt" | "installation" | "none";
export type RequestKind = "read" | "write" | "auth" | "user";
export type Handler = (ctx: RouteContext) => SimResponse | Promise<SimResponse>;

export interface Route {
  method: string;
  /** GitHub's documented template, e.g. "/repos/{owner}/{repo}/git/ref/{ref}" */
  template: string;
  auth: AuthMode;
  kind?: RequestKind;
  handler: Handler;
  regex: RegExp;
  params: string[];
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/**
 * Minimal method+path router. In templates, `{name}` matches one path segment
 * and `{name*}` matches the rest (refs and file paths may contain slashes;
 * Octokit sends them %2F-encoded, other clients raw). Routes are tried in
 * registration order.
 */
export class Router {
  readonly routes: Route[] = [];

  add(method: string, template: string, handler: Handler, opts: { auth?: AuthMode; kind?: RequestKind } = {}): void {
    const params: string[] = [];
    const pattern = template
      .split("/")
      .map((seg) =>
        seg.replace(
          /\{(\w+)(\*?)\}|([^{}]+)/g,
          (_m, name: string | undefined, star: string | undefined, literal: string | undefined) => {
            if (name) {
              params.push(name);
              return star ? "(.+)" : "([^/]+)";
            }
            return (literal ?? "").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
          },
        ),
      )
      .join("/");
    this.routes.push({
      method,
      template: template.replace(/\*\}/g, "}"),
      auth: opts.auth ?? "installation",
      ...(opts.kind ? { kind: opts.kind } : {}),
      handler,
      regex: new RegExp(`^${pattern}/?$`),
      params,
    });
  }

  get(t: string, h: Handler, o?: { auth?: AuthMode; kind?: RequestKind }): void {
    this.add("GET", t, h, o);
  }
  post(t: string, h: Handler, o?: { auth?: AuthMode; kind?: RequestKind }): void {
    this.add("POST", t, h, o);
  }
  patch(t: string, h: Handler, o?: { auth?: AuthMode; kind?: RequestKind }): void {
    this.add("PATCH", t, h, o);
  }
  put(t: string, h: Handler, o?: { auth?: AuthMode; kind?: RequestKind }): void {
    this.add("PUT", t, h, o);
  }
  delete(t: string, h: Handler, o?: { auth?: AuthMode; kind?: RequestKind }): void {
    this.add("DELETE", t, h, o);
  }

  match(method: string, rawPath: string): RouteMatch | undefined {
    const m = method === "HEAD" ? "GET" : method;
    for (const route of this.routes) {
      if (route.method !== m) continue;
      const r = route.regex.exec(rawPath);
      if (!r) continue;
      const params: Record<string, string> = {};
      let ok = true;
      route.params.forEach((name, i) => {
        try {
          params[name] = decodeURIComponent(r[i + 1] ?? "");
        } catch {
          ok = false;
        }
      });
      if (ok) return { route, params };
    }
    return undefined;
  }
}
