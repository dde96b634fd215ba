// The model name and dataset a table gets when the import options name none: the dataset is
// the table's name in lower snake case (`ACCOUNTS`, `Accounts` → `accounts`; `OrderItems`,
// `"Order Items"` → `order_items`), the model name its PascalCase singular (`Account`,
// `OrderItem`). Only the last word is made singular, by the plain English endings below;
// a word they get wrong is renamed on import (--table T:name=NAME).

/** The words of a table name: split at non-alphanumerics and at lower-to-upper case changes. */
function words(table: string): string[] {
  return table
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** "accounts" → "account", "categories" → "category", "addresses" → "address", "status" → "status". */
export function singular(word: string): string {
  if (/[^aeiou]ies$/.test(word)) return word.slice(0, -3) + "y";
  if (/(ss|x|ch|sh|us)es$/.test(word)) return word.slice(0, -2);
  if (/[^su]s$/.test(word) && !/(is|ss)$/.test(word)) return word.slice(0, -1);
  return word;
}

/**
 * @example ddlDatasetName("ORDER_ITEMS") // "order_items"
 */
export function ddlDatasetName(table: string): string {
  return words(table).join("_");
}

/**
 * @example ddlModelName("ORDER_ITEMS") // "OrderItem"
 */
export function ddlModelName(table: string): string {
  const w = words(table);
  if (w.length > 0) w[w.length - 1] = singular(w[w.length - 1]!);
  return w.map((x) => x.charAt(0).toUpperCase() + x.slice(1)).join("");
}
