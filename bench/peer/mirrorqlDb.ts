// The peer's CSVs in a mirrorql SQLite file or in a schema of the peer's PostgreSQL cluster,
// through the library: Mirror.open with the models of bench/peer/schema, then mirror.applyBatch
// in batches of 10,000 rows (as the graphql section loads its data; untimed). The result is
// cached beside the CSVs (the SQLite file; for PostgreSQL a pg_dump of the schema), keyed by
// the data's manifest, the model files and the mirrorql code that decides what is stored
// (models, merge, storage, migrations), so that repeated runs only copy or restore it.

import Database from "better-sqlite3";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { Mirror } from "../../src/mirror";
import { loadModels } from "../../src/models/loadModels";
import { REPO_ROOT, sha256, type Log, type PeerRun } from "./harness";

export const PEER_SCHEMA_DIR = fileURLToPath(new URL("./schema/", import.meta.url));
/** The schema of the peer's cluster that holds mirrorql's tables (PostGraphile serves `public`). */
export const PEER_PG_SCHEMA = "mirrorql";
const LOAD_BATCH = 10_000;
const DATASETS = ["accounts", "contacts", "opportunities"] as const;
/** mirrorql code whose changes can change the stored database (the cache key covers it). */
const STORAGE_CODE = ["src/models", "src/merge", "src/storage", "src/changes", "drizzle"];
/** The read engine's files in those folders: they read what is stored and change nothing in it, so they stay out of the key. */
const READ_SIDE = /\/(compileReadPlan|filterSql|jsonFunctions|readTables|PgJsonReader|SqlReader|compileQuery|readerPool|readerThread(\.boot)?|readPlanText|openReaders|JsonReader)\.(ts|mjs)$/;

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []))
    .sort();
}

/** The cache key: the dataset's manifest, the model files, the storage code, this file. */
function cacheKey(manifestFile: string): string {
  const parts = [readFileSync(manifestFile, "utf8"), readFileSync(fileURLToPath(import.meta.url), "utf8")];
  for (const f of [...filesUnder(PEER_SCHEMA_DIR), ...STORAGE_CODE.flatMap((d) => filesUnder(join(REPO_ROOT, d))).filter((f) => !READ_SIDE.test(f))]) {
    parts.push(relative(REPO_ROOT, f), readFileSync(f, "utf8"));
  }
  return sha256(parts.join("\0")).slice(0, 16);
}

/** CSV rows as objects keyed by the header (RFC 4180 quoting; every value a string, as `mirrorql ingest` sends CSV). */
export function* csvBatches(file: string, size: number): Generator<Record<string, string>[]> {
  const text = readFileSync(file, "utf8");
  let i = 0;
  const n = text.length;
  const record = (): string[] | null => {
    if (i >= n) return null;
    const out: string[] = [];
    for (;;) {
      let value = "";
      if (text[i] === '"') {
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) throw new Error(`${file}: unterminated quoted field`);
          value += text.slice(i, q);
          i = q + 1;
          if (text[i] === '"') {
            value += '"';
            i++;
          } else break;
        }
      } else {
        let j = i;
        while (j < n && text[j] !== "," && text[j] !== "\n" && text[j] !== "\r") j++;
        value = text.slice(i, j);
        i = j;
      }
      out.push(value);
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "\r") i++;
      if (text[i] === "\n") i++;
      return out;
    }
  };
  const header = record();
  if (!header) return;
  let rows: Record<string, string>[] = [];
  for (let r = record(); r; r = record()) {
    const row: Record<string, string> = {};
    header.forEach((h, k) => (row[h] = r[k]!));
    rows.push(row);
    if (rows.length === size) {
      yield rows;
      rows = [];
    }
  }
  if (rows.length) yield rows;
}

/** The three CSVs of `dataDir` through mirror.applyBatch, in batches of LOAD_BATCH rows; fails if any row is quarantined or rejected. */
export async function loadPeerCsvs(mirror: Mirror, dataDir: string, where: string): Promise<void> {
  let quarantined = 0;
  let batch = 0;
  for (const dataset of DATASETS) {
    for (const rows of csvBatches(join(dataDir, `${dataset}.csv`), LOAD_BATCH)) {
      const receipt = await mirror.applyBatch([{ dataset, rows }], { batchId: `peer-load-${batch++}` });
      for (const d of receipt.datasets) quarantined += d.quarantined.length + (d.rejected?.length ?? 0);
    }
  }
  if (quarantined > 0) throw new Error(`${quarantined} rows of the peer's CSVs were quarantined or rejected by mirrorql (see ${where})`);
}

