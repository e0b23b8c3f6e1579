// Minimal typings for the conventionalcommits preset, which ships plain JavaScript.
// Only the parts this project uses are described.
declare module "conventional-changelog-conventionalcommits" {
  import type { ParserOptions } from "conventional-commits-parser";
  import type { Options as WriterOptions } from "conventional-changelog-writer";

  export interface PresetCommitType {
    type: string;
    section?: string;
    hidden?: boolean;
    scope?: string;
  }

  export interface PresetConfig {
    types?: readonly PresetCommitType[];
    issuePrefixes?: string[];
    issueUrlFormat?: string;
    commitUrlFormat?: string;
    compareUrlFormat?: string;
    userUrlFormat?: string;
    scope?: string | string[];
    scopeOnly?: boolean;
    ignoreCommits?: RegExp;
    bumpStrict?: boolean;
    preMajor?: boolean;
  }

  export interface Preset {
    commits: { ignore?: RegExp; merges: boolean };
    parser: ParserOptions;
    // biome-ignore lint/suspicious/noExplicitAny: the preset's writer options are generic over the commit shape
    writer: WriterOptions<any>;
    whatBump: (commits: ReadonlyArray<{ type?: string | null; notes: unknown[] }>) => {
      level: 0 | 1 | 2;
      reason: string;
    } | null;
  }

  export const DEFAULT_COMMIT_TYPES: readonly Readonly<PresetCommitType>[];

  /** Synchronous in v9 (the README's `.then()` example is outdated). */
  export default function createPreset(config?: PresetConfig): Preset;
}
