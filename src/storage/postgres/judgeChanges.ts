// What each change of a dataset's share of a batch does, decided in Node in batch order exactly
// as SQLite's change-by-change merge decides it (sqlite/datasetStore.ts), from what PostgreSQL
// said, part by part, of the state before each part (one flag per change) and of the history
// (which changes it took). The database is asked once per fact; the walk through the batch is in
// memory. A change whose key has a change applied earlier in the batch is judged against that one,
// so the flags of a later part (against a state the earlier parts wrote) are read only for keys
// those parts left as they were.

import type { Change } from "../../changes/normalizeChange";
import type { StorageValue } from "../../changes/coerceValue";
import type { FieldType, Model } from "../../models/Model";

/**
 * How a change stands against its key's state before its part, one letter per change as the
 * merge statement spells it: no state (`n`); it beats the state (`b`), or beats an upsert of
 * equal version (`t`, a tie won by content); it does not beat the state (`l`).
 */
export type StateFlag = "n" | "b" | "t" | "l";

/** What the changes of a dataset's share of a batch did, as the receipt counts them. */
export interface Judgement {
  upserted: number;
  deleted: number;
  stale: number;
  unchanged: number;
  /** Conflicts (R4.3), with those the history before the batch told of (see ChangeWalk.add). */
  conflicts: number;
}

/** Text as PostgreSQL's "C" collation orders it: by UTF-8 bytes, i.e. by code point. */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) < codePointRank(y) ? -1 : 1;
  }
  return a.length < b.length ? -1 : 1;
}

/** UTF-16 units in code-point order: surrogates (code points from U+10000) after U+E000-U+FFFF. */
const codePointRank = (unit: number) => (unit >= 0xd800 && unit <= 0xdfff ? unit + 0x2000 : unit >= 0xe000 ? unit - 0x800 : unit);

function compareValue(type: FieldType, a: StorageValue, b: StorageValue): number {
  if (type === "string" || type === "datetime" || type === "date") return compareText(a as string, b as string);
  // integer (bigint, exact) and number (finite doubles): compared as themselves.
  return a! < b! ? -1 : a! > b! ? 1 : 0;
}

/** The identity of a key as a Map key: equal exactly when PostgreSQL finds the values equal (String(-0) is "0", as 0 = -0 in SQL). */
function identity(indexes: readonly number[]): (values: readonly StorageValue[]) => string {
  if (indexes.length === 1) {
    const i = indexes[0]!;
    return (values) => String(values[i]);
  }
  // Each value's text behind its length: no two lists of texts give the same string.
  return (values) => {
    let id = "";
    for (const i of indexes) {
      const text = String(values[i]);
      id += `${text.length}:${text}`;
    }
    return id;
  };
}

/** One walk through the changes of a dataset's share of a batch, in order, part after part. */
export interface ChangeWalk {
  /**
   * Walks the next part. `accepted[i]`: the history took change i (not seen before, nor earlier in
   * the batch, R4.4); `flags[i]`: change i against its key's state before the part. Returns the
   * upserts of the part that are a conflict if the history before the batch holds another upsert of
   * their key and version: those that lost (stale), and those that landed on a key without state.
   */
  add(changes: readonly Change[], accepted: readonly boolean[], flags: string): number[];
  /** The counts so far; a caller adds the conflicts it found among the returned upserts. */
  readonly judgement: Judgement;
}

export interface ChangeJudge {
  start(): ChangeWalk;
}

export function changeJudge(model: Model): ChangeJudge {
  const index = new Map(model.fields.map((f, i) => [f.name, i]));
  const keyOf = identity(model.primaryKey.map((n) => index.get(n)!));
  const version = model.version.map((n) => ({ i: index.get(n)!, type: model.fields[index.get(n)!]!.type }));

  const sameVersion = (a: Change, b: Change) => version.every(({ i, type }) => compareValue(type, a.values[i]!, b.values[i]!) === 0);
  /** The order of R4: (version..., deleted, hash), as the state upsert's guard compares it. */
  const compare = (a: Change, b: Change): number => {
    for (const { i, type } of version) {
      const c = compareValue(type, a.values[i]!, b.values[i]!);
      if (c !== 0) return c;
    }
    const ad = a.op === "delete";
    if (ad !== (b.op === "delete")) return ad ? 1 : -1;
    return a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0;
  };

  return {
    start() {
      const j: Judgement = { upserted: 0, deleted: 0, stale: 0, unchanged: 0, conflicts: 0 };
      /** Per key met in the batch: its change of this batch that is its state now (absent: the state before the batch). */
      const current = new Map<string, Change>();
      /** Per key: the upserts of this batch the history took (one alone, most often, or several). */
      const upserts = new Map<string, Change | Change[]>();
      return {
        judgement: j,
        add(changes, accepted, flags) {
          const probe: number[] = [];
          for (let i = 0; i < changes.length; i++) {
            const change = changes[i]!;
            if (!accepted[i]) {
              j.unchanged++;
              continue;
            }
            const key = keyOf(change.values);
            const before = current.get(key);
            const isUpsert = change.op === "upsert";
            let applied: boolean;
            // A conflict certain from what is known here; or one that depends on the history before the batch.
            let conflict = false;
            let probed = false;
            if (before === undefined) {
              // No change of the key applied yet: its state is as it was before the batch, and before this part.
              const flag = flags[i] as StateFlag;
              applied = flag !== "l";
              if (isUpsert && applied) {
                conflict = flag === "t";
                probed = flag === "n";
              }
            } else {
              applied = compare(change, before) > 0;
              if (isUpsert && applied) conflict = before.op === "upsert" && sameVersion(change, before);
            }
            if (isUpsert) {
              const taken = upserts.get(key);
              if (!applied) {
                // An upsert of the same key and version taken earlier in the batch, with other contents.
                const meets = (u: Change) => sameVersion(u, change) && u.hash !== change.hash;
                conflict = taken !== undefined && (Array.isArray(taken) ? taken.some(meets) : meets(taken));
                probed = !conflict;
              }
              if (taken === undefined) upserts.set(key, change);
              else if (Array.isArray(taken)) taken.push(change);
              else upserts.set(key, [taken, change]);
            }
            if (conflict) j.conflicts++;
            if (probed) probe.push(i);
            if (applied) {
              current.set(key, change);
              if (isUpsert) j.upserted++;
              else j.deleted++;
            } else {
              j.stale++;
            }
          }
          return probe;
        },
      };
    },
  };
}
