// Debezium change events, as Kafka Connect's JSON converter writes them: either the whole
// record value `{ schema, payload }` (schemas.enable=true) or the bare payload
// `{ before, after, source, op, ts_ms }`. A null value is a Kafka tombstone.
//
// Native order ("versionSource": "debezium"): the type of the model's one version field says
// which position of the `source` block orders the changes, so that a dataset never mixes two:
//   integer  -> `source.lsn` (Postgres; a number, a decimal string or the text form "16/B374D848");
//   string   -> `source.file`/`pos`/`row` (MySQL, MariaDB binlog), encoded to sort as text
//               (see encodeBinlogPosition);
//   datetime -> `source.ts_ms` (the commit time in the database; the envelope's `ts_ms`
//               when the source block has none). The last resort: ties within a millisecond
//               fall to the merge's tie-break, so choose it only when the connector has no position.
// An event without the position its model needs is quarantined with DEBEZIUM_MISSING_POSITION.

import { Buffer } from "node:buffer";
import type { FieldType, Model } from "../../models/Model";
import { fieldOf } from "../../models/Model";
import { describeReceived } from "../coerceValue";
import { ignored, invalid, isRow, jsonInteger, notARow, remove, unsignedInteger, upsert, type RawRow, type Translated, type Translator } from "./Translated";

const OPS = '"c" (create), "u" (update), "r" (snapshot read), "d" (delete), "t" (truncate) or "m" (message)';

// --- values: Kafka Connect logical types, decoded when the record carries its schema ---------

type Decode = (value: unknown, parameters: Record<string, unknown>) => unknown;

/** A whole number in a JSON value, or undefined. */
function wholeNumber(value: unknown): bigint | undefined {
  if (typeof value === "number") return Number.isInteger(value) ? BigInt(value) : undefined;
  if (typeof value === "bigint") return value;
  if (typeof value === "string" && /^-?\d{1,25}$/.test(value)) return BigInt(value);
  return undefined;
}

/** Epoch time in units of 10^-digits seconds as ISO-8601 UTC text, keeping every digit. */
function epochText(value: unknown, digits: number): unknown {
  const n = wholeNumber(value);
  if (n === undefined) return value;
  const unit = 10n ** BigInt(digits);
  let seconds = n / unit;
  let fraction = n % unit;
  if (fraction < 0n) [seconds, fraction] = [seconds - 1n, fraction + unit];
  const date = new Date(Number(seconds) * 1000);
  if (Number.isNaN(date.getTime())) return value;
  return `${date.toISOString().slice(0, -5)}.${fraction.toString().padStart(digits, "0")}Z`;
}

function epochDays(value: unknown): unknown {
  const n = wholeNumber(value);
  if (n === undefined) return value;
  const date = new Date(Number(n) * 86_400_000);
  return Number.isNaN(date.getTime()) ? value : date.toISOString().slice(0, 10);
}

/**
 * The largest Decimal scale decoded, either way: PostgreSQL numeric's. A scale past it
 * (10^9, say) would build a string too long for the engine and fail the whole batch; the value is
 * then left undecoded, so that the row alone is refused as INVALID_VALUE naming its column.
 */
const MAX_DECIMAL_SCALE = 16_383;

/** A Connect Decimal: the unscaled value as big-endian two's complement bytes, in base64. */
function decimalText(value: unknown, scale: unknown): unknown {
  if (typeof value !== "string") return value; // decimal.format=NUMERIC already gives a number
  const s = scale === undefined || scale === null ? 0 : typeof scale === "number" ? scale : typeof scale === "string" && /^-?\d{1,6}$/.test(scale) ? Number(scale) : NaN;
  // A fractional, non-numeric or out-of-range scale says nothing exact about the value.
  if (!Number.isInteger(s) || Math.abs(s) > MAX_DECIMAL_SCALE) return value;
  const bytes = Buffer.from(value, "base64");
  if (bytes.length === 0) return value;
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  if (bytes[0]! & 0x80) n -= 1n << BigInt(bytes.length * 8);
  let digits = (n < 0n ? -n : n).toString();
  if (s > 0) {
    digits = digits.padStart(s + 1, "0");
    digits = `${digits.slice(0, -s)}.${digits.slice(-s)}`;
  } else if (s < 0 && n !== 0n) {
    // A negative scale (Oracle NUMBER(p,-s), Java BigDecimal) multiplies by 10^-s.
    digits += "0".repeat(-s);
  }
  return n < 0n ? `-${digits}` : digits;
}

