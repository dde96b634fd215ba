// The streaming CSV parser (RFC 4180): quoted commas, quotes and line breaks, empty
// fields (unquoted: absent; quoted: the empty string), CRLF/LF/CR, chunks cut anywhere,
// and errors that name the line.

import { describe, expect, it } from "vitest";
import { CsvParser, parseCsv, type CsvRecord } from "../../src/ingest/csv";
import { readRows } from "../../src/ingest/readRows";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeFile } from "./helpers";

const fields = (text: string) => parseCsv(text).map((r) => r.fields);

/** Parses `text` pushed in pieces cut at the given positions. */
function parseInPieces(text: string, cuts: number[]): CsvRecord[] {
  const out: CsvRecord[] = [];
  const parser = new CsvParser();
  let at = 0;
  for (const cut of [...cuts, text.length]) {
    parser.push(text.slice(at, cut), out);
    at = cut;
  }
  parser.end(out);
  return out;
}

describe("CSV parsing", () => {
  it("splits plain fields and records, with or without a final line break", () => {
    expect(fields("a,b,c\n1,2,3\n")).toEqual([
      ["a", "b", "c"],
      ["1", "2", "3"],
    ]);
    expect(fields("a,b,c\n1,2,3")).toEqual([
      ["a", "b", "c"],
      ["1", "2", "3"],
    ]);
  });

  it("keeps commas, doubled quotes and line breaks inside quoted fields", () => {
    expect(fields('"a,b","say ""hi""","two\nlines","crlf\r\ninside"\n')).toEqual([["a,b", 'say "hi"', "two\nlines", "crlf\r\ninside"]]);
    expect(fields('"""",""""""\n')).toEqual([['"', '""']]);
  });

  it("reads an empty unquoted field as null (absent) and a quoted empty field as the empty string", () => {
    expect(fields('a,,"",d\n,x,\n')).toEqual([
      ["a", null, "", "d"],
      [null, "x", null],
    ]);
    expect(fields("a,b,")).toEqual([["a", "b", null]]);
  });

  it("keeps spaces as data (no trimming); a quote is only special at the start of a field", () => {
    expect(fields(' a ,"b", \n')).toEqual([[" a ", "b", " "]]);
    expect(() => parseCsv('a, "b"\n')).toThrow(/line 1: a double quote inside an unquoted field/);
  });

  it("accepts CRLF, LF and lone CR line breaks, and skips blank lines", () => {
    expect(fields("a,b\r\n1,2\r\n\r\n3,4\r5,6\n\n")).toEqual([
      ["a", "b"],
      ["1", "2"],
      ["3", "4"],
      ["5", "6"],
    ]);
  });

  it("gives each record the line it starts on, counting line breaks inside quoted fields", () => {
    const records = parseCsv('h1,h2\n"multi\nline",x\r\n\nlast,"y"\n');
    expect(records.map((r) => r.line)).toEqual([1, 2, 5]);
  });

  it("gives the same records however the text is cut into chunks", () => {
    const text = 'id,"na,me",note\r\n1,"a ""quoted"" word","line\r\nbreak"\r\n2,,""\n3,plain,"x"\r"4",",",""""\n';
    const whole = parseCsv(text);
    expect(whole.map((r) => r.fields)).toEqual([
      ["id", "na,me", "note"],
      ["1", 'a "quoted" word', "line\r\nbreak"],
      ["2", null, ""],
      ["3", "plain", "x"],
      ["4", ",", '"'],
    ]);
    for (let i = 0; i <= text.length; i++) {
      for (const j of [i, i + 1, i + 2, i + 5]) {
        expect(parseInPieces(text, j <= text.length && j > i ? [i, j] : [i])).toEqual(whole);
      }
    }
    // One character at a time.
    expect(
      parseInPieces(
        text,
        Array.from({ length: text.length }, (_, i) => i),
      ),
    ).toEqual(whole);
  });

  it("refuses a quote inside an unquoted field, text after a closing quote and an unclosed quote, naming the line", () => {
    expect(() => parseCsv('a,b\n1,x"y\n')).toThrow(/line 2: a double quote inside an unquoted field/);
    expect(() => parseCsv('a,b\n1,"x"y\n')).toThrow(/line 2: unexpected "y" after the closing quote/);
    expect(() => parseCsv('a,b\n1,2\n3,"open\n\n')).toThrow(/line 3: a quoted field is not closed/);
  });
});

describe("CSV rows", () => {
  it("become JSON objects of strings named by the header, absent where the field is empty and unquoted", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mirrorql-csv-"));
    try {
      const file = writeFile(dir, "rows.csv", '\ufeffid,name,score,note\r\n1,"Ng, Ann",12,\r\n2,,"",""""\r\n');
      const rows = [];
      for await (const row of readRows(file)) rows.push({ line: row.line, value: JSON.parse(row.json) });
      expect(rows).toEqual([
        { line: 2, value: { id: "1", name: "Ng, Ann", score: "12" } },
        { line: 3, value: { id: "2", score: "", note: '"' } },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a record whose field count differs from the header's, and a duplicate or empty header name", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mirrorql-csv-"));
    const all = async (file: string) => {
      for await (const _ of readRows(file)) void _;
    };
    try {
      await expect(all(writeFile(dir, "a.csv", "a,b\n1,2\n1,2,3\n"))).rejects.toMatchObject({
        code: "CSV_SYNTAX",
        message: expect.stringContaining("line 3: 3 fields where the header has 2"),
      });
      await expect(all(writeFile(dir, "b.csv", "a,b,a\n"))).rejects.toMatchObject({ code: "CSV_SYNTAX", message: expect.stringContaining('names "a" twice') });
      await expect(all(writeFile(dir, "c.csv", "a,,c\n"))).rejects.toMatchObject({ code: "CSV_SYNTAX", message: expect.stringContaining("header field 2 is empty") });
      await expect(all(writeFile(dir, "d.jsonl", '{"a":1}\n[1]\n'))).rejects.toMatchObject({ code: "JSONL_SYNTAX", message: expect.stringContaining("line 2") });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
