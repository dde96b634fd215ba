// What the access-control tests share: API keys made straight in a mirror's storage (as
// `mirrorql keys create` makes them), and GraphQL over HTTP as one caller, with the status,
// headers and body of the answer.

import { generateApiKey, hashSecret } from "../../src/auth/apiKeys";
import type { Mirror } from "../../src/mirror";
import type { KeyLimits } from "../../src/storage/AccessRecords";

export interface KeyOptions {
  limits?: KeyLimits;
  expiresAt?: string;
}

/** Stores a new key named `name` with `scopes` and returns its text (`mq_<id>_<secret>`) and id. */
export async function createKey(mirror: Mirror, name: string, scopes: string[], options: KeyOptions = {}): Promise<{ text: string; id: string }> {
  const { id, secret, text } = generateApiKey();
  await mirror.createApiKey({ id, name, secretHash: hashSecret(secret), scopes, createdAt: new Date().toISOString(), ...options });
  return { text, id };
}

export interface GraphQLErrorJson {
  message: string;
  extensions: Record<string, unknown>;
}

export interface Answer {
  status: number;
  headers: Headers;
  body: { data?: any; errors?: GraphQLErrorJson[] };
}

export interface Caller {
  /** Sent as "Authorization: Bearer <token>"; no header when absent. */
  token?: string;
  /** The whole Authorization header, for malformed ones. */
  authorization?: string;
}

/** POSTs one operation to `url` as `caller`. */
export async function graphql(url: string, caller: Caller, query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const authorization = caller.authorization ?? (caller.token !== undefined ? `Bearer ${caller.token}` : undefined);
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization !== undefined ? { authorization } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Answer["body"] };
}

/** The error codes of an answer, in order. */
export const codesOf = (answer: Answer) => (answer.body.errors ?? []).map((e) => e.extensions.code);

/** The datasets named by an answer's FORBIDDEN errors, sorted. */
export const forbiddenDatasets = (answer: Answer) =>
  (answer.body.errors ?? [])
    .filter((e) => e.extensions.code === "FORBIDDEN")
    .map((e) => e.extensions.dataset)
    .sort();

/** A contact row of the demo models, on account `account` (acc-1001 exists in the demo data). */
export const contactRow = (id: string, account = "acc-1001", extra: Record<string, unknown> = {}) => ({
  contact_id: id,
  account_id: account,
  last_name: `L-${id}`,
  email_opt_in: true,
  row_scn: 1,
  ...extra,
});

/** An account row of the demo models. */
export const accountRow = (id: string) => ({ account_id: id, name: `Account ${id}`, region_code: "NA", is_customer: false, updated_at: "2026-03-01T00:00:00Z" });

/** The current row of `dataset` whose key field `field` is `value`, or undefined. */
export async function rowOf(mirror: Mirror, dataset: string, field: string, value: string) {
  return (await mirror.rows(dataset)).find((r) => r.row[field] === value)?.row;
}