const LOGICAL: Record<string, Decode> = {
  "io.debezium.time.Date": epochDays,
  "org.apache.kafka.connect.data.Date": epochDays,
  "io.debezium.time.Timestamp": (v) => epochText(v, 3),
  "org.apache.kafka.connect.data.Timestamp": (v) => epochText(v, 3),
  "io.debezium.time.MicroTimestamp": (v) => epochText(v, 6),
  "io.debezium.time.NanoTimestamp": (v) => epochText(v, 9),
  "org.apache.kafka.connect.data.Decimal": (v, p) => decimalText(v, p.scale),
  "io.debezium.data.VariableScaleDecimal": (v) => (isRow(v) ? decimalText(v.value, v.scale) : v),
};

/** Decoders for the columns of the `before` or `after` struct whose schema names a logical type. */
function columnDecoders(schema: unknown, image: "before" | "after"): Map<string, (v: unknown) => unknown> | undefined {
  if (!isRow(schema) || !Array.isArray(schema.fields)) return undefined;
  const struct = schema.fields.find((f): f is RawRow => isRow(f) && f.field === image);
  if (!struct || !Array.isArray(struct.fields)) return undefined;
  const decoders = new Map<string, (v: unknown) => unknown>();
  for (const column of struct.fields) {
    if (!isRow(column) || typeof column.field !== "string" || typeof column.name !== "string") continue;
    const decode = LOGICAL[column.name];
    if (!decode) continue;
    const parameters = isRow(column.parameters) ? column.parameters : {};
    decoders.set(column.field, (v) => (v === null || v === undefined ? v : decode(v, parameters)));
  }
  return decoders.size > 0 ? decoders : undefined;
}

function rowImage(image: RawRow, decoders: Map<string, (v: unknown) => unknown> | undefined): RawRow {
  const row: RawRow = { ...image };
  if (decoders) for (const [name, decode] of decoders) if (name in row) row[name] = decode(row[name]);
  return row;
}

// --- native order ----------------------------------------------------------------------------

type Position = { ok: true; value: unknown } | { ok: false; result: Translated };

const missing = (column: string, expected: string, received: unknown, model: Model, why: string): Position => ({
  ok: false,
  result: invalid(
    "DEBEZIUM_MISSING_POSITION",
    column,
    expected,
    received ?? null,
    `Model ${model.name} orders Debezium changes by ${column} (${why}), which this event lacks (received ${describeReceived(received ?? null)}).`,
  ),
});

const malformed = (column: string, expected: string, received: unknown): Position => ({
  ok: false,
  result: invalid("DEBEZIUM_INVALID_POSITION", column, expected, received, `Debezium ${column} must be ${expected}, received ${describeReceived(received)}.`),
});

const LSN_EXPECTED = 'a Postgres LSN: a non-negative integer or its text form such as "16/B374D848"';

/** Postgres `source.lsn`: Debezium writes a number; the text form "X/Y" is accepted too. */
function lsnPosition(model: Model, source: RawRow | undefined): Position {
  const lsn = source?.lsn;
  if (lsn === undefined || lsn === null) {
    return missing("source.lsn", LSN_EXPECTED, lsn, model, 'its version field is an integer; for a MySQL connector declare it a "string", or a "datetime" for source.ts_ms');
  }
  let n = unsignedInteger(lsn);
  const text = typeof lsn === "string" ? /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(lsn) : null;
  if (n === undefined && text) n = (BigInt(`0x${text[1]}`) << 32n) | BigInt(`0x${text[2]}`);
  return n === undefined ? malformed("source.lsn", LSN_EXPECTED, lsn) : { ok: true, value: jsonInteger(n) };
}

/**
 * The sortable text form of a MySQL binlog position: `<base>.<file number, 10 digits>:<pos,
 * 20 digits>:<row, 10 digits>`, e.g. mysql-bin.000003 at 154, row 0 →
 * "mysql-bin.0000000003:00000000000000000154:0000000000". Every part is zero-padded to a
 * fixed width, so text order is (file number, pos, row) order for files of one base name
 * (a server's binlog files share it; positions of different servers do not compare anyway).
 */
export function encodeBinlogPosition(file: string, pos: bigint, row: bigint): string | undefined {
  const m = /^(.+)\.(\d{1,10})$/.exec(file);
  if (!m || pos.toString().length > 20 || row.toString().length > 10) return undefined;
  return `${m[1]}.${BigInt(m[2]!).toString().padStart(10, "0")}:${pos.toString().padStart(20, "0")}:${row.toString().padStart(10, "0")}`;
}

