// A small streaming CSV parser (RFC 4180): fields separated by commas (or another delimiter), records by
// CRLF or LF (a lone CR also ends a record), fields optionally enclosed in double
// quotes, a quote inside a quoted field doubled. Quoted fields may hold commas, quotes
// and line breaks. Text is pushed in chunks of any size: a chunk may end anywhere,
// even between the two quotes of an escaped quote or between CR and LF.
//
// An empty unquoted field is `null` (absent), and so is an unquoted field equal to the null
// marker when one is given (Snowflake unloads write \N); a quoted empty field (`""`) is the
// empty string. Blank lines are skipped. A double quote inside an unquoted field, text
// after a closing quote, and a quoted field left open at the end are errors naming the line.
//
// Hand-written rather than csv-parse: on two cores it reads 1-2 million rows/s where csv-parse
// reads about 200,000 (and 15,000 with the cast that tells "" from an empty field), the bench's
// `csv` section measures both; test/ingest/csv.differential.test.ts holds it to csv-parse's
// reading of the same inputs.

export interface CsvOptions {
  /** One character between fields (default ","). */
  delimiter?: string;
  /** Unquoted text that stands for null, as well as an empty unquoted field (e.g. "\\N"). */
  nullMarker?: string;
}

export type CsvField = string | null;

export interface CsvRecord {
  /** The line (1-based) where the record starts. */
  line: number;
  fields: CsvField[];
}

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = "CsvError";
  }
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

const enum State {
  /** At the start of a field. */
  Start,
  /** Inside an unquoted field. */
  Unquoted,
  /** Inside a quoted field. */
  Quoted,
  /** Just after a quote inside a quoted field: an escaped quote or the closing one. */
  QuoteSeen,
  /** Just after a CR that ended a record: an LF may follow. */
  AfterCr,
}

export class CsvParser {
  private state = State.Start;
  private fields: CsvField[] = [];
  private text = "";
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  private readonly delimiter: number;
  private readonly nullMarker: string | undefined;

  constructor({ delimiter = ",", nullMarker }: CsvOptions = {}) {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === "\n" || delimiter === "\r")
      throw new Error(`invariant: a CSV delimiter is one character other than a quote or a line break, got ${JSON.stringify(delimiter)}`);
    this.delimiter = delimiter.charCodeAt(0);
    this.nullMarker = nullMarker === "" ? undefined : nullMarker;
  }

  /** Parses a chunk and appends the records it completes to `out`. */
  push(chunk: string, out: CsvRecord[]): void {
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      switch (this.state) {
        case State.Start: {
          if (this.fields.length === 0) this.recordLine = this.line;
          const c = chunk.charCodeAt(i);
          if (c === QUOTE) {
            this.state = State.Quoted;
            this.quoteLine = this.line;
            i++;
          } else if (c === this.delimiter) {
            this.fields.push(null);
            i++;
          } else if (c === LF || c === CR) {
            this.fields.push(null);
            this.endRecord(out, this.fields.length === 1);
            if (c === LF) this.line++;
            else this.state = State.AfterCr;
            i++;
          } else {
            this.state = State.Unquoted;
          }
          break;
        }
        case State.Unquoted: {
          let j = i;
          let c = 0;
          for (; j < n; j++) {
            c = chunk.charCodeAt(j);
            if (c === this.delimiter || c === LF || c === CR || c === QUOTE) break;
          }
          this.text += j === i ? "" : chunk.slice(i, j);
          if (j === n) {
            i = n;
            break;
          }
          if (c === QUOTE) {
            throw new CsvError(
              `a double quote inside an unquoted field (${JSON.stringify(this.text.slice(0, 40))}...); enclose the field in double quotes and double the quotes inside it`,
              this.line,
            );
          }
          this.endField(c, out);
          i = j + 1;
          break;
        }
        case State.Quoted: {
          const j = chunk.indexOf('"', i);
          const end = j === -1 ? n : j;
          if (end > i) {
            const piece = chunk.slice(i, end);
            this.text += piece;
            for (let k = piece.indexOf("\n"); k !== -1; k = piece.indexOf("\n", k + 1)) this.line++;
          }
          if (j === -1) {
            i = n;
          } else {
            this.state = State.QuoteSeen;
            i = j + 1;
          }
          break;
        }
        case State.QuoteSeen: {
          const c = chunk.charCodeAt(i);
          if (c === QUOTE) {
            this.text += '"';
            this.state = State.Quoted;
          } else if (c === this.delimiter || c === LF || c === CR) {
            this.endField(c, out);
          } else {
            throw new CsvError(`unexpected ${JSON.stringify(chunk[i])} after the closing quote of a field; a quote inside a quoted field is written twice ("")`, this.line);
          }
          i++;
          break;
        }
        case State.AfterCr: {
          if (chunk.charCodeAt(i) === LF) i++;
          this.line++;
          this.state = State.Start;
          break;
        }
      }
    }
  }

  /** Ends the input: completes the last record (a file need not end with a line break). */
  end(out: CsvRecord[]): void {
    switch (this.state) {
      case State.Quoted:
        throw new CsvError("a quoted field is not closed before the end of the file", this.quoteLine);
      case State.QuoteSeen:
      case State.Unquoted:
        this.fields.push(this.text === this.nullMarker ? null : this.text);
        this.text = "";
        this.endRecord(out, false);
        break;
      case State.Start:
        if (this.fields.length > 0) {
          this.fields.push(null);
          this.endRecord(out, false);
        }
        break;
      case State.AfterCr:
        break;
    }
    this.state = State.Start;
  }

  /** Ends the current field on a separator `c` (the delimiter, LF or CR). */
  private endField(c: number, out: CsvRecord[]): void {
    const quoted = this.state === State.QuoteSeen;
    const empty = !quoted && this.text === "";
    this.fields.push(quoted || (this.text !== "" && this.text !== this.nullMarker) ? this.text : null);
    this.text = "";
    if (c === this.delimiter) {
      this.state = State.Start;
      return;
    }
    this.endRecord(out, empty && this.fields.length === 1);
    if (c === LF) {
      this.line++;
      this.state = State.Start;
    } else {
      this.state = State.AfterCr;
    }
  }

  /** Ends the record; a blank line (`blank`: nothing on it) is skipped. */
  private endRecord(out: CsvRecord[], blank: boolean): void {
    const fields = this.fields;
    this.fields = [];
    if (blank) return;
    out.push({ line: this.recordLine, fields });
  }
}

/** Parses a whole CSV text (tests, small inputs). */
export function parseCsv(text: string, options: CsvOptions = {}): CsvRecord[] {
  const out: CsvRecord[] = [];
  const parser = new CsvParser(options);
  parser.push(text, out);
  parser.end(out);
  return out;
}
