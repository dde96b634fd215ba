// Whether mirrorql and PostGraphile answer the peer query with the same rows in the same
// order: both answers are brought to one shape (mirrorql's field names; timestamps as
// ISO-8601 UTC instants, every other value as a string, since PostGraphile writes `score`
// as a number and microsecond timestamps with +00:00 while mirrorql writes Int64 as a
// string and milliseconds with Z), then compared value by value.

type Json = Record<string, unknown>;

export interface Opportunity {
  opportunity_id: string;
  amount: string;
  stage: string;
  updated_at: string;
}
export interface Contact {
  contact_id: string;
  email: string;
  score: string;
  updated_at: string;
  opportunities: Opportunity[];
}
export interface Account {
  account_id: string;
  name: string;
  region: string;
  score: string;
  updated_at: string;
  contacts: Contact[];
}

const str = (v: unknown) => String(v);
/** A timestamp as an ISO-8601 UTC instant to the millisecond (the data has whole seconds). */
const instant = (v: unknown) => {
  const t = typeof v === "string" ? Date.parse(v) : NaN;
  return Number.isNaN(t) ? `not a timestamp: ${JSON.stringify(v)}` : new Date(t).toISOString();
};
const nodes = (connection: unknown, path: string): Json[] => {
  const list = (connection as { nodes?: unknown } | null)?.nodes;
  if (!Array.isArray(list)) throw new Error(`the answer has no list at ${path}.nodes`);
  return list as Json[];
};

export function fromPostGraphile(answer: unknown): Account[] {
  const data = (answer as { data?: Json }).data;
  return nodes(data?.allAccounts, "allAccounts").map((a) => ({
    account_id: str(a.accountId),
    name: str(a.name),
    region: str(a.region),
    score: str(a.score),
    updated_at: instant(a.updatedAt),
    contacts: nodes(a.contactsByAccountId, "contactsByAccountId").map((c) => ({
      contact_id: str(c.contactId),
      email: str(c.email),
      score: str(c.score),
      updated_at: instant(c.updatedAt),
      opportunities: nodes(c.opportunitiesByContactId, "opportunitiesByContactId").map((o) => ({
        opportunity_id: str(o.opportunityId),
        amount: str(o.amount),
        stage: str(o.stage),
        updated_at: instant(o.updatedAt),
      })),
    })),
  }));
}

export function fromMirrorql(answer: unknown): Account[] {
  const data = (answer as { data?: Json }).data;
  return nodes(data?.accounts, "accounts").map((a) => ({
    account_id: str(a.account_id),
    name: str(a.name),
    region: str(a.region),
    score: str(a.score),
    updated_at: instant(a.updated_at),
    contacts: nodes(a.contacts, "contacts").map((c) => ({
      contact_id: str(c.contact_id),
      email: str(c.email),
      score: str(c.score),
      updated_at: instant(c.updated_at),
      opportunities: nodes(c.opportunities, "opportunities").map((o) => ({
        opportunity_id: str(o.opportunity_id),
        amount: str(o.amount),
        stage: str(o.stage),
        updated_at: instant(o.updated_at),
      })),
    })),
  }));
}

export interface Counts {
  accounts: number;
  contacts: number;
  opportunities: number;
}

export function counts(accounts: Account[]): Counts {
  const contacts = accounts.flatMap((a) => a.contacts);
  return { accounts: accounts.length, contacts: contacts.length, opportunities: contacts.reduce((s, c) => s + c.opportunities.length, 0) };
}

/** The first place where two normalized answers differ (a path and both values), or null when they are the same. */
export function firstDifference(a: unknown, b: unknown, path = "accounts"): string | null {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return a.length === b.length ? null : `${path}: ${a.length} items in mirrorql's answer, ${b.length} in PostGraphile's`;
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    for (const k of Object.keys(a)) {
      const d = firstDifference((a as Json)[k], (b as Json)[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return a === b ? null : `${path}: mirrorql ${JSON.stringify(a)}, PostGraphile ${JSON.stringify(b)}`;
}