function binlogPosition(model: Model, source: RawRow | undefined): Position {
  const why = 'its version field is a string; for a Postgres connector declare it an "integer" (source.lsn)';
  const { file, pos, row } = source ?? {};
  if (file === undefined || file === null) return missing("source.file", 'a binlog file name such as "mysql-bin.000003"', file, model, why);
  if (pos === undefined || pos === null) return missing("source.pos", "a binlog position, a non-negative integer", pos, model, why);
  if (typeof file !== "string" || !/^.+\.\d{1,10}$/.test(file)) return malformed("source.file", 'a binlog file name ending in its number, such as "mysql-bin.000003"', file);
  const p = unsignedInteger(pos);
  if (p === undefined) return malformed("source.pos", "a binlog position, a non-negative integer", pos);
  const r = row === undefined || row === null ? 0n : unsignedInteger(row);
  if (r === undefined) return malformed("source.row", "the row number within the binlog event, a non-negative integer", row);
  const encoded = encodeBinlogPosition(file, p, r);
  return encoded === undefined ? malformed("source.pos", "a binlog position of at most 20 digits", pos) : { ok: true, value: encoded };
}

function timestampPosition(model: Model, source: RawRow | undefined, payload: RawRow): Position {
  const [column, ms] = source?.ts_ms !== undefined && source.ts_ms !== null ? ["source.ts_ms", source.ts_ms] : ["ts_ms", payload.ts_ms];
  if (ms === undefined || ms === null) {
    return missing("source.ts_ms", "milliseconds since the epoch", ms, model, "its version field is a datetime");
  }
  const n = unsignedInteger(ms);
  const text = n === undefined ? undefined : epochText(n, 3);
  return typeof text === "string" ? { ok: true, value: text } : malformed(column, "milliseconds since the epoch, a non-negative integer", ms);
}

const POSITION: Partial<Record<FieldType, (model: Model, source: RawRow | undefined, payload: RawRow) => Position>> = {
  integer: lsnPosition,
  string: binlogPosition,
  datetime: timestampPosition,
};

// --- events ----------------------------------------------------------------------------------

/**
 * c / u / r upsert the `after` image, d deletes the key of the `before` image; a tombstone
 * (null value) and m (a logical decoding message) are ignored; t (truncate) names no key and
 * is refused. Duplicates from at-least-once delivery carry the same position, so they are the
 * same change to the merge. A key-changing update arrives as d (old key) then c (new key).
 */
export function compileDebezium(model: Model): Translator {
  const versionField = model.versionSource === "debezium" ? model.version[0]! : undefined;
  const position = versionField === undefined ? undefined : POSITION[fieldOf(model, versionField).type];
  if (versionField !== undefined && !position) throw new Error(`invariant: model ${model.name} has a Debezium version field of a type the loader refuses`);

  return (raw) => {
    if (raw === null || raw === undefined) return ignored("Kafka tombstone (null value): follows a Debezium delete for log compaction.");
    if (!isRow(raw)) return notARow(raw, "a Debezium change event (a JSON object)");
    const enveloped = !("op" in raw) && "payload" in raw;
    const payload = enveloped ? raw.payload : raw;
    const schema = enveloped ? raw.schema : undefined;
    if (payload === null || payload === undefined) return ignored("Kafka tombstone (null payload): follows a Debezium delete for log compaction.");
    if (!isRow(payload)) return notARow(payload, "a Debezium change event payload (a JSON object)");

    const op = payload.op;
    let image: "before" | "after";
    if (op === "c" || op === "u" || op === "r") image = "after";
    else if (op === "d") image = "before";
    else if (op === "m") return ignored('Debezium message event (op "m"): a logical decoding message, not a row change.');
    else if (op === "t") {
      return invalid(
        "DEBEZIUM_TRUNCATE_UNSUPPORTED",
        "op",
        '"c", "u", "r" or "d"',
        op,
        'Debezium truncate events (op "t") carry no key, so the mirror cannot tell which rows they remove. Delete the rows explicitly (one delete per key), and keep truncates out of the stream (the connector\'s default skipped.operations=t).',
      );
    } else {
      return invalid("DEBEZIUM_INVALID_OP", "op", OPS, op ?? null, `Debezium field op must be ${OPS}, received ${describeReceived(op ?? null)}.`);
    }

    const values = payload[image];
    if (!isRow(values)) {
      const why =
        image === "before" ? "a delete names its key in the before image (Postgres: set REPLICA IDENTITY to DEFAULT or FULL)" : "an upsert carries the new row in the after image";
      return invalid(
        "DEBEZIUM_MISSING_ROW_IMAGE",
        image,
        `the ${image} image of the row (a JSON object)`,
        values ?? null,
        `Debezium op "${op}" needs ${image}: ${why}; received ${describeReceived(values ?? null)}.`,
      );
    }
    const row = rowImage(values, columnDecoders(schema, image));
    if (versionField !== undefined) {
      const source = isRow(payload.source) ? payload.source : undefined;
      const at = position!(model, source, payload);
      if (!at.ok) return at.result;
      row[versionField] = at.value;
    }
    return image === "after" ? upsert(row) : remove(row);
  };
}
