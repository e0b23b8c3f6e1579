// Git's objects as the store keeps them, and the exact bytes git hashes for each one, so
// that every object id is the id real git would give it.
import { sha1 } from "../util/ids.js";

/** A git identity line (author, committer, tagger). `login` links it to a GitHub account. */
export interface GitPerson {
  name: string;
  email: string;
  /** ISO-8601 timestamp */
  date: string;
  login?: string;
}

export interface BlobObject {
  type: "blob";
  sha: string;
  content: Buffer;
}

export interface TreeEntry {
  name: string;
  mode: "100644" | "040000";
  type: "blob" | "tree";
  sha: string;
}

export interface TreeObject {
  type: "tree";
  sha: string;
  entries: TreeEntry[];
}

export interface CommitObject {
  type: "commit";
  sha: string;
  tree: string;
  /** Flattened snapshot of the tree: path -> blob sha */
  files: Map<string, string>;
  parents: string[];
  message: string;
  author: GitPerson;
  committer: GitPerson;
  /** Signed by GitHub (web-flow), as for createCommitOnBranch and merges. */
  verified: boolean;
  /** Creation order, used to break ties between equal timestamps. */
  seq: number;
}

export interface TagObject {
  type: "tag";
  sha: string;
  tag: string;
  message: string;
  object: string;
  objectType: "commit" | "tree" | "blob" | "tag";
  tagger: GitPerson;
}

export type GitObject = BlobObject | TreeObject | CommitObject | TagObject;

export const ZERO_SHA = "0000000000000000000000000000000000000000";

function gitTimestamp(iso: string): string {
  return `${Math.floor(new Date(iso).getTime() / 1000)} +0000`;
}

export function hashObject(type: string, body: Buffer): string {
  return sha1(Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body]));
}

/** A tree object's body: each entry's mode, name and binary sha, in the order given. */
export function treeBody(entries: TreeEntry[]): Buffer {
  return Buffer.concat(
    entries.map((e) =>
      Buffer.concat([Buffer.from(`${e.mode === "040000" ? "40000" : e.mode} ${e.name}\0`), Buffer.from(e.sha, "hex")]),
    ),
  );
}

export function commitBody(input: {
  tree: string;
  parents: string[];
  author: GitPerson;
  committer: GitPerson;
  message: string;
}): Buffer {
  const lines = [`tree ${input.tree}`];
  for (const p of input.parents) lines.push(`parent ${p}`);
  lines.push(`author ${input.author.name} <${input.author.email}> ${gitTimestamp(input.author.date)}`);
  lines.push(`committer ${input.committer.name} <${input.committer.email}> ${gitTimestamp(input.committer.date)}`);
  return Buffer.from(`${lines.join("\n")}\n\n${input.message}`, "utf8");
}

export function tagBody(input: {
  tag: string;
  message: string;
  object: string;
  objectType: TagObject["objectType"];
  tagger: GitPerson;
}): Buffer {
  return Buffer.from(
    `object ${input.object}\ntype ${input.objectType}\ntag ${input.tag}\ntagger ${input.tagger.name} <${input.tagger.email}> ${gitTimestamp(input.tagger.date)}\n\n${input.message}`,
    "utf8",
  );
}
