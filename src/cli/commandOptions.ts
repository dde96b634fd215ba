// The options of each command, read from three places, first found wins: the command line,
// the environment (every option --some-name is also MIRRORQL_SOME_NAME), and a configuration
// file (mirrorql.config.json in the current folder, or the one --config / MIRRORQL_CONFIG names:
// `{ "serve": { "port": 4001, "rate-reads": "50/s" }, "ingest": { "server": "..." } }`).
// An option a command does not take is refused, with the command's usage.

import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";

export interface OptionDef {
  type: "string" | "boolean";
  multiple?: boolean;
  short?: string;
}

export type OptionDefs = Record<string, OptionDef>;

/** The values of options `D`: strings, lists of strings, or switches. */
export type ValuesOf<D extends OptionDefs> = {
  [K in keyof D]?: D[K] extends { type: "boolean" } ? boolean : D[K] extends { multiple: true } ? string[] : string;
} & { help?: boolean; config?: string };

type AnyValues = Record<string, string | boolean | string[] | undefined>;

/** A refusal of the command line: one line, then the command's usage. */
export class UsageError extends Error {}

/** Options every command takes besides its own. */
const COMMON: OptionDefs = { help: { type: "boolean", short: "h" }, config: { type: "string" } };

export const CONFIG_FILE = "mirrorql.config.json";

/** MIRRORQL_SOME_NAME for --some-name. */
export const envName = (option: string) => `MIRRORQL_${option.toUpperCase().replace(/-/g, "_")}`;

function fromEnvironment(option: string, def: OptionDef, text: string): string | boolean | string[] {
  const name = envName(option);
  if (def.type === "boolean") {
    if (/^(1|true|yes)$/i.test(text)) return true;
    if (/^(0|false|no)$/i.test(text)) return false;
    throw new UsageError(`${name} must be true or false (1, 0, yes, no), received ${JSON.stringify(text)}.`);
  }
  return def.multiple
    ? text
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : text;
}

function fromConfig(file: string, command: string, option: string, def: OptionDef, value: unknown): string | boolean | string[] {
  const where = `${file}: "${command}"."${option}"`;
  if (def.type === "boolean") {
    if (typeof value !== "boolean") throw new UsageError(`${where} must be true or false, received ${JSON.stringify(value)}.`);
    return value;
  }
  const text = (v: unknown) => {
    if (typeof v === "string" || typeof v === "number") return String(v);
    throw new UsageError(`${where} must be a string or a number${def.multiple ? ", or a list of them" : ""}, received ${JSON.stringify(v)}.`);
  };
  if (def.multiple) return Array.isArray(value) ? value.map(text) : [text(value)];
  return text(value);
}

/** The section of the configuration file for `command`, if there is a file. */
function configSection(command: string, explicit: string | undefined, defs: OptionDefs): { file: string; section: Record<string, unknown> } | undefined {
  const file = explicit ?? CONFIG_FILE;
  if (explicit === undefined && !existsSync(file)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message;
    throw new UsageError(`Cannot read the configuration file ${file}: ${why}.`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new UsageError(`${file} must hold a JSON object of commands, e.g. { "serve": { "port": 4001 } }.`);
  const section = (json as Record<string, unknown>)[command];
  if (section === undefined) return undefined;
  if (typeof section !== "object" || section === null || Array.isArray(section)) throw new UsageError(`${file}: "${command}" must be an object of options, e.g. { "port": 4001 }.`);
  for (const key of Object.keys(section)) {
    if (!(key in defs) || key in COMMON) throw new UsageError(`${file}: "${command}" has no option "${key}"; \`mirrorql ${command} --help\` lists them.`);
  }
  return { file, section: section as Record<string, unknown> };
}

/**
 * The options and positionals of `command` from `argv` (after the command's name), the
 * environment and the configuration file; UsageError for an option the command does not take.
 */
export function readCommandOptions<D extends OptionDefs>(
  command: string,
  argv: string[],
  defs: D,
  env: NodeJS.ProcessEnv = process.env,
): { values: ValuesOf<D>; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { ...COMMON, ...defs } });
  } catch (e) {
    const message = (e as Error).message;
    const unknown = /Unknown option '([^']+)'/.exec(message);
    if (unknown) throw new UsageError(`mirrorql ${command} does not take the option ${unknown[1]}.`);
    throw new UsageError(`mirrorql ${command}: ${message.split(". ")[0]}.`);
  }
  const values: AnyValues = { ...parsed.values };
  if (values.help) return { values: values as ValuesOf<D>, positionals: parsed.positionals };
  const config = configSection(command, (values.config as string | undefined) ?? (env.MIRRORQL_CONFIG || undefined), defs);
  for (const [option, def] of Object.entries(defs)) {
    if (values[option] !== undefined) continue;
    const fromEnv = env[envName(option)];
    if (fromEnv !== undefined && fromEnv !== "") values[option] = fromEnvironment(option, def, fromEnv);
    else if (config && config.section[option] !== undefined) values[option] = fromConfig(config.file, command, option, def, config.section[option]);
  }
  return { values: values as ValuesOf<D>, positionals: parsed.positionals };
}