export interface MirrorqlDb {
  /** The cached, fully built file (copy it before serving: a server writes to its database). */
  file: string;
  cached: boolean;
  loadMs: number;
  bytes: number;
  /** The indexes the models declare (the peer's indexes.sql; relationship fields are indexed by mirrorql anyway). */
  indexes: string[];
}

export async function mirrorqlDatabase(dataDir: string, manifestFile: string, log: Log): Promise<MirrorqlDb> {
  const key = cacheKey(manifestFile);
  const file = join(dataDir, `mirrorql-${key}.db`);
  const models = loadModels(PEER_SCHEMA_DIR);
  const indexes = models.flatMap((m) => m.indexes.map((fields) => `${m.dataset}(${fields.join(", ")})`));
  if (existsSync(file)) {
    log(`peer: using the cached mirrorql database ${file}`);
    return { file, cached: true, loadMs: 0, bytes: statSync(file).size, indexes };
  }
  // Earlier builds (other code or models) go; the new one is built under a temporary name.
  for (const f of readdirSync(dataDir)) if (/^mirrorql-.*\.db(-wal|-shm|-journal)?$/.test(f) || f.startsWith("building-")) rmSync(join(dataDir, f), { force: true });
  const building = join(dataDir, `building-${key}.db`);
  log(`peer: loading the CSVs into a mirrorql database through Mirror.applyBatch (batches of ${LOAD_BATCH}, untimed)...`);
  const t0 = performance.now();
  const mirror = await Mirror.open({ database: building, models });
  try {
    await loadPeerCsvs(mirror, dataDir, building);
  } finally {
    await mirror.close();
  }
  // The cached file is copied for each run: no WAL beside it.
  const db = new Database(building);
  try {
    db.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    db.close();
  }
  renameSync(building, file);
  const loadMs = performance.now() - t0;
  log(`peer: mirrorql database built in ${(loadMs / 1000).toFixed(1)} s: ${file}`);
  return { file, cached: false, loadMs, bytes: statSync(file).size, indexes };
}

export interface MirrorqlPg {
  /** The PostgreSQL schema the mirror is in. */
  schema: string;
  cached: boolean;
  /** Loading through applyBatch, or restoring the cached dump. */
  loadMs: number;
  bytes: number;
  indexes: string[];
}

/**
 * The peer's CSVs in schema PEER_PG_SCHEMA of the peer's cluster (database `bench`, beside
 * PostGraphile's tables in `public`): restored from the cached dump when there is one, else
 * loaded through Mirror.applyBatch and dumped for the next run.
 */
export async function mirrorqlInPostgres(peer: PeerRun, url: string, dataDir: string, manifestFile: string, log: Log): Promise<MirrorqlPg> {
  const key = cacheKey(manifestFile);
  const dump = join(dataDir, `mirrorql-pg-${key}.dump`);
  const models = loadModels(PEER_SCHEMA_DIR);
  const indexes = models.flatMap((m) => m.indexes.map((fields) => `${m.dataset}(${fields.join(", ")})`));
  const t0 = performance.now();
  const cached = existsSync(dump);
  if (cached) {
    log(`peer: restoring mirrorql's schema ${PEER_PG_SCHEMA} from ${dump}`);
    await peer.restoreSchema(dump);
  } else {
    for (const f of readdirSync(dataDir)) if (/^mirrorql-pg-.*\.dump(\.part)?$/.test(f)) rmSync(join(dataDir, f), { force: true });
    log(`peer: loading the CSVs into mirrorql's schema ${PEER_PG_SCHEMA} through Mirror.applyBatch (batches of ${LOAD_BATCH}, untimed; about 2 minutes)...`);
    const mirror = await Mirror.open({ database: url, pgSchema: PEER_PG_SCHEMA, models });
    try {
      await loadPeerCsvs(mirror, dataDir, `${url} schema ${PEER_PG_SCHEMA}`);
    } finally {
      await mirror.close();
    }
    await peer.psql("bench", ["-c", "VACUUM ANALYZE"]);
    await peer.dumpSchema(PEER_PG_SCHEMA, `${dump}.part`);
    renameSync(`${dump}.part`, dump);
  }
  const loadMs = performance.now() - t0;
  log(`peer: mirrorql's schema ${cached ? "restored" : "loaded"} in ${(loadMs / 1000).toFixed(1)} s`);
  return { schema: PEER_PG_SCHEMA, cached, loadMs, bytes: await peer.schemaBytes(PEER_PG_SCHEMA), indexes };
}
