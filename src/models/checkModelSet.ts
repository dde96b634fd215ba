// The rules that span models: unique names, and relationships that point at a
// real model and a compatible, unique field of it.

import { isToMany, type Model, type Relationship } from "./Model";
import { didYouMean, type ModelProblem } from "./ModelProblem";
import type { ModelDraft } from "./readModel";
import { apiNames, FIXED_MUTATION_FIELDS, FIXED_QUERY_FIELDS, FIXED_TYPE_NAMES } from "./apiNames";

const article = (type: string) => `${/^[aeiou]/.test(type) ? "an" : "a"} ${type}`;
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

function defaultName(field: string, target: string): string {
  const stripped = field.replace(/(_id|Id|ID)$/, "");
  return stripped && stripped !== field ? stripped : lowerFirst(target);
}

/**
 * Checks the models that passed their own file's rules against each other.
 * `refused` names models whose files had problems: references to them are not reported as unknown.
 */
export function checkModelSet(drafts: ModelDraft[], refused: ReadonlySet<string> = new Set()): { models: Model[]; problems: ModelProblem[] } {
  const problems: ModelProblem[] = [];
  const byName = new Map<string, ModelDraft>();
  // Datasets become SQLite tables, whose names ignore case.
  const byDataset = new Map<string, ModelDraft>();
  for (const d of drafts) {
    const sameName = byName.get(d.name);
    if (sameName) {
      problems.push({ file: d.file, path: "$.name", message: `model name "${d.name}" is already used by ${sameName.file}.`, fix: "give every model its own name." });
    } else byName.set(d.name, d);
    const sameDataset = byDataset.get(d.dataset.toLowerCase());
    if (sameDataset) {
      const same = sameDataset.dataset === d.dataset ? "" : ` (as "${sameDataset.dataset}": table names ignore case)`;
      problems.push({
        file: d.file,
        path: "$.dataset",
        message: `dataset "${d.dataset}" is already used by ${sameDataset.file}${same}.`,
        fix: "give every model its own dataset.",
      });
    } else byDataset.set(d.dataset.toLowerCase(), d);
  }

  const resolved = new Map<ModelDraft, Relationship[]>(drafts.map((d) => [d, []]));
  // Names each type exposes, to catch a relationship edge that would hide a field or another edge.
  const taken = new Map<ModelDraft, Map<string, string>>(drafts.map((d) => [d, new Map(d.fields.map((f) => [f.name, `field "${f.name}"`]))]));
  const claim = (owner: ModelDraft, name: string, what: string, at: { file: string; path: string }, key: string) => {
    const names = taken.get(owner)!;
    const holder = names.get(name);
    if (holder) {
      problems.push({ ...at, message: `${what} "${name}" on ${owner.name} clashes with ${holder}.`, fix: `set "${key}" to another name.` });
      return;
    }
    names.set(name, `${what} "${name}" of ${at.file}`);
  };

  for (const d of drafts) {
    for (const r of d.relationships) {
      const at = { file: d.file, path: r.path };
      const target = byName.get(r.target);
      if (!target && refused.has(r.target)) continue; // its own file's problems are reported; fixing them may fix this.
      if (!target) {
        problems.push({
          ...at,
          path: `${r.path}.target`,
          message: `target model "${r.target}" does not exist.${didYouMean(r.target, [...byName.keys()])}`,
          fix: "name a model loaded from the same folder.",
        });
        continue;
      }
      let targetField = r.targetField;
      if (targetField === undefined) {
        if (target.primaryKey.length !== 1) {
          problems.push({
            ...at,
            path: `${r.path}.targetField`,
            message: `target "${target.name}" has a composite primary key (${target.primaryKey.join(", ")}), which one field cannot reference.`,
            fix: 'set "targetField" to a unique field of the target.',
          });
          continue;
        }
        targetField = target.primaryKey[0]!;
      }
      const tf = target.fields.find((f) => f.name === targetField);
      if (!tf) {
        problems.push({
          ...at,
          path: `${r.path}.targetField`,
          message: `target "${target.name}" has no field "${targetField}".${didYouMean(
            targetField,
            target.fields.map((f) => f.name),
          )}`,
          fix: "name a field of the target.",
        });
        continue;
      }
      const isKey = target.primaryKey.length === 1 && target.primaryKey[0] === targetField;
      if (!isKey && !tf.unique) {
        problems.push({
          ...at,
          path: `${r.path}.targetField`,
          message: `"${target.name}.${targetField}" is neither the target's primary key nor declared unique.`,
          fix: `declare "unique": true on ${target.name}.${targetField}, or reference the primary key.`,
        });
        continue;
      }
      const sf = d.fields.find((f) => f.name === r.field)!;
      if (sf.type !== tf.type) {
        problems.push({
          ...at,
          path: `${r.path}.field`,
          message: `"${d.name}.${r.field}" is ${article(sf.type)} but references "${target.name}.${targetField}", ${article(tf.type)}.`,
          fix: "give both fields the same type.",
        });
        continue;
      }
      const name = r.name ?? defaultName(r.field, target.name);
      const inverseName = r.inverseName ?? (isToMany(r.cardinality) ? d.dataset : lowerFirst(d.name));
      claim(d, name, "relationship", at, "name");
      claim(target, inverseName, "inverse relationship", at, "inverseName");
      resolved.get(d)!.push({ field: r.field, target: r.target, targetField, cardinality: r.cardinality, name, inverseName });
    }
  }
  // A duplicate name or dataset is reported above; its generated names would only repeat that.
  problems.push(...checkApiNames(drafts.filter((d) => byName.get(d.name) === d && byDataset.get(d.dataset.toLowerCase()) === d)));
  const models = drafts.map((d) => ({ ...d, relationships: resolved.get(d)! }));
  return { models, problems };
}

/** Every GraphQL type and root field a model generates must be its own. */
function checkApiNames(drafts: ModelDraft[]): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const owners = {
    type: new Map<string, string>(FIXED_TYPE_NAMES.map((n) => [n, "mirrorql's own API"])),
    query: new Map<string, string>(FIXED_QUERY_FIELDS.map((n) => [n, "mirrorql's own API"])),
    mutation: new Map<string, string>(FIXED_MUTATION_FIELDS.map((n) => [n, "mirrorql's own API"])),
  };
  for (const d of drafts) {
    const names = apiNames(d);
    const claims: [keyof typeof owners, string, string][] = [
      ...Object.values(names.types).map((n): [keyof typeof owners, string, string] => ["type", n, "$.name"]),
      ["query", names.query.byKey, "$.name"],
      ["query", names.query.list, "$.dataset"],
      ["mutation", names.mutation.typed, "$.dataset"],
    ];
    for (const [kind, name, path] of claims) {
      const owner = owners[kind].get(name);
      if (owner !== undefined && owner !== d.file) {
        problems.push({
          file: d.file,
          path,
          message: `the GraphQL ${kind === "type" ? "type" : `${kind} field`} "${name}" that this model generates is already used by ${owner}.`,
          fix: `rename the model's ${path === "$.name" ? "name" : "dataset"}.`,
        });
      } else owners[kind].set(name, d.file);
    }
  }
  return problems;
}
