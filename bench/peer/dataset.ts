// The peer's data: the CSVs of its own generator (gen-data.mjs, under the peer's Node) at a
// scale of the full 10k/100k/300k rows, cached as run.sh caches them.

import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { PEER_DIR, PEER_NODE, run, sha256, type Log } from "./harness";

export interface PeerDataset {
  dir: string;
  manifestFile: string;
  manifest: { accounts: number; contacts: number; opportunities: number; seed: number; generator_sha256: string };
  generated: boolean;
  generateMs: number;
}

export const FULL_SIZE = { accounts: 10_000, contacts: 100_000, opportunities: 300_000 };

/** run.sh's `scaled`: int(n * s + 0.5), at least 1. */
export const scaled = (n: number, scale: number) => Math.max(1, Math.floor(n * scale + 0.5));

/**
 * The CSVs of `gen-data.mjs` in bench/peer/postgraphile/data/a<N>-c<N>-o<N>-s<seed>/, generated
 * unless that folder holds them from the current generator (its sha256 in manifest.json).
 */
export async function peerDataset(scale: number, seed: number, log: Log): Promise<PeerDataset> {
  const n = { accounts: scaled(FULL_SIZE.accounts, scale), contacts: scaled(FULL_SIZE.contacts, scale), opportunities: scaled(FULL_SIZE.opportunities, scale) };
  const dir = join(PEER_DIR, "data", `a${n.accounts}-c${n.contacts}-o${n.opportunities}-s${seed}`);
  const manifestFile = join(dir, "manifest.json");
  const genSha = sha256(readFileSync(join(PEER_DIR, "gen-data.mjs")));
  const current = () => existsSync(manifestFile) && (JSON.parse(readFileSync(manifestFile, "utf8")) as { generator_sha256?: string }).generator_sha256 === genSha;
  let generated = false;
  let generateMs = 0;
  if (!current()) {
    log(`peer: generating ${n.accounts} accounts, ${n.contacts} contacts, ${n.opportunities} opportunities (seed ${seed}) into ${dir}`);
    const t0 = performance.now();
    rmSync(dir, { recursive: true, force: true });
    await run(
      PEER_NODE,
      [join(PEER_DIR, "gen-data.mjs"), dir, "--accounts", String(n.accounts), "--contacts", String(n.contacts), "--opportunities", String(n.opportunities), "--seed", String(seed)],
      { cwd: PEER_DIR },
    );
    generated = true;
    generateMs = performance.now() - t0;
  } else {
    log(`peer: using cached data in ${dir}`);
  }
  return { dir, manifestFile, manifest: JSON.parse(readFileSync(manifestFile, "utf8")) as PeerDataset["manifest"], generated, generateMs };
}
