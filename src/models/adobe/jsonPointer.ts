// JSON Pointers (RFC 6901): how Adobe's descriptors name properties, and how problems in
// Adobe documents are located.

/** Appends one reference token, escaped (`~` as `~0`, `/` as `~1`). */
export const pointer = (base: string, ...tokens: (string | number)[]) => base + tokens.map((t) => `/${String(t).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");

/** The reference tokens of a pointer, or undefined when it is not one (it must be empty or start with "/"). */
export function pointerTokens(p: string): string[] | undefined {
  if (p === "") return [];
  if (!p.startsWith("/")) return undefined;
  return p
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}
