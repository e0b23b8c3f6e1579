// The command-line contract every CLI of the project keeps: `--help` (or `-h`) prints the
// usage on stdout and exits 0; a wrong flag or argument is one line on stderr and exit 2,
// never a stack trace.
import { parseArgs, type ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;
type WithHelp<O extends Options> = O & { help: { type: "boolean"; short: "h" } };
type Values<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: WithHelp<O>; allowPositionals: true; strict: true }>
>["values"];

export interface CommandLine<O extends Options> {
  usage: string;
  /** The command as the user types it, named in the one-line answer to a mistake ("npm run demo --"). */
  command: string;
  options: O;
  /** How many positional arguments the command takes (none unless given). */
  maxPositionals?: number;
}

export type ParsedCommandLine<O extends Options> =
  | { ok: true; values: Values<O>; positionals: string[] }
  | { ok: false; exitCode: 0 | 2 };

/** Parses argv; on `--help` or a mistake it has already answered the user and says which exit code to return. */
export function parseCommandLine<O extends Options>(argv: string[], spec: CommandLine<O>): ParsedCommandLine<O> {
  const mistake = (reason: string): ParsedCommandLine<O> => {
    console.error(`${spec.command}: ${reason} (\`${spec.command} --help\` shows the usage)`);
    return { ok: false, exitCode: 2 };
  };
  const options = { ...spec.options, help: { type: "boolean", short: "h" } } as WithHelp<O>;
  let parsed: { values: Values<O>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== "string" || !code.startsWith("ERR_PARSE_ARGS_")) throw error;
    // Node's first sentence names the flag ("Unknown option '--x'"); the rest is advice about `--`.
    return mistake((error as Error).message.split(". ")[0]!);
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(spec.usage);
    return { ok: false, exitCode: 0 };
  }
  const extra = parsed.positionals.slice(spec.maxPositionals ?? 0);
  if (extra.length > 0) return mistake(`unexpected argument ${extra.map((a) => `'${a}'`).join(", ")}`);
  return { ok: true, values: parsed.values, positionals: parsed.positionals };
}
