// Section "csv": the ingest client's CSV reader (src/ingest/csv.ts, hand-written) against
// csv-parse, the library it is tested against (test/ingest/csv.differential.test.ts), on the same
// text: 300,000 rows of the contacts export shape (a quoted field with a comma, an empty field),
// CRLF, fed in 64 KiB chunks. csv-parse is measured as the reader would use it (the cast that
// tells a quoted "" from an empty field) and without that cast. Alternating, --runs times each.

import { parse } from "csv-parse/sync";
import { CsvParser, type CsvRecord } from "../src/ingest/csv";
import { fmt, fmtInt, median, round, table, type Section } from "./lib";

const ROWS = 300_000;
const CHUNK = 64 * 1024;

function text(): string[] {
  const rows = ["contact_id,account_id,last_name,email,title,row_scn,email_opt_in"];
  for (let i = 0; i < ROWS; i++) rows.push(`ct-${i},acc-${i % 1000},"Name ${i}, Jr.",person${i}@example.com,,${i},true`);
  const all = `${rows.join("\r\n")}\r\n`;
  const chunks: string[] = [];
  for (let i = 0; i < all.length; i += CHUNK) chunks.push(all.slice(i, i + CHUNK));
  return chunks;
}

function ours(chunks: readonly string[]): number {
  const parser = new CsvParser();
  const out: CsvRecord[] = [];
  let n = 0;
  for (const c of chunks) {
    parser.push(c, out);
    n += out.length;
    out.length = 0;
  }
  parser.end(out);
  return n + out.length;
}

const library =
  (cast: boolean) =>
  (chunks: readonly string[]): number =>
    (parse(chunks.join(""), cast ? { cast: (v: string, ctx: { quoting: boolean }) => (ctx.quoting || v !== "" ? v : null) } : {}) as unknown[]).length;

export const csvSection: Section = {
  name: "csv",
  summary: "the ingest client's CSV reader vs csv-parse (with and without the cast the reader needs) on 300k rows, alternating",
  run(ctx) {
    const chunks = text();
    const readers = { ours, csvParseCast: library(true), csvParse: library(false) };
    const rates: Record<keyof typeof readers, number[]> = { ours: [], csvParseCast: [], csvParse: [] };
    for (let run = 1; run <= ctx.options.runs; run++) {
      for (const [name, read] of Object.entries(readers) as [keyof typeof readers, (c: readonly string[]) => number][]) {
        const t = performance.now();
        const rows = read(chunks);
        const ms = performance.now() - t;
        if (rows !== ROWS + 1) throw new Error(`${name} read ${rows} records, expected ${ROWS + 1}`);
        rates[name].push(Math.round((rows * 1000) / ms));
      }
      ctx.log(
        `run ${run}/${ctx.options.runs}: ours ${fmtInt(rates.ours.at(-1)!)} rows/s, csv-parse ${fmtInt(rates.csvParseCast.at(-1)!)} (cast) / ${fmtInt(rates.csvParse.at(-1)!)} rows/s`,
      );
    }
    const med = (k: keyof typeof readers) => median(rates[k]);
    const json = {
      csv: {
        rows: ROWS,
        ours: { rowsPerSec: med("ours"), runs: rates.ours },
        csvParseCast: { rowsPerSec: med("csvParseCast"), runs: rates.csvParseCast },
        csvParse: { rowsPerSec: med("csvParse"), runs: rates.csvParse },
        ratioToCsvParseCast: round(med("ours") / med("csvParseCast"), 2),
      },
    };
    return {
      json,
      lines: [
        "CSV reader (300k rows, 64 KiB chunks), median rows/s:",
        ...table(
          ["reader", "rows/s", "vs ours"],
          [
            ["ours (src/ingest/csv.ts)", fmtInt(med("ours")), "1.00"],
            ["csv-parse, with the reader's cast", fmtInt(med("csvParseCast")), fmt(med("csvParseCast") / med("ours"))],
            ["csv-parse, no cast", fmtInt(med("csvParse")), fmt(med("csvParse") / med("ours"))],
          ],
        ),
      ],
    };
  },
};
