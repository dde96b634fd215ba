// Whether a GET of /graphql is a browser opening the IDE rather than a client asking for JSON,
// decided as Apollo Server decides for its landing page: text/html must rank strictly above
// every JSON type the API answers with (a tie goes to JSON).

const JSON_TYPES = ["application/json", "application/graphql-response+json", "multipart/mixed"];

/** `prefersHtml("text/html,application/xhtml+xml,*\/*;q=0.8")` is true; `prefersHtml("application/json")` false. */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  let html = 0;
  let json = 0;
  for (const range of accept.split(",")) {
    const [type = "", ...params] = range.split(";").map((s) => s.trim().toLowerCase());
    const qParam = params.find((p) => p.startsWith("q="));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2)) || 0;
    if (type === "text/html") html = Math.max(html, q);
    if (type === "*/*" || type === "application/*" || JSON_TYPES.includes(type)) json = Math.max(json, q);
  }
  return html > json;
}
