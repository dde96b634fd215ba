// SQL functions the compiled read engine calls where PostgreSQL cannot format a value exactly as
// the API defines it: a double as JavaScript writes it. PostgreSQL's float8 text is already the
// shortest text that reads back the same number (extra_float_digits = 1, set on every connection
// that reads), with the same digits as JavaScript's; only the notation differs. PostgreSQL writes
// an exponent outside 1e-4 <= |x| < 1e15 ("1e+20", "1e-05"), JavaScript outside 1e-6 <= |x| < 1e21
// ("100000000000000000000", "0.00001", "1e+21", "1e-7"), and "-0" is "0" in JSON.
// And from 2^53 on, PostgreSQL's digits are sometimes one longer than JavaScript's, which may take
// a decimal exactly halfway between two doubles (1e16 + 2 rounds to even), where PostgreSQL does not.
// mq_float_json is a plain SQL expression, so the planner inlines it into each statement; the
// rare values needing another notation or digits go through mq_float_json_wide.

import type pg from "pg";

export const FLOAT_JSON = "mq_float_json";

export const READ_FUNCTIONS_SQL: readonly string[] = [
  `CREATE OR REPLACE FUNCTION mq_float_json_wide(x double precision) RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
DECLARE
  s text := x::text;
  sign text := CASE WHEN x < 0 THEN '-' ELSE '' END;
  exponent int := split_part(s, 'e', 2)::int;
  digits text := replace(ltrim(split_part(s, 'e', 1), '-'), '.', '');
  n int;
  lo numeric;
  chosen numeric;
  -- 2^1024 - 2^970: decimals from here on read as infinity.
  beyond numeric := 179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792;
BEGIN
  IF strpos(s, 'e') = 0 THEN
    RETURN s;
  END IF;
  -- From 2^53 on, a decimal exactly halfway between two doubles can be shorter than PostgreSQL's
  -- digits; JavaScript takes it when it reads back as x (ties to even): try one digit less while one does.
  IF abs(x) >= 9007199254740992 THEN
    LOOP
      n := length(digits);
      EXIT WHEN n <= 1;
      lo := left(digits, n - 1)::numeric;
      chosen := NULL;
      IF lo * 10::numeric ^ (exponent - n + 2) < beyond AND (lo * 10::numeric ^ (exponent - n + 2))::float8 = abs(x) THEN
        chosen := lo;
      END IF;
      IF (lo + 1) * 10::numeric ^ (exponent - n + 2) < beyond AND ((lo + 1) * 10::numeric ^ (exponent - n + 2))::float8 = abs(x)
         AND (chosen IS NULL OR abs((lo + 1) * 10 - digits::numeric) < abs(lo * 10 - digits::numeric)) THEN
        chosen := lo + 1;
      END IF;
      EXIT WHEN chosen IS NULL;
      IF length(chosen::text) > n - 1 THEN
        exponent := exponent + 1;
      END IF;
      digits := rtrim(chosen::text, '0');
    END LOOP;
  END IF;
  IF exponent >= 21 OR exponent <= -7 THEN
    RETURN sign || left(digits, 1) || CASE WHEN length(digits) > 1 THEN '.' || substr(digits, 2) ELSE '' END
      || 'e' || CASE WHEN exponent < 0 THEN '-' ELSE '+' END || abs(exponent)::text;
  ELSIF exponent < 0 THEN
    RETURN sign || '0.' || repeat('0', -exponent - 1) || digits;
  ELSIF length(digits) <= exponent + 1 THEN
    RETURN sign || digits || repeat('0', exponent + 1 - length(digits));
  ELSE
    RETURN sign || left(digits, exponent + 1) || '.' || substr(digits, exponent + 2);
  END IF;
END
$fn$`,
  `CREATE OR REPLACE FUNCTION ${FLOAT_JSON}(x double precision) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
SELECT CASE
  WHEN x IS NULL OR x = 'NaN'::float8 OR x = 'Infinity'::float8 OR x = '-Infinity'::float8 THEN 'null'
  WHEN x = 0 THEN '0'
  WHEN abs(x) >= 1e-4::float8 AND abs(x) < 1e15::float8 THEN x::text
  ELSE mq_float_json_wide(x)
END
$fn$`,
];

/**
 * Session settings of every reading connection, whatever the role or database sets: float8 text
 * is the shortest exact form, and backslashes in string literals are plain characters (both
 * needed for exact answers). And two planner settings for reads that are short index lookups on
 * data in memory: random_page_cost 1.1 (the default 4 prices a heap page fetched by an index as
 * read from a spinning disk, so that for the handful of rows of a nested page the planner prefers
 * bitmap scans, which cost more CPU than plain index scans: about a fifth of the peer benchmark's
 * statement), and no JIT (compiling a statement takes longer than such a read runs).
 */
export const READ_SESSION_OPTIONS = "-c extra_float_digits=1 -c standard_conforming_strings=on -c random_page_cost=1.1 -c jit=off";

/**
 * Creates (or replaces) the read functions in the first schema of the search path. Serialised
 * by an advisory lock, so that replicas opening together do not race on the catalog.
 * @example await installReadFunctions(pool);
 */
export async function installReadFunctions(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    // The readers' statement_timeout (TIMEOUT for reads) is not meant for installing functions.
    await client.query("SET LOCAL statement_timeout = 0");
    await client.query("SELECT pg_advisory_xact_lock(hashtext('mirrorql:read-functions'))");
    for (const sql of READ_FUNCTIONS_SQL) await client.query(sql);
    await client.query("COMMIT");
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
