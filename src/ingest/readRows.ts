// Change rows out of a file, streamed: CSV (a header row, then one change per record)
// or JSON Lines (one JSON object per line), either of them gzip-compressed. Rows come
// out already serialized as JSON objects, ready to be put in a request body: CSV values
// stay strings (the server coerces the documented spellings), an empty unquoted CSV
// field is left out (absent, i.e. null), and a JSON line is sent exactly as written.
//
// The file is read as the rows are consumed: a consumer that stops pulling (one batch in
// flight) stops the reading, so memory stays flat whatever the file's size.

import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { basename } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream";
import { createGunzip } from "node:zlib";
import { CsvError, CsvParser, type CsvOptions, type CsvRecord } from "./csv";
import { IngestError } from "./IngestError";

export type InputKind = "csv" | "jsonl";

export interface SourceRow {
  /** The line (1-based) of the file where the row starts. */
  line: number;
  /** The row as the text of a JSON object. */
  json: string;
}

export interface ReadRowsOptions {
  /** The file's kind; by default from its extension (.csv, .jsonl, .ndjson, each optionally .gz). */
  kind?: InputKind;
  /** Called as the file is read, with the bytes read from disk so far (compressed bytes for gzip). */
  onBytes?: (bytesRead: number) => void;
  /**
   * What a JSON line `null` stands for, sent in its place (Debezium: a Kafka tombstone, the
   * record that follows a delete for log compaction, sent as {"payload":null}, which the merge
   * counts as ignored); without it, such a line stops the load as not a row.
   */
  nullLine?: string;
  /** How a CSV file writes fields (delimiter, null marker). */
  csv?: CsvOptions;
}

/** The kind of a file by its extension, or undefined when the name does not tell. */
export function inputKindOf(file: string): InputKind | undefined {
  const name = basename(file).toLowerCase().replace(/\.gz$/, "");
  if (name.endsWith(".csv")) return "csv";
  if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) return "jsonl";
  return undefined;
}

/** Whether the file is gzip-compressed: by its `.gz` suffix or its first two bytes. */
export async function isGzip(file: string): Promise<boolean> {
  if (file.toLowerCase().endsWith(".gz")) return true;
  const handle = await open(file, "r");
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** The rows of a CSV or JSON Lines file (gzip too), in file order. */
export async function* readRows(file: string, options: ReadRowsOptions = {}): AsyncGenerator<SourceRow> {
  const kind = options.kind ?? inputKindOf(file);
  if (!kind) {
    throw new IngestError("UNKNOWN_FILE_TYPE", `Cannot tell the type of ${file} from its name; name it .csv, .jsonl or .ndjson (optionally followed by .gz).`);
  }
  let gzip: boolean;
  try {
    gzip = await isGzip(file);
  } catch (e) {
    throw fileError(e, file);
  }
  const raw = createReadStream(file);
  const source: Readable = gzip ? pipeline(raw, createGunzip(), () => undefined) : raw;
  source.setEncoding("utf8");
  const chunks = textChunks(source, raw, options.onBytes, file);
  yield* kind === "csv" ? csvRows(chunks, file, options.csv) : jsonLines(chunks, file, options.nullLine);
}

async function* textChunks(source: Readable, raw: { bytesRead: number }, onBytes: ((n: number) => void) | undefined, file: string): AsyncGenerator<string> {
  let first = true;
  try {
    for await (const chunk of source as AsyncIterable<string>) {
      onBytes?.(raw.bytesRead);
      // A UTF-8 byte order mark is not part of the first field.
      yield first && chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk;
      first = false;
    }
  } catch (e) {
    throw fileError(e, file);
  }
}

function fileError(e: unknown, file: string): IngestError {
  const err = e as NodeJS.ErrnoException;
  if (err.code === "ENOENT") return new IngestError("FILE_NOT_FOUND", `No file ${file}.`);
  if (err.code?.startsWith("Z_")) return new IngestError("BAD_GZIP", `${file} is not valid gzip data: ${err.message}.`);
  return new IngestError("FILE_ERROR", `Cannot read ${file}: ${err.message}.`);
}

async function* csvRows(chunks: AsyncIterable<string>, file: string, options: CsvOptions | undefined): AsyncGenerator<SourceRow> {
  const parser = new CsvParser(options);
  const records: CsvRecord[] = [];
  let header: string[] | undefined;
  // The header's names, each already written as a JSON string followed by a colon.
  let keys: string[] = [];
  const rowsOf = function* (): Generator<SourceRow> {
    for (const record of records) {
      if (!header) {
        header = checkHeader(record, file);
        keys = header.map((h) => `${JSON.stringify(h)}:`);
        continue;
      }
      if (record.fields.length !== header.length) {
        throw new IngestError("CSV_SYNTAX", `${file}, line ${record.line}: ${record.fields.length} fields where the header has ${header.length}.`);
      }
      let json = "{";
      for (let i = 0; i < record.fields.length; i++) {
        const value = record.fields[i];
        if (value === null || value === undefined) continue;
        json += `${json.length > 1 ? "," : ""}${keys[i]}${JSON.stringify(value)}`;
      }
      yield { line: record.line, json: `${json}}` };
    }
    records.length = 0;
  };
  try {
    for await (const chunk of chunks) {
      parser.push(chunk, records);
      yield* rowsOf();
    }
    parser.end(records);
    yield* rowsOf();
  } catch (e) {
    if (e instanceof CsvError) throw new IngestError("CSV_SYNTAX", `${file}, ${e.message}.`);
    throw e;
  }
  if (!header) throw new IngestError("CSV_SYNTAX", `${file} has no header row; the first line names the fields.`);
}

function checkHeader(record: CsvRecord, file: string): string[] {
  const seen = new Set<string>();
  return record.fields.map((name, i) => {
    if (name === null || name === "") throw new IngestError("CSV_SYNTAX", `${file}, line ${record.line}: header field ${i + 1} is empty; the header row names every field.`);
    if (seen.has(name)) throw new IngestError("CSV_SYNTAX", `${file}, line ${record.line}: the header names ${JSON.stringify(name)} twice.`);
    seen.add(name);
    return name;
  });
}

async function* jsonLines(chunks: AsyncIterable<string>, file: string, nullLine: string | undefined): AsyncGenerator<SourceRow> {
  let rest = "";
  let line = 0;
  const row = (text: string): SourceRow | undefined => {
    line++;
    const json = text.trim();
    if (json === "") return undefined;
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch (e) {
      throw new IngestError("JSONL_SYNTAX", `${file}, line ${line}: not valid JSON (${(e as Error).message}).`);
    }
    if (value === null && nullLine !== undefined) return { line, json: nullLine };
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new IngestError(
        "JSONL_SYNTAX",
        `${file}, line ${line}: each line must be one JSON object, this one is ${Array.isArray(value) ? "an array" : value === null ? "null" : typeof value}.`,
      );
    }
    return { line, json };
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (let nl = chunk.indexOf("\n"); nl !== -1; nl = chunk.indexOf("\n", start)) {
      const text = rest === "" ? chunk.slice(start, nl) : rest + chunk.slice(start, nl);
      rest = "";
      start = nl + 1;
      const r = row(text);
      if (r) yield r;
    }
    rest += chunk.slice(start);
  }
  const last = row(rest);
  if (last) yield last;
}
