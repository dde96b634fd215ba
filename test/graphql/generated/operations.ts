/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A calendar date, YYYY-MM-DD. */
  Date: { input: string; output: string; }
  /** An instant, served as ISO-8601 in UTC (e.g. 2026-03-01T08:00:00.000Z, up to nanoseconds). Inputs may carry any offset; without one they are UTC. */
  DateTime: { input: string; output: string; }
  /** A 64-bit signed integer. Served as a decimal string so that values beyond 2^53 stay exact; accepted as a string or an integer. */
  Int64: { input: string; output: string; }
  /** The `JSON` scalar type represents JSON values as specified by [ECMA-404](http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf). */
  JSON: { input: unknown; output: unknown; }
  /** The `JSONObject` scalar type represents JSON objects as specified by [ECMA-404](http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf). */
  JSONObject: { input: Record<string, unknown>; output: Record<string, unknown>; }
};

export type Account = {
  __typename?: 'Account';
  /** When the current row was applied. */
  _updatedAt: Scalars['DateTime']['output'];
  /** The version of the current row (updated_at). */
  _version: Scalars['DateTime']['output'];
  account_id: Scalars['String']['output'];
  /** Last reported annual revenue in USD. */
  annual_revenue?: Maybe<Scalars['Float']['output']>;
  /** The account's customer id in the billing system; null until it is billed. */
  billing_customer_id?: Maybe<Scalars['String']['output']>;
  /** The contacts whose account_id is this row's account_id. */
  contacts: ContactConnection;
  customer_since?: Maybe<Scalars['Date']['output']>;
  employee_count?: Maybe<Scalars['Int64']['output']>;
  industry?: Maybe<Scalars['String']['output']>;
  is_customer: Scalars['Boolean']['output'];
  name: Scalars['String']['output'];
  /** The opportunities whose account_id is this row's account_id. */
  opportunities: OpportunityConnection;
  /** The AccountProfile whose account_id is this row's account_id (1:1). */
  profile?: Maybe<AccountProfile>;
  /** The Region whose region_code is this row's region_code (M:1); null when it is not mirrored. */
  region?: Maybe<Region>;
  region_code: Scalars['String']['output'];
  /** The subscriptions whose customer_id is this row's billing_customer_id. */
  subscriptions: SubscriptionConnection;
  updated_at: Scalars['DateTime']['output'];
};


export type AccountContactsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  offset?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<Array<ContactOrderBy>>;
  where?: InputMaybe<ContactWhere>;
};


export type AccountOpportunitiesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  offset?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<Array<OpportunityOrderBy>>;
  where?: InputMaybe<OpportunityWhere>;
};


export type AccountSubscriptionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  offset?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<Array<SubscriptionOrderBy>>;
  where?: InputMaybe<SubscriptionWhere>;
};

/** A change of accounts: every field optional here so that incomplete rows reach the quarantine rather than failing the request. */
export type AccountChangeInput = {
  /** UPSERT when absent. */
  _change_request_type?: InputMaybe<ChangeRequestType>;
  account_id?: InputMaybe<Scalars['String']['input']>;
  /** Last reported annual revenue in USD. */
  annual_revenue?: InputMaybe<Scalars['Float']['input']>;
  /** The account's customer id in the billing system; null until it is billed. */
  billing_customer_id?: InputMaybe<Scalars['String']['input']>;
  customer_since?: InputMaybe<Scalars['Date']['input']>;
  employee_count?: InputMaybe<Scalars['Int64']['input']>;
  industry?: InputMaybe<Scalars['String']['input']>;
  is_customer?: InputMaybe<Scalars['Boolean']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  region_code?: InputMaybe<Scalars['String']['input']>;
  updated_at?: InputMaybe<Scalars['DateTime']['input']>;
};

export type AccountConnection = {
  __typename?: 'AccountConnection';
  edges: Array<AccountEdge>;
  nodes: Array<Account>;
  pageInfo: PageInfo;
  /** Rows matching `where`, on all pages; counted only when asked for. */
  totalCount: Scalars['Int']['output'];
};

export type AccountEdge = {
  __typename?: 'AccountEdge';
  cursor: Scalars['String']['output'];
  node: Account;
};

/** One sort key: set exactly one field. */
export type AccountOrderBy = {
  account_id?: InputMaybe<OrderDirection>;
  annual_revenue?: InputMaybe<OrderDirection>;
  billing_customer_id?: InputMaybe<OrderDirection>;
  customer_since?: InputMaybe<OrderDirection>;
  employee_count?: InputMaybe<OrderDirection>;
  industry?: InputMaybe<OrderDirection>;
  is_customer?: InputMaybe<OrderDirection>;
  name?: InputMaybe<OrderDirection>;
  region_code?: InputMaybe<OrderDirection>;
  updated_at?: InputMaybe<OrderDirection>;
};

/** Firmographic enrichment bought from a data vendor, one profile per account. */
export type AccountProfile = {
  __typename?: 'AccountProfile';
  /** When the current row was applied. */
  _updatedAt: Scalars['DateTime']['output'];
  /** The version of the current row (enriched_at). */
  _version: Scalars['DateTime']['output'];
  /** The Account whose account_id is this row's account_id (1:1); null when it is not mirrored. */
  account?: Maybe<Account>;
  account_id: Scalars['String']['output'];
  enriched_at: Scalars['DateTime']['output'];
  founded_year?: Maybe<Scalars['Int64']['output']>;
  hq_country?: Maybe<Scalars['String']['output']>;
  is_public?: Maybe<Scalars['Boolean']['output']>;
  linkedin_url?: Maybe<Scalars['String']['output']>;
  website?: Maybe<Scalars['String']['output']>;
};

/** A change of account_profiles: every field optional here so that incomplete rows reach the quarantine rather than failing the request. */
export type AccountProfileChangeInput = {
  /** UPSERT when absent. */
  _change_request_type?: InputMaybe<ChangeRequestType>;
  account_id?: InputMaybe<Scalars['String']['input']>;
  enriched_at?: InputMaybe<Scalars['DateTime']['input']>;
  founded_year?: InputMaybe<Scalars['Int64']['input']>;
  hq_country?: InputMaybe<Scalars['String']['input']>;
  is_public?: InputMaybe<Scalars['Boolean']['input']>;
  linkedin_url?: InputMaybe<Scalars['String']['input']>;
  website?: InputMaybe<Scalars['String']['input']>;
};

export type AccountProfileConnection = {
  __typename?: 'AccountProfileConnection';
  edges: Array<AccountProfileEdge>;
  nodes: Array<AccountProfile>;
  pageInfo: PageInfo;
  /** Rows matching `where`, on all pages; counted only when asked for. */
  totalCount: Scalars['Int']['output'];
};

export type AccountProfileEdge = {
  __typename?: 'AccountProfileEdge';
  cursor: Scalars['String']['output'];
  node: AccountProfile;
};

/** One sort key: set exactly one field. */
export type AccountProfileOrderBy = {
  account_id?: InputMaybe<OrderDirection>;
  enriched_at?: InputMaybe<OrderDirection>;
  founded_year?: InputMaybe<OrderDirection>;
  hq_country?: InputMaybe<OrderDirection>;
  is_public?: InputMaybe<OrderDirection>;
  linkedin_url?: InputMaybe<OrderDirection>;
  website?: InputMaybe<OrderDirection>;
};

/** Conditions on account_profiles; all conditions of one object apply together. */
export type AccountProfileWhere = {
  _and?: InputMaybe<Array<AccountProfileWhere>>;
  _not?: InputMaybe<AccountProfileWhere>;
  _or?: InputMaybe<Array<AccountProfileWhere>>;
  /** Rows whose Account matches. */
  account?: InputMaybe<AccountWhere>;
  account_id?: InputMaybe<StringFilter>;
  enriched_at?: InputMaybe<DateTimeFilter>;
  founded_year?: InputMaybe<Int64Filter>;
  hq_country?: InputMaybe<StringFilter>;
  is_public?: InputMaybe<BooleanFilter>;
  linkedin_url?: InputMaybe<StringFilter>;
  website?: InputMaybe<StringFilter>;
};

/** Conditions on accounts; all conditions of one object apply together. */
export type AccountWhere = {
  _and?: InputMaybe<Array<AccountWhere>>;
  _not?: InputMaybe<AccountWhere>;
  _or?: InputMaybe<Array<AccountWhere>>;
  account_id?: InputMaybe<StringFilter>;
  annual_revenue?: InputMaybe<FloatFilter>;
  billing_customer_id?: InputMaybe<StringFilter>;
  customer_since?: InputMaybe<DateFilter>;
  employee_count?: InputMaybe<Int64Filter>;
  industry?: InputMaybe<StringFilter>;
  is_customer?: InputMaybe<BooleanFilter>;
  name?: InputMaybe<StringFilter>;
  /** Rows whose Region matches. */
  region?: InputMaybe<RegionWhere>;
  region_code?: InputMaybe<StringFilter>;
  updated_at?: InputMaybe<DateTimeFilter>;
};

/** An API key, without its secret (shown once, when it is made). */
export type ApiKey = {
  __typename?: 'ApiKey';
  createdAt: Scalars['DateTime']['output'];
  expiresAt?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  /** Recorded at most once a minute. */
  lastUsedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The most objects one query of this key may return; the server's when null. */
  maxNodes?: Maybe<Scalars['Int']['output']>;
  name: Scalars['String']['output'];
  /** The key's own rate of queries; the server's when null. */
  readsPerSecond?: Maybe<Scalars['Float']['output']>;
  revokedAt?: Maybe<Scalars['DateTime']['output']>;
  /** read, write or admin, each for every dataset or one (read:contacts). */
  scopes: Array<Scalars['String']['output']>;
  /** The key's own rate of mutations; the server's when null. */
  writesPerSecond?: Maybe<Scalars['Float']['output']>;
};

/** An admin action: who did what, when, to what. */
export type AuditEntry = {
  __typename?: 'AuditEntry';
  /** key.create, key.revoke, purge, quarantine.discard, models.load, models.define, dataset.drop. */
  action: Scalars['String']['output'];
  at: Scalars['DateTime']['output'];
  /** Who acted: "apiKey:<name>", "jwt:<subject>", "anonymous:anonymous" or "cli". */
  principal: Scalars['String']['output'];
  seq: Scalars['ID']['output'];
  /** What the action touched (never the purged keys themselves). */
  target: Scalars['JSONObject']['output'];
};

export type AuditPage = {
  __typename?: 'AuditPage';
  /** @deprecated Use pageInfo.endCursor. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** @deprecated Use pageInfo.hasNextPage. */
  hasNextPage: Scalars['Boolean']['output'];
  /** Newest first. */
  nodes: Array<AuditEntry>;
  pageInfo: PageInfo;
};

export type BatchStatus =
  /** The valid rows are in the mirror; invalid ones are in the quarantine. */
  | 'APPLIED'
  /** An atomic batch with invalid rows: nothing was written. */
  | 'REJECTED';

/** Conditions on a Boolean field; several conditions all apply. */
export type BooleanFilter = {
  _eq?: InputMaybe<Scalars['Boolean']['input']>;
  _isNull?: InputMaybe<Scalars['Boolean']['input']>;
  /** Not equal; rows where the field is null match too. */
  _neq?: InputMaybe<Scalars['Boolean']['input']>;
};

/** The shape change rows are written in; each is translated into the mirror's own (operation, row) pair. */
export type ChangeFormat =
  /** BigQuery CDC rows (_CHANGE_TYPE, _CHANGE_SEQUENCE_NUMBER). */
  | 'BIGQUERY_CDC'
  /** Debezium envelopes (payload or {schema, payload}); op c/u/r upsert `after`, d deletes `before`. */
  | 'DEBEZIUM'
  /** Delta Lake change data feed rows (_change_type, _commit_version, _commit_timestamp). */
  | 'DELTA_CDF'
  /** Model fields plus _change_request_type (u/U upsert, d/D delete, absent upsert). */
  | 'NATIVE'
  /** Snowflake stream rows (METADATA$ACTION, METADATA$ISUPDATE, METADATA$ROW_ID). */
  | 'SNOWFLAKE_STREAM';

/** The receipt of a batch (R9). */
export type ChangeReceipt = {
  __typename?: 'ChangeReceipt';
  atomic: Scalars['Boolean']['output'];
  batchId: Scalars['ID']['output'];
  datasets: Array<DatasetReceipt>;
  receivedAt: Scalars['DateTime']['output'];
  /** This batch id was applied before: this is the first receipt, nothing was applied now. */
  replayed: Scalars['Boolean']['output'];
  status: BatchStatus;
};

export type ChangeReceiptPage = {
  __typename?: 'ChangeReceiptPage';
  /** @deprecated Use pageInfo.endCursor. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** @deprecated Use pageInfo.hasNextPage. */
  hasNextPage: Scalars['Boolean']['output'];
  /** Newest first. */
  nodes: Array<ChangeReceipt>;
  pageInfo: PageInfo;
};

/** The operation of a typed change row (the native _change_request_type). */
export type ChangeRequestType =
  /** Delete the key; only key and version fields are read. */
  | 'DELETE'
  /** Insert or replace the whole row. */
  | 'UPSERT';

export type Contact = {
  __typename?: 'Contact';
  /** When the current row was applied. */
  _updatedAt: Scalars['DateTime']['output'];
  /** The version of the current row (row_scn). */
  _version: Scalars['Int64']['output'];
  /** The Account whose account_id is this row's account_id (M:1); null when it is not mirrored. */
  account?: Maybe<Account>;
  account_id: Scalars['String']['output'];
  contact_id: Scalars['String']['output'];
  email?: Maybe<Scalars['String']['output']>;
  email_opt_in: Scalars['Boolean']['output'];
  first_name?: Maybe<Scalars['String']['output']>;
  last_name: Scalars['String']['output'];
  lead_score?: Maybe<Scalars['Int64']['output']>;
  /** The opportunities whose owner_contact_id is this row's contact_id. */
  ownedOpportunities: OpportunityConnection;
  /** System change number of the source database: a 64-bit integer, sent as a decimal string. */
  row_scn: Scalars['Int64']['output'];
  title?: Maybe<Scalars['String']['output']>;
  /** The web_events whose contact_id is this row's contact_id. */
  webEvents: WebEventConnection;
};


export type ContactOwnedOpportunitiesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  offset?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<Array<OpportunityOrderBy>>;
  where?: InputMaybe<OpportunityWhere>;
};


export type ContactWebEventsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  offset?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<Array<WebEventOrderBy>>;
  where?: InputMaybe<WebEventWhere>;
};

/** A change of contacts: every field optional here so that incomplete rows reach the quarantine rather than failing the request. */
export type ContactChangeInput = {
  /** UPSERT when absent. */
  _change_request_type?: InputMaybe<ChangeRequestType>;
  account_id?: InputMaybe<Scalars['String']['input']>;
  contact_id?: InputMaybe<Scalars['String']['input']>;
  email?: InputMaybe<Scalars['String']['input']>;
  email_opt_in?: InputMaybe<Scalars['Boolean']['input']>;
  first_name?: InputMaybe<Scalars['String']['input']>;
  last_name?: InputMaybe<Scalars['String']['input']>;
  lead_score?: InputMaybe<Scalars['Int64']['input']>;
  /** System change number of the source database: a 64-bit integer, sent as a decimal string. */
  row_scn?: InputMaybe<Scalars['Int64']['input']>;
  title?: InputMaybe<Scalars['String']['input']>;
};

export type ContactConnection = {
  __typename?: 'ContactConnection';
  edges: Array<ContactEdge>;
  nodes: Array<Contact>;
  pageInfo: PageInfo;
  /** Rows matching `where`, on all pages; counted only when asked for. */
  totalCount: Scalars['Int']['output'];
};

export type ContactEdge = {
  __typename?: 'ContactEdge';
  cursor: Scalars['String']['output'];
  node: Contact;
};

/** One sort key: set exactly one field. */
export type ContactOrderBy = {
  account_id?: InputMaybe<OrderDirection>;
  contact_id?: InputMaybe<OrderDirection>;
  email?: InputMaybe<OrderDirection>;
  email_opt_in?: InputMaybe<OrderDirection>;
  first_name?: InputMaybe<OrderDirection>;
  last_name?: InputMaybe<OrderDirection>;
  lead_score?: InputMaybe<OrderDirection>;
  row_scn?: InputMaybe<OrderDirection>;
  title?: InputMaybe<OrderDirection>;
};

/** Conditions on contacts; all conditions of one object apply together. */
export type ContactWhere = {
  _and?: InputMaybe<Array<ContactWhere>>;
  _not?: InputMaybe<ContactWhere>;
  _or?: InputMaybe<Array<ContactWhere>>;
  /** Rows whose Account matches. */
  account?: InputMaybe<AccountWhere>;
  account_id?: InputMaybe<StringFilter>;
  contact_id?: InputMaybe<StringFilter>;
  email?: InputMaybe<StringFilter>;
  email_opt_in?: InputMaybe<BooleanFilter>;
  first_name?: InputMaybe<StringFilter>;
  last_name?: InputMaybe<StringFilter>;
  lead_score?: InputMaybe<Int64Filter>;
  row_scn?: InputMaybe<Int64Filter>;
  title?: InputMaybe<StringFilter>;
};

export type CreatedApiKey = {
  __typename?: 'CreatedApiKey';
  key: ApiKey;
  /** The key to send as "Authorization: Bearer <token>". Shown only this once: the server keeps only a hash of it. */
  token: Scalars['String']['output'];
};

/** A reference whose target row is not mirrored. */
export type DanglingReference = {
  __typename?: 'DanglingReference';
  /** Primary key of the referring row (64-bit integers as strings). */
  key: Scalars['JSONObject']['output'];
  /** The referenced value that has no row. */
  value: Scalars['String']['output'];
};

export type DatasetChange =
  /** Columns added, indexes added or dropped, or descriptions changed, in place; stored data kept. */
  | 'ALTER'
  /** A new dataset: its tables are made. */
  | 'CREATE'
  /** A change stored data could not take, applied because the dataset holds no data: its tables are made again (the quarantine is kept). */
  | 'REBUILD'
  /** The change would lose or reinterpret stored data: see problems. */
  | 'REFUSED'
  /** The model as recorded. */
  | 'UNCHANGED';

/** What one dataset's tables get. */
export type DatasetChangePlan = {
  __typename?: 'DatasetChangePlan';
  /** Fields (columns) added: every field of a new dataset. */
  addedFields: Array<Scalars['String']['output']>;
  /** Declared indexes added, each a list of fields. */
  addedIndexes: Array<Array<Scalars['String']['output']>>;
  change: DatasetChange;
  dataset: Scalars['String']['output'];
  problems: Array<ModelProblem>;
  /** Declared indexes dropped. */
  removedIndexes: Array<Array<Scalars['String']['output']>>;
};

/** The changes of one dataset within a batch. */
export type DatasetChangesInput = {
  /** Change rows, each with its control columns. */
  changes: Array<Scalars['JSONObject']['input']>;
  dataset: Scalars['String']['input'];
  /** Overrides the batch's format for this dataset. */
  format?: InputMaybe<ChangeFormat>;
};

/** An index the model declares: the fields it orders rows by, first field first. */
export type DatasetIndex = {
  __typename?: 'DatasetIndex';
  fields: Array<Scalars['String']['output']>;
  /** The SQLite index on the dataset's state table that serves it (see EXPLAIN QUERY PLAN); an index on exactly a relationship field is served by that field's automatic index. */
  name: Scalars['String']['output'];
};

/** A mirrored dataset and the model that describes it. */
export type DatasetInfo = {
  __typename?: 'DatasetInfo';
  /** record or time-series. */
  behavior: Scalars['String']['output'];
  /** Table name and list field name. */
  dataset: Scalars['String']['output'];
  description?: Maybe<Scalars['String']['output']>;
  fields: Array<FieldInfo>;
  /** Declared indexes, in the order the model lists them. */
  indexes: Array<DatasetIndex>;
  /** GraphQL type name. */
  name: Scalars['String']['output'];
  primaryKey: Array<Scalars['String']['output']>;
  relationships: Array<RelationshipInfo>;
  /** The event time of a time-series dataset. */
  timestamp?: Maybe<Scalars['String']['output']>;
  /** ISO-8601 duration; null keeps tombstones forever. */
  tombstoneRetention?: Maybe<Scalars['String']['output']>;
  /** Version fields, compared as a tuple in this order. */
  version: Array<Scalars['String']['output']>;
  /** The change format whose native order fills the version field (debezium, delta-cdf, bigquery-cdc), if any. */
  versionSource?: Maybe<Scalars['String']['output']>;
};

/** What a batch did to one dataset. */
export type DatasetReceipt = {
  __typename?: 'DatasetReceipt';
  /** Upserts that met another upsert of equal key and version with other contents. */
  conflicts: Scalars['Int']['output'];
  dataset: Scalars['String']['output'];
  /** Deletes that removed a row or left a tombstone. */
  deleted: Scalars['Int']['output'];
  format: ChangeFormat;
  /** Source rows that carry no change by their format's rules (e.g. Delta update_preimage). */
  ignored: Scalars['Int']['output'];
  /** Invalid rows kept in the quarantine. */
  quarantined: Array<InvalidRow>;
  received: Scalars['Int']['output'];
  /** Invalid rows that made an atomic batch fail. */
  rejected: Array<InvalidRow>;
  /** Valid changes that lost to the current winner; kept in the history. */
  stale: Scalars['Int']['output'];
  /** Changes identical to one accepted before. */
  unchanged: Scalars['Int']['output'];
  /** Upserts that became the current row. */
  upserted: Scalars['Int']['output'];
};

/** Conditions on a Date field; several conditions all apply. */
export type DateFilter = {
  _eq?: InputMaybe<Scalars['Date']['input']>;
  _gt?: InputMaybe<Scalars['Date']['input']>;
  _gte?: InputMaybe<Scalars['Date']['input']>;
  _in?: InputMaybe<Array<Scalars['Date']['input']>>;
  _isNull?: InputMaybe<Scalars['Boolean']['input']>;
  _lt?: InputMaybe<Scalars['Date']['input']>;
  _lte?: InputMaybe<Scalars['Date']['input']>;
  /** Not equal; rows where the field is null match too. */
  _neq?: InputMaybe<Scalars['Date']['input']>;
  /** Not in the list; rows where the field is null match too. */
  _nin?: InputMaybe<Array<Scalars['Date']['input']>>;
};

/** Conditions on a DateTime field; several conditions all apply. */
export type DateTimeFilter = {
  _eq?: InputMaybe<Scalars['DateTime']['input']>;
  _gt?: InputMaybe<Scalars['DateTime']['input']>;
  _gte?: InputMaybe<Scalars['DateTime']['input']>;
  _in?: InputMaybe<Array<Scalars['DateTime']['input']>>;
  _isNull?: InputMaybe<Scalars['Boolean']['input']>;
  _lt?: InputMaybe<Scalars['DateTime']['input']>;
  _lte?: InputMaybe<Scalars['DateTime']['input']>;
  /** Not equal; rows where the field is null match too. */
  _neq?: InputMaybe<Scalars['DateTime']['input']>;
  /** Not in the list; rows where the field is null match too. */
  _nin?: InputMaybe<Array<Scalars['DateTime']['input']>>;
};

export type DroppedDataset = {
  __typename?: 'DroppedDataset';
  dataset: Scalars['String']['output'];
  /** The schema version served from now on. */
  schemaVersion: Scalars['String']['output'];
};

/** A field of a dataset, as the model declares it. */
export type FieldInfo = {
  __typename?: 'FieldInfo';
  description?: Maybe<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  required: Scalars['Boolean']['output'];
  /** string, integer (64-bit), number, boolean, date or datetime. */
  type: Scalars['String']['output'];
  /** Declared a candidate key that relationships may target. */
  unique: Scalars['Boolean']['output'];
};

/** Conditions on a Float field; several conditions all apply. */
export type FloatFilter = {
  _eq?: InputMaybe<Scalars['Float']['input']>;
  _gt?: InputMaybe<Scalars['Float']['input']>;
  _gte?: InputMaybe<Scalars['Float']['input']>;
  _in?: InputMaybe<Array<Scalars['Float']['input']>>;
  _isNull?: InputMaybe<Scalars['Boolean']['input']>;
  _lt?: InputMaybe<Scalars['Float']['input']>;
  _lte?: InputMaybe<Scalars['Float']['input']>;
  /** Not equal; rows where the field is null match too. */
  _neq?: InputMaybe<Scalars['Float']['input']>;
  /** Not in the list; rows where the field is null match too. */
  _nin?: InputMaybe<Array<Scalars['Float']['input']>>;
};

/** Conditions on a Int64 field; several conditions all apply. */
export type Int64Filter = {
  _eq?: InputMaybe<Scalars['Int64']['input']>;
  _gt?: InputMaybe<Scalars['Int64']['input']>;
  _gte?: InputMaybe<Scalars['Int64']['input']>;
  _in?: InputMaybe<Array<Scalars['Int64']['input']>>;
  _isNull?: InputMaybe<Scalars['Boolean']['input']>;
  _lt?: InputMaybe<Scalars['Int64']['input']>;
  _lte?: InputMaybe<Scalars['Int64']['input']>;
  /** Not equal; rows where the field is null match too. */
  _neq?: InputMaybe<Scalars['Int64']['input']>;
  /** Not in the list; rows where the field is null match too. */
  _nin?: InputMaybe<Array<Scalars['Int64']['input']>>;
};

/** A refused row: its position in the batch and every problem it has. */
export type InvalidRow = {
  __typename?: 'InvalidRow';
  /** A stable rejection code, e.g. NULL_KEY, INVALID_VALUE, DEBEZIUM_INVALID_OP. */
  code: Scalars['String']['output'];
  expected?: Maybe<Scalars['String']['output']>;
  /** The field or control column at fault. */
  field?: Maybe<Scalars['String']['output']>;
  /** Position of the row in the dataset's list of changes. */
  index: Scalars['Int']['output'];
  message: Scalars['String']['output'];
  problems: Array<RowProblem>;
  /** Its id in the dataset's quarantine (null when an atomic batch was rejected). */
  quarantineId?: Maybe<Scalars['ID']['output']>;
  received?: Maybe<Scalars['String']['output']>;
};

/** What a purged key held: a row, a tombstone, or nothing (unknown key). */
export type KeyPurgeState =
  | 'NOTHING'
  | 'ROW'
  | 'TOMBSTONE';

/** What defineModels did, or would do (dryRun). */
export type ModelChangePlan = {
  __typename?: 'ModelChangePlan';
  /** Whether the models are in place and served: the tables changed and the schema swapped. */
  applied: Scalars['Boolean']['output'];
  /** INVALID_MODEL or INCOMPATIBLE_MODEL_CHANGE when refused. */
  code?: Maybe<Scalars['String']['output']>;
  /** The datasets the definitions name. */
  datasets: Array<DatasetChangePlan>;
  dryRun: Scalars['Boolean']['output'];
  /** Every reason the change is refused; empty when it can be applied. */
  problems: Array<ModelProblem>;
  schema: SchemaChangeSet;
  /** The schema version served after this call (the same as before unless applied). */
  schemaVersion: Scalars['String']['output'];
};

/** One reason a model or a change of it is refused. */
export type ModelProblem = {
  __typename?: 'ModelProblem';
  /** The definition: "models[i]" for the i-th of the list sent, or the file of a model already served. */
  file: Scalars['String']['output'];
  fix: Scalars['String']['output'];
  message: Scalars['String']['output'];
  /** JSON path (native form) or JSON Pointer (Adobe form) in it. */
  path: Scalars['String']['output'];
};

/** A model defined or a dataset dropped through the API. */
export type ModelRevision = {
  __typename?: 'ModelRevision';
  /** define or drop. */
  action: Scalars['String']['output'];
  at: Scalars['DateTime']['output'];
  dataset: Scalars['String']['output'];
  /** The model defined (native form); null for a drop. */
  definition?: Maybe<Scalars['JSONObject']['output']>;
  principal: Scalars['String']['output'];
  seq: Scalars['ID']['output'];
};

export type ModelRevisionPage = {
  __typename?: 'ModelRevisionPage';
  /** @deprecated Use pageInfo.endCursor. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** @deprecated Use pageInfo.hasNextPage. */
  hasNextPage: Scalars['Boolean']['output'];
  /** Newest first. */
  nodes: Array<ModelRevision>;
  pageInfo: PageInfo;
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Applies typed changes to account_profiles as one batch and returns its receipt. */
  applyAccountProfilesChanges: ChangeReceipt;
  /** Applies typed changes to accounts as one batch and returns its receipt. */
  applyAccountsChanges: ChangeReceipt;
  /** Applies the changes of several datasets (parents with their children) as one batch in one transaction. */
  applyChangeBatch: ChangeReceipt;
  /** Applies change rows to one dataset as one batch (one transaction) and returns its receipt. */
  applyChanges: ChangeReceipt;
  /** Applies typed changes to contacts as one batch and returns its receipt. */
  applyContactsChanges: ChangeReceipt;
  /** Applies typed changes to opportunities as one batch and returns its receipt. */
  applyOpportunitiesChanges: ChangeReceipt;
  /** Applies typed changes to regions as one batch and returns its receipt. */
  applyRegionsChanges: ChangeReceipt;
  /** Applies typed changes to subscriptions as one batch and returns its receipt. */
  applySubscriptionsChanges: ChangeReceipt;
  /** Applies typed changes to web_events as one batch and returns its receipt. */
  applyWebEventsChanges: ChangeReceipt;
  /** Makes an API key (admin); its token is in the answer, once. Names are never reused. */
  createApiKey: CreatedApiKey;
  /** Adds models, or replaces the models of their datasets, while the server runs (admin). Each is a native model document, or Adobe's form (schema documents and their xdm descriptors in the same list). The whole set is checked as model files are, then against the stored data: additive changes apply; a change that would lose or reinterpret data is refused while the dataset holds data. dryRun: says what would change and applies nothing. Otherwise all or nothing (refused: INVALID_MODEL or INCOMPATIBLE_MODEL_CHANGE with the problems), then the schema is swapped: requests in flight finish on the schema they started with. */
  defineModels: ModelChangePlan;
  /** Removes quarantined rows on purpose; each removal is recorded with the row and the reason. Returns the removed rows. */
  discardQuarantine: Array<QuarantinedRow>;
  /** Drops a dataset, its rows, history and quarantine, and stops serving it (admin). `confirm` must repeat its name; refused while another model has a relationship into it. A dataset a model file declares comes back at the next start. */
  dropDataset: DroppedDataset;
  /** Erases keys on purpose (data hygiene): each key's row or tombstone, its whole history and its quarantined rows, in one transaction, logged by key digest with the reason; payloads of the key in the quarantine log and received values in stored receipts are redacted. Each key is an object of the model's primary-key fields; one invalid key refuses the purge. A change that arrives later for a purged key is applied as new. */
  purgeKeys: PurgeReceipt;
  /** Runs quarantined rows through the merge again as a new batch; rows that pass leave the quarantine, rows still invalid stay with their new problems. */
  replayQuarantine: ChangeReceipt;
  /** Revokes an API key by id or name (admin), at once; revoking it again keeps the first time. */
  revokeApiKey: ApiKey;
};


export type MutationApplyAccountProfilesChangesArgs = {
  atomic?: InputMaybe<Scalars['Boolean']['input']>;
  batchId?: InputMaybe<Scalars['ID']['input']>;
  changes: Array<AccountProfileChangeInput>;
};


export type MutationApplyAccountsChangesArgs = {
  atomic?: InputMaybe<Scalars['Boolean']['input']>;
  batchId?: InputMaybe<Scalars['ID']['input']>;
  changes: Array<AccountChangeInput>;
};


export type MutationApplyChangeBatchArgs = {
  atomic?: Scalars['Boolean']['input'];
  batchId?: InputMaybe<Scalars['ID']['input']>;
  format?: ChangeFormat;
  items: Array<DatasetChangesInput>;
};


export type MutationApplyChangesArgs = {
  atomic?: Scalars['Boolean']['input'];
  batchId?: InputMaybe<Scalars['ID']['input']>;
  changes: Array<Scalars['JSONObject']['input']>;
  dataset: Scalars['String']['input'];
  format?: ChangeFormat;
};


export type MutationApplyContactsChangesArgs = {
  atomic?: InputMaybe<Scalars['Boolean']['input']>;
  batchId?: InputMaybe<Scalars['ID']['input']>;
  changes: Array<ContactChangeInput>;
};


export type MutationApplyOpportunitiesChangesArgs = {
  atomic?: InputMaybe<Scalars['Boolean']['input']>;
  batchId?: InputMaybe<Scalars['ID']['input']>;
  changes: Array<OpportunityChangeInput>;
};


export type MutationApplyRegionsChangesArgs = {
  atomic?: InputMaybe<Scalars['Boolean']['input']>;
  batchId?: InputMaybe<Scalars['ID']['input']>;
  changes: Array<RegionChangeInput>;
};


export type MutationApplySubscriptionsChangesArgs = {
  atomic?: InputMaybe<Scalars['Boolean']['input']>;
  batchId?: InputMaybe<Scalars['ID']['input']>;
  changes: Array<SubscriptionChangeInput>;
};


export type MutationApplyWebEventsChangesArgs = {
  atomic?: InputMaybe<Scalars['Boolean']['input']>;
  batchId?: InputMaybe<Scalars['ID']['input']>;
  changes: Array<WebEventChangeInput>;
};


export type MutationCreateApiKeyArgs = {
  expiresAt?: InputMaybe<Scalars['DateTime']['input']>;
  maxNodes?: InputMaybe<Scalars['Int']['input']>;
  name: Scalars['String']['input'];
  readsPerSecond?: InputMaybe<Scalars['Float']['input']>;
  scopes: Array<Scalars['String']['input']>;
  writesPerSecond?: InputMaybe<Scalars['Float']['input']>;
};


export type MutationDefineModelsArgs = {
  dryRun?: Scalars['Boolean']['input'];
  models: Array<Scalars['JSONObject']['input']>;
};


export type MutationDiscardQuarantineArgs = {
  dataset: Scalars['String']['input'];
  ids: Array<Scalars['ID']['input']>;
  reason: Scalars['String']['input'];
};


export type MutationDropDatasetArgs = {
  confirm: Scalars['String']['input'];
  name: Scalars['String']['input'];
};


export type MutationPurgeKeysArgs = {
  dataset: Scalars['String']['input'];
  keys: Array<Scalars['JSONObject']['input']>;
  reason: Scalars['String']['input'];
};


export type MutationReplayQuarantineArgs = {
  batchId?: InputMaybe<Scalars['ID']['input']>;
  dataset: Scalars['String']['input'];
  ids: Array<Scalars['ID']['input']>;
};


export type MutationRevokeApiKeyArgs = {
  key: Scalars['String']['input'];
};

export type Opportunity = {
  __typename?: 'Opportunity';
  /** When the current row was applied. */
  _updatedAt: Scalars['DateTime']['output'];
  /** The version of the current row (stage_version, updated_at). */
  _version: Array<Scalars['String']['output']>;
  /** The Account whose account_id is this row's account_id (M:1); null when it is not mirrored. */
  account?: Maybe<Account>;
  account_id: Scalars['String']['output'];
  amount?: Maybe<Scalars['Float']['output']>;
  close_date?: Maybe<Scalars['Date']['output']>;
  is_won: Scalars['Boolean']['output'];
  name: Scalars['String']['output'];
  opportunity_id: Scalars['String']['output'];
  /** The Contact whose contact_id is this row's owner_contact_id (M:0); null when it is not mirrored. */
  owner?: Maybe<Contact>;
  /** The customer-side contact who owns the deal; may point at a contact not mirrored yet. */
  owner_contact_id?: Maybe<Scalars['String']['output']>;
  probability?: Maybe<Scalars['Float']['output']>;
  stage: Scalars['String']['output'];
  stage_version: Scalars['Int64']['output'];
  /** The Subscription whose source_opportunity_id is this row's opportunity_id (1:0). */
  subscription?: Maybe<Subscription>;
  updated_at: Scalars['DateTime']['output'];
};

/** A change of opportunities: every field optional here so that incomplete rows reach the quarantine rather than failing the request. */
export type OpportunityChangeInput = {
  /** UPSERT when absent. */
  _change_request_type?: InputMaybe<ChangeRequestType>;
  account_id?: InputMaybe<Scalars['String']['input']>;
  amount?: InputMaybe<Scalars['Float']['input']>;
  close_date?: InputMaybe<Scalars['Date']['input']>;
  is_won?: InputMaybe<Scalars['Boolean']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  opportunity_id?: InputMaybe<Scalars['String']['input']>;
  /** The customer-side contact who owns the deal; may point at a contact not mirrored yet. */
  owner_contact_id?: InputMaybe<Scalars['String']['input']>;
  probability?: InputMaybe<Scalars['Float']['input']>;
  stage?: InputMaybe<Scalars['String']['input']>;
  stage_version?: InputMaybe<Scalars['Int64']['input']>;
  updated_at?: InputMaybe<Scalars['DateTime']['input']>;
};

export type OpportunityConnection = {
  __typename?: 'OpportunityConnection';
  edges: Array<OpportunityEdge>;
  nodes: Array<Opportunity>;
  pageInfo: PageInfo;
  /** Rows matching `where`, on all pages; counted only when asked for. */
  totalCount: Scalars['Int']['output'];
};

export type OpportunityEdge = {
  __typename?: 'OpportunityEdge';
  cursor: Scalars['String']['output'];
  node: Opportunity;
};

/** One sort key: set exactly one field. */
export type OpportunityOrderBy = {
  account_id?: InputMaybe<OrderDirection>;
  amount?: InputMaybe<OrderDirection>;
  close_date?: InputMaybe<OrderDirection>;
  is_won?: InputMaybe<OrderDirection>;
  name?: InputMaybe<OrderDirection>;
  opportunity_id?: InputMaybe<OrderDirection>;
  owner_contact_id?: InputMaybe<OrderDirection>;
  probability?: InputMaybe<OrderDirection>;
  stage?: InputMaybe<OrderDirection>;
  stage_version?: InputMaybe<OrderDirection>;
  updated_at?: InputMaybe<OrderDirection>;
};

/** Conditions on opportunities; all conditions of one object apply together. */
export type OpportunityWhere = {
  _and?: InputMaybe<Array<OpportunityWhere>>;
  _not?: InputMaybe<OpportunityWhere>;
  _or?: InputMaybe<Array<OpportunityWhere>>;
  /** Rows whose Account matches. */
  account?: InputMaybe<AccountWhere>;
  account_id?: InputMaybe<StringFilter>;
  amount?: InputMaybe<FloatFilter>;
  close_date?: InputMaybe<DateFilter>;
  is_won?: InputMaybe<BooleanFilter>;
  name?: InputMaybe<StringFilter>;
  opportunity_id?: InputMaybe<StringFilter>;
  /** Rows whose Contact matches. */
  owner?: InputMaybe<ContactWhere>;
  owner_contact_id?: InputMaybe<StringFilter>;
  probability?: InputMaybe<FloatFilter>;
  stage?: InputMaybe<StringFilter>;
  stage_version?: InputMaybe<Int64Filter>;
  updated_at?: InputMaybe<DateTimeFilter>;
};

/** ASC puts nulls first, DESC puts them last. */
export type OrderDirection =
  | 'ASC'
  | 'DESC';

/** Where a page stands in its list: whether more rows come after or before it, and the cursors of its first and last rows. */
export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor?: Maybe<Scalars['String']['output']>;
};

/** What a purge removed, key by key in the order sent. */
export type PurgeReceipt = {
  __typename?: 'PurgeReceipt';
  at: Scalars['DateTime']['output'];
  dataset: Scalars['String']['output'];
  keys: Array<PurgedKey>;
  reason: Scalars['String']['output'];
};

/** One purged key. The log keeps its digest, never its values. */
export type PurgedKey = {
  __typename?: 'PurgedKey';
  /** History entries removed. */
  historyEntries: Scalars['Int']['output'];
  /** Hex SHA-256 of the key's canonical encoding (its fields, keys sorted, as JSON). */
  keyDigest: Scalars['String']['output'];
  /** Quarantined rows carrying the key, removed (their quarantine-log payloads and receipts' received values are redacted). */
  quarantinedRows: Scalars['Int']['output'];
  state: KeyPurgeState;
};

export type QuarantinePage = {
  __typename?: 'QuarantinePage';
  /** @deprecated Use pageInfo.endCursor. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** @deprecated Use pageInfo.hasNextPage. */
  hasNextPage: Scalars['Boolean']['output'];
  /** Oldest first. */
  nodes: Array<QuarantinedRow>;
  pageInfo: PageInfo;
};

/** A row kept in a dataset's quarantine. */
export type QuarantinedRow = {
  __typename?: 'QuarantinedRow';
  /** The batch that sent it (or last replayed it). */
  batchId: Scalars['String']['output'];
  code: Scalars['String']['output'];
  field?: Maybe<Scalars['String']['output']>;
  format: ChangeFormat;
  id: Scalars['ID']['output'];
  message: Scalars['String']['output'];
  /** The row exactly as it was sent. */
  payload: Scalars['JSON']['output'];
  problems: Array<RowProblem>;
  receivedAt: Scalars['DateTime']['output'];
  /** Its position in that batch. */
  rowIndex: Scalars['Int']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** One Account by its primary key, or null. */
  account?: Maybe<Account>;
  /** One AccountProfile by its primary key, or null. */
  accountProfile?: Maybe<AccountProfile>;
  /** Rows of account_profiles, filtered, ordered and paged. */
  account_profiles: AccountProfileConnection;
  /** Rows of accounts, filtered, ordered and paged. */
  accounts: AccountConnection;
  /** Every API key, revoked ones included, oldest first (admin). */
  apiKeys: Array<ApiKey>;
  /** Admin actions, newest first, optionally of one action (admin). */
  auditLog: AuditPage;
  /** The receipt of an applied batch, with the datasets the caller may write; null when it is unknown or touched none of them. */
  batch?: Maybe<ChangeReceipt>;
  /** Receipts of applied batches, newest first, optionally of one dataset (write on it, or on every dataset without one); each with the datasets the caller may write. */
  batches: ChangeReceiptPage;
  /** One Contact by its primary key, or null. */
  contact?: Maybe<Contact>;
  /** Rows of contacts, filtered, ordered and paged. */
  contacts: ContactConnection;
  /** One loaded model by dataset name, or null (also when the caller may not read it). */
  dataset?: Maybe<DatasetInfo>;
  /** Every loaded model the caller may read, with its fields, key, version, timestamp, behavior, relationships and indexes. */
  datasets: Array<DatasetInfo>;
  /** Dangling references of every relationship the caller may read both ends of, counted and listed (up to `limit` examples each). */
  integrity: Array<RelationshipIntegrity>;
  /** Models defined and datasets dropped through the API, newest first, optionally of one dataset (admin). */
  modelRevisions: ModelRevisionPage;
  /** Every served model the caller may read, as a native model document, with the revision that defined it through the API, if any. */
  models: Array<StoredModel>;
  /** Rows of opportunities, filtered, ordered and paged. */
  opportunities: OpportunityConnection;
  /** One Opportunity by its primary key, or null. */
  opportunity?: Maybe<Opportunity>;
  /** Invalid rows kept for a dataset, oldest first. */
  quarantine: QuarantinePage;
  /** One Region by its primary key, or null. */
  region?: Maybe<Region>;
  /** Rows of regions, filtered, ordered and paged. */
  regions: RegionConnection;
  /** The version of the served schema: a digest of the model set, the same on every replica serving it; it changes when models are defined or datasets dropped. */
  schemaVersion: Scalars['String']['output'];
  /** One Subscription by its primary key, or null. */
  subscription?: Maybe<Subscription>;
  /** Rows of subscriptions, filtered, ordered and paged. */
  subscriptions: SubscriptionConnection;
  /** One WebEvent by its primary key, or null. */
  webEvent?: Maybe<WebEvent>;
  /** Rows of web_events, filtered, ordered and paged. */
  web_events: WebEventConnection;
};


export type QueryAccountArgs = {
  account_id: Scalars['String']['input'];
};


export type QueryAccountProfileArgs = {
  account_id: Scalars['String']['input'];
};


export type QueryAccount_ProfilesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  offset?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<Array<AccountProfileOrderBy>>;
  where?: InputMaybe<AccountProfileWhere>;
};


export type QueryAccountsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  offset?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<Array<AccountOrderBy>>;
  where?: InputMaybe<AccountWhere>;
};


export type QueryAuditLogArgs = {
  action?: InputMaybe<Scalars['String']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
};


export type QueryBatchArgs = {
  id: Scalars['ID']['input'];
};


export type QueryBatchesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  dataset?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
};


export type QueryContactArgs = {
  contact_id: Scalars['String']['input'];
};


export type QueryContactsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  offset?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<Array<ContactOrderBy>>;
  where?: InputMaybe<ContactWhere>;
};


export type QueryDatasetArgs = {
  name: Scalars['String']['input'];
};


export type QueryIntegrityArgs = {
  limit?: Scalars['Int']['input'];
};


export type QueryModelRevisionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  dataset?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
};


export type QueryOpportunitiesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  offset?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<Array<OpportunityOrderBy>>;
  where?: InputMaybe<OpportunityWhere>;
};


export type QueryOpportunityArgs = {
  opportunity_id: Scalars['String']['input'];
};


export type QueryQuarantineArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  dataset: Scalars['String']['input'];
  first?: Scalars['Int']['input'];
};


export type QueryRegionArgs = {
  region_code: Scalars['String']['input'];
};


export type QueryRegionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  offset?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<Array<RegionOrderBy>>;
  where?: InputMaybe<RegionWhere>;
};


export type QuerySubscriptionArgs = {
  subscription_id: Scalars['String']['input'];
};


export type QuerySubscriptionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  offset?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<Array<SubscriptionOrderBy>>;
  where?: InputMaybe<SubscriptionWhere>;
};


export type QueryWebEventArgs = {
  event_time: Scalars['DateTime']['input'];
  session_id: Scalars['String']['input'];
};


export type QueryWeb_EventsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  offset?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<Array<WebEventOrderBy>>;
  where?: InputMaybe<WebEventWhere>;
};

/** Sales regions, maintained by hand in the CRM. */
export type Region = {
  __typename?: 'Region';
  /** When the current row was applied. */
  _updatedAt: Scalars['DateTime']['output'];
  /** The version of the current row (revision). */
  _version: Scalars['Int64']['output'];
  /** The accounts whose region_code is this row's region_code. */
  accounts: AccountConnection;
  /** ISO 4217 code used for quotas in this region. */
  currency?: Maybe<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  region_code: Scalars['String']['output'];
  revision: Scalars['Int64']['output'];
};


/** Sales regions, maintained by hand in the CRM. */
export type RegionAccountsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  offset?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<Array<AccountOrderBy>>;
  where?: InputMaybe<AccountWhere>;
};

/** A change of regions: every field optional here so that incomplete rows reach the quarantine rather than failing the request. */
export type RegionChangeInput = {
  /** UPSERT when absent. */
  _change_request_type?: InputMaybe<ChangeRequestType>;
  /** ISO 4217 code used for quotas in this region. */
  currency?: InputMaybe<Scalars['String']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  region_code?: InputMaybe<Scalars['String']['input']>;
  revision?: InputMaybe<Scalars['Int64']['input']>;
};

export type RegionConnection = {
  __typename?: 'RegionConnection';
  edges: Array<RegionEdge>;
  nodes: Array<Region>;
  pageInfo: PageInfo;
  /** Rows matching `where`, on all pages; counted only when asked for. */
  totalCount: Scalars['Int']['output'];
};

export type RegionEdge = {
  __typename?: 'RegionEdge';
  cursor: Scalars['String']['output'];
  node: Region;
};

/** One sort key: set exactly one field. */
export type RegionOrderBy = {
  currency?: InputMaybe<OrderDirection>;
  name?: InputMaybe<OrderDirection>;
  region_code?: InputMaybe<OrderDirection>;
  revision?: InputMaybe<OrderDirection>;
};

/** Conditions on regions; all conditions of one object apply together. */
export type RegionWhere = {
  _and?: InputMaybe<Array<RegionWhere>>;
  _not?: InputMaybe<RegionWhere>;
  _or?: InputMaybe<Array<RegionWhere>>;
  currency?: InputMaybe<StringFilter>;
  name?: InputMaybe<StringFilter>;
  region_code?: InputMaybe<StringFilter>;
  revision?: InputMaybe<Int64Filter>;
};

/** A relationship descriptor, with the names of its edges in the API. */
export type RelationshipInfo = {
  __typename?: 'RelationshipInfo';
  /** M:1, 1:1, M:0 or 1:0; informational, not enforced at ingestion. */
  cardinality: Scalars['String']['output'];
  field: Scalars['String']['output'];
  /** Field on the target resolving the referring rows. */
  inverseName: Scalars['String']['output'];
  /** Field on this type resolving the referenced row. */
  name: Scalars['String']['output'];
  /** Target model name. */
  target: Scalars['String']['output'];
  targetField: Scalars['String']['output'];
};

/** Integrity of one relationship: references that point at no row. */
export type RelationshipIntegrity = {
  __typename?: 'RelationshipIntegrity';
  dangling: Scalars['Int']['output'];
  dataset: Scalars['String']['output'];
  examples: Array<DanglingReference>;
  field: Scalars['String']['output'];
  relationship: Scalars['String']['output'];
  target: Scalars['String']['output'];
  targetField: Scalars['String']['output'];
};

/** Why a row was refused. */
export type RowProblem = {
  __typename?: 'RowProblem';
  /** A stable rejection code, e.g. NULL_KEY, INVALID_VALUE, DEBEZIUM_INVALID_OP. */
  code: Scalars['String']['output'];
  expected?: Maybe<Scalars['String']['output']>;
  /** The field or control column at fault. */
  field?: Maybe<Scalars['String']['output']>;
  message: Scalars['String']['output'];
  received?: Maybe<Scalars['String']['output']>;
};

/** A change graphql-js's findBreakingChanges or findDangerousChanges reports. */
export type SchemaChange = {
  __typename?: 'SchemaChange';
  description: Scalars['String']['output'];
  /** graphql-js's kind, e.g. FIELD_REMOVED, FIELD_CHANGED_KIND, ARG_DEFAULT_VALUE_CHANGE. */
  type: Scalars['String']['output'];
};

/** How the served GraphQL schema changes. */
export type SchemaChangeSet = {
  __typename?: 'SchemaChangeSet';
  /** Changes that can break clients. */
  breaking: Array<SchemaChange>;
  /** Changes that can change what clients see. */
  dangerous: Array<SchemaChange>;
  /** "Type.field" of types in both schemas (objects, inputs). */
  fieldsAdded: Array<Scalars['String']['output']>;
  fieldsRemoved: Array<Scalars['String']['output']>;
  typesAdded: Array<Scalars['String']['output']>;
  typesRemoved: Array<Scalars['String']['output']>;
};

/** A served model, as a native model document, with where it came from. */
export type StoredModel = {
  __typename?: 'StoredModel';
  dataset: Scalars['String']['output'];
  definedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Who defined it, as the audit log names principals. */
  definedBy?: Maybe<Scalars['String']['output']>;
  /** The model in the native form of model files (docs/model-format.md). */
  definition: Scalars['JSONObject']['output'];
  name: Scalars['String']['output'];
  /** The revision (seq of modelRevisions) that defined it; null for a model file's. */
  revision?: Maybe<Scalars['Int']['output']>;
  /** "api" when defined through defineModels, "file" when read from a model file. */
  source: Scalars['String']['output'];
};

/** Conditions on a String field; several conditions all apply. */
export type StringFilter = {
  _eq?: InputMaybe<Scalars['String']['input']>;
  _gt?: InputMaybe<Scalars['String']['input']>;
  _gte?: InputMaybe<Scalars['String']['input']>;
  /** Like _like, ignoring ASCII case. */
  _ilike?: InputMaybe<Scalars['String']['input']>;
  _in?: InputMaybe<Array<Scalars['String']['input']>>;
  _isNull?: InputMaybe<Scalars['Boolean']['input']>;
  /** SQL LIKE, case-sensitive: % any run of characters, _ one character. */
  _like?: InputMaybe<Scalars['String']['input']>;
  _lt?: InputMaybe<Scalars['String']['input']>;
  _lte?: InputMaybe<Scalars['String']['input']>;
  /** Not equal; rows where the field is null match too. */
  _neq?: InputMaybe<Scalars['String']['input']>;
  /** Not in the list; rows where the field is null match too. */
  _nin?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Case-sensitive prefix. */
  _startsWith?: InputMaybe<Scalars['String']['input']>;
};

/** Subscriptions from the billing system, which knows accounts by their billing customer id. */
export type Subscription = {
  __typename?: 'Subscription';
  /** When the current row was applied. */
  _updatedAt: Scalars['DateTime']['output'];
  /** The version of the current row (updated_at). */
  _version: Scalars['DateTime']['output'];
  /** The Account whose billing_customer_id is this row's customer_id (M:1); null when it is not mirrored. */
  account?: Maybe<Account>;
  auto_renew: Scalars['Boolean']['output'];
  currency: Scalars['String']['output'];
  customer_id: Scalars['String']['output'];
  end_date?: Maybe<Scalars['Date']['output']>;
  /** Monthly recurring revenue in the subscription's currency. */
  mrr?: Maybe<Scalars['Float']['output']>;
  plan: Scalars['String']['output'];
  seats: Scalars['Int64']['output'];
  /** The Opportunity whose opportunity_id is this row's source_opportunity_id (1:0); null when it is not mirrored. */
  sourceOpportunity?: Maybe<Opportunity>;
  /** The won opportunity this subscription was sold in; null for self-serve sign-ups. */
  source_opportunity_id?: Maybe<Scalars['String']['output']>;
  start_date: Scalars['Date']['output'];
  status: Scalars['String']['output'];
  subscription_id: Scalars['String']['output'];
  updated_at: Scalars['DateTime']['output'];
};

/** A change of subscriptions: every field optional here so that incomplete rows reach the quarantine rather than failing the request. */
export type SubscriptionChangeInput = {
  /** UPSERT when absent. */
  _change_request_type?: InputMaybe<ChangeRequestType>;
  auto_renew?: InputMaybe<Scalars['Boolean']['input']>;
  currency?: InputMaybe<Scalars['String']['input']>;
  customer_id?: InputMaybe<Scalars['String']['input']>;
  end_date?: InputMaybe<Scalars['Date']['input']>;
  /** Monthly recurring revenue in the subscription's currency. */
  mrr?: InputMaybe<Scalars['Float']['input']>;
  plan?: InputMaybe<Scalars['String']['input']>;
  seats?: InputMaybe<Scalars['Int64']['input']>;
  /** The won opportunity this subscription was sold in; null for self-serve sign-ups. */
  source_opportunity_id?: InputMaybe<Scalars['String']['input']>;
  start_date?: InputMaybe<Scalars['Date']['input']>;
  status?: InputMaybe<Scalars['String']['input']>;
  subscription_id?: InputMaybe<Scalars['String']['input']>;
  updated_at?: InputMaybe<Scalars['DateTime']['input']>;
};

export type SubscriptionConnection = {
  __typename?: 'SubscriptionConnection';
  edges: Array<SubscriptionEdge>;
  nodes: Array<Subscription>;
  pageInfo: PageInfo;
  /** Rows matching `where`, on all pages; counted only when asked for. */
  totalCount: Scalars['Int']['output'];
};

export type SubscriptionEdge = {
  __typename?: 'SubscriptionEdge';
  cursor: Scalars['String']['output'];
  node: Subscription;
};

/** One sort key: set exactly one field. */
export type SubscriptionOrderBy = {
  auto_renew?: InputMaybe<OrderDirection>;
  currency?: InputMaybe<OrderDirection>;
  customer_id?: InputMaybe<OrderDirection>;
  end_date?: InputMaybe<OrderDirection>;
  mrr?: InputMaybe<OrderDirection>;
  plan?: InputMaybe<OrderDirection>;
  seats?: InputMaybe<OrderDirection>;
  source_opportunity_id?: InputMaybe<OrderDirection>;
  start_date?: InputMaybe<OrderDirection>;
  status?: InputMaybe<OrderDirection>;
  subscription_id?: InputMaybe<OrderDirection>;
  updated_at?: InputMaybe<OrderDirection>;
};

/** Conditions on subscriptions; all conditions of one object apply together. */
export type SubscriptionWhere = {
  _and?: InputMaybe<Array<SubscriptionWhere>>;
  _not?: InputMaybe<SubscriptionWhere>;
  _or?: InputMaybe<Array<SubscriptionWhere>>;
  /** Rows whose Account matches. */
  account?: InputMaybe<AccountWhere>;
  auto_renew?: InputMaybe<BooleanFilter>;
  currency?: InputMaybe<StringFilter>;
  customer_id?: InputMaybe<StringFilter>;
  end_date?: InputMaybe<DateFilter>;
  mrr?: InputMaybe<FloatFilter>;
  plan?: InputMaybe<StringFilter>;
  seats?: InputMaybe<Int64Filter>;
  /** Rows whose Opportunity matches. */
  sourceOpportunity?: InputMaybe<OpportunityWhere>;
  source_opportunity_id?: InputMaybe<StringFilter>;
  start_date?: InputMaybe<DateFilter>;
  status?: InputMaybe<StringFilter>;
  subscription_id?: InputMaybe<StringFilter>;
  updated_at?: InputMaybe<DateTimeFilter>;
};

/** Page views and clicks on the marketing site, from the event collector. */
export type WebEvent = {
  __typename?: 'WebEvent';
  /** When the current row was applied. */
  _updatedAt: Scalars['DateTime']['output'];
  /** The version of the current row (collector_ts). */
  _version: Scalars['Float']['output'];
  /** When the collector wrote the event, in epoch seconds; a re-processed event carries a later value. */
  collector_ts: Scalars['Float']['output'];
  /** The Contact whose contact_id is this row's contact_id (M:0); null when it is not mirrored. */
  contact?: Maybe<Contact>;
  /** Set once the visitor is identified as a contact. */
  contact_id?: Maybe<Scalars['String']['output']>;
  duration_ms?: Maybe<Scalars['Int64']['output']>;
  event_time: Scalars['DateTime']['output'];
  event_type: Scalars['String']['output'];
  page_url?: Maybe<Scalars['String']['output']>;
  referrer?: Maybe<Scalars['String']['output']>;
  session_id: Scalars['String']['output'];
  /** Signed 64-bit hash of the visitor cookie. */
  visitor_id?: Maybe<Scalars['Int64']['output']>;
};

/** A change of web_events: every field optional here so that incomplete rows reach the quarantine rather than failing the request. */
export type WebEventChangeInput = {
  /** UPSERT when absent. */
  _change_request_type?: InputMaybe<ChangeRequestType>;
  /** When the collector wrote the event, in epoch seconds; a re-processed event carries a later value. */
  collector_ts?: InputMaybe<Scalars['Float']['input']>;
  /** Set once the visitor is identified as a contact. */
  contact_id?: InputMaybe<Scalars['String']['input']>;
  duration_ms?: InputMaybe<Scalars['Int64']['input']>;
  event_time?: InputMaybe<Scalars['DateTime']['input']>;
  event_type?: InputMaybe<Scalars['String']['input']>;
  page_url?: InputMaybe<Scalars['String']['input']>;
  referrer?: InputMaybe<Scalars['String']['input']>;
  session_id?: InputMaybe<Scalars['String']['input']>;
  /** Signed 64-bit hash of the visitor cookie. */
  visitor_id?: InputMaybe<Scalars['Int64']['input']>;
};

export type WebEventConnection = {
  __typename?: 'WebEventConnection';
  edges: Array<WebEventEdge>;
  nodes: Array<WebEvent>;
  pageInfo: PageInfo;
  /** Rows matching `where`, on all pages; counted only when asked for. */
  totalCount: Scalars['Int']['output'];
};

export type WebEventEdge = {
  __typename?: 'WebEventEdge';
  cursor: Scalars['String']['output'];
  node: WebEvent;
};

/** One sort key: set exactly one field. */
export type WebEventOrderBy = {
  collector_ts?: InputMaybe<OrderDirection>;
  contact_id?: InputMaybe<OrderDirection>;
  duration_ms?: InputMaybe<OrderDirection>;
  event_time?: InputMaybe<OrderDirection>;
  event_type?: InputMaybe<OrderDirection>;
  page_url?: InputMaybe<OrderDirection>;
  referrer?: InputMaybe<OrderDirection>;
  session_id?: InputMaybe<OrderDirection>;
  visitor_id?: InputMaybe<OrderDirection>;
};

/** Conditions on web_events; all conditions of one object apply together. */
export type WebEventWhere = {
  _and?: InputMaybe<Array<WebEventWhere>>;
  _not?: InputMaybe<WebEventWhere>;
  _or?: InputMaybe<Array<WebEventWhere>>;
  collector_ts?: InputMaybe<FloatFilter>;
  /** Rows whose Contact matches. */
  contact?: InputMaybe<ContactWhere>;
  contact_id?: InputMaybe<StringFilter>;
  duration_ms?: InputMaybe<Int64Filter>;
  event_time?: InputMaybe<DateTimeFilter>;
  event_type?: InputMaybe<StringFilter>;
  page_url?: InputMaybe<StringFilter>;
  referrer?: InputMaybe<StringFilter>;
  session_id?: InputMaybe<StringFilter>;
  visitor_id?: InputMaybe<Int64Filter>;
};

export type AccountsNestedQueryVariables = Exact<{ [key: string]: never; }>;


export type AccountsNestedQuery = { accounts: { totalCount: number, nodes: Array<{ account_id: string, name: string, employee_count: string | null, region: { region_code: string, name: string } | null, profile: { website: string | null, founded_year: string | null, is_public: boolean | null } | null, contacts: { totalCount: number, nodes: Array<{ contact_id: string, last_name: string, row_scn: string, ownedOpportunities: { nodes: Array<{ opportunity_id: string, stage: string, amount: number | null, _version: Array<string> }> } }> } }> } };

export type ContactByKeyQueryVariables = Exact<{ [key: string]: never; }>;


export type ContactByKeyQuery = { contact: { contact_id: string, title: string | null, row_scn: string, _version: string, _updatedAt: string, account: { name: string } | null } | null, missing: { contact_id: string } | null };

export type DatasetsQueryVariables = Exact<{ [key: string]: never; }>;


export type DatasetsQuery = { datasets: Array<{ name: string, dataset: string, behavior: string, primaryKey: Array<string>, version: Array<string>, timestamp: string | null, tombstoneRetention: string | null, fields: Array<{ name: string, type: string, required: boolean }>, relationships: Array<{ field: string, target: string, targetField: string, cardinality: string, name: string, inverseName: string }>, indexes: Array<{ fields: Array<string>, name: string }> }> };

export type EditedCursorQueryVariables = Exact<{ [key: string]: never; }>;


export type EditedCursorQuery = { contacts: { nodes: Array<{ contact_id: string }> } };

export type ForgedQueryVariables = Exact<{ [key: string]: never; }>;


export type ForgedQuery = { accounts: { nodes: Array<{ account_id: string }> } };

export type OtherOrderingQueryVariables = Exact<{ [key: string]: never; }>;


export type OtherOrderingQuery = { contacts: { nodes: Array<{ contact_id: string }> } };

export type BothQueryVariables = Exact<{ [key: string]: never; }>;


export type BothQuery = { accounts: { nodes: Array<{ account_id: string }> } };

export type NullEqQueryVariables = Exact<{ [key: string]: never; }>;


export type NullEqQuery = { accounts: { nodes: Array<{ account_id: string }> } };

export type TwoKeysQueryVariables = Exact<{ [key: string]: never; }>;


export type TwoKeysQuery = { accounts: { nodes: Array<{ account_id: string }> } };

export type TooLargeQueryVariables = Exact<{ [key: string]: never; }>;


export type TooLargeQuery = { accounts: { nodes: Array<{ account_id: string }> } };

export type FiltersQueryVariables = Exact<{ [key: string]: never; }>;


export type FiltersQuery = { like: { nodes: Array<{ name: string }> }, ilike: { nodes: Array<{ name: string }> }, startsWith: { nodes: Array<{ name: string }> }, notCustomers: { nodes: Array<{ name: string, is_customer: boolean }> }, noSince: { totalCount: number }, either: { nodes: Array<{ name: string, industry: string | null, employee_count: string | null }> }, notIn: { nodes: Array<{ name: string, region_code: string }> } };

export type FragmentsQueryVariables = Exact<{ [key: string]: never; }>;


export type FragmentsQuery = { top: { edges: Array<{ cursor: string, node: { account_id: string, _updatedAt: string, label: string, profile: { hq_country: string | null } | null } }>, nodes: Array<{ since: string | null, region: { currency: string | null } | null }> } };

export type AccountBitsFragment = { account_id: string, _updatedAt: string, label: string, profile: { hq_country: string | null } | null };

export type RegionBitsFragment = { currency: string | null };

export type Int64ValuesQueryVariables = Exact<{ [key: string]: never; }>;


export type Int64ValuesQuery = { contacts: { nodes: Array<{ contact_id: string, row_scn: string }> }, web_events: { nodes: Array<{ visitor_id: string | null }> } };

export type LedgerAndQuarantineQueryVariables = Exact<{ [key: string]: never; }>;


export type LedgerAndQuarantineQuery = { first: { hasNextPage: boolean, endCursor: string | null, nodes: Array<{ batchId: string, replayed: boolean, receivedAt: string, datasets: Array<{ dataset: string, received: number, upserted: number, deleted: number, stale: number, unchanged: number, conflicts: number, quarantined: Array<{ index: number, code: string, field: string | null }> }> }>, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, endCursor: string | null } }, contacts: { hasNextPage: boolean, nodes: Array<{ batchId: string, datasets: Array<{ dataset: string, received: number }> }> }, one: { batchId: string, atomic: boolean, datasets: Array<{ dataset: string, received: number, upserted: number }> } | null, none: { batchId: string } | null, quarantine: { nodes: Array<{ id: string, batchId: string, rowIndex: number, code: string, field: string | null, message: string, payload: unknown, receivedAt: string, problems: Array<{ code: string, field: string | null }> }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type DanglingOwnerQueryVariables = Exact<{ [key: string]: never; }>;


export type DanglingOwnerQuery = { opportunities: { nodes: Array<{ opportunity_id: string, owner_contact_id: string | null, _version: Array<string>, owner: { contact_id: string } | null, account: { account_id: string } | null }> }, integrity: Array<{ dataset: string, relationship: string, dangling: number, examples: Array<{ key: Record<string, unknown>, value: string }> }> };

export type BackwardPagesQueryVariables = Exact<{ [key: string]: never; }>;


export type BackwardPagesQuery = { last2: { nodes: Array<{ region_code: string }>, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null } }, before: { nodes: Array<{ region_code: string }>, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean } }, skip: { nodes: Array<{ region_code: string }>, pageInfo: { hasPreviousPage: boolean } } };

export type ForwardPagesQueryVariables = Exact<{ [key: string]: never; }>;


export type ForwardPagesQuery = { page1: { edges: Array<{ cursor: string, node: { contact_id: string, lead_score: string | null } }>, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null } }, page2: { nodes: Array<{ contact_id: string, lead_score: string | null }>, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean } } };

export type SubscriptionsQueryVariables = Exact<{ [key: string]: never; }>;


export type SubscriptionsQuery = { subscriptions: { nodes: Array<{ subscription_id: string, plan: string, seats: string, start_date: string, auto_renew: boolean, account: { account_id: string, billing_customer_id: string | null } | null, sourceOpportunity: { opportunity_id: string } | null }> } };

export type WebEventByKeyQueryVariables = Exact<{ [key: string]: never; }>;


export type WebEventByKeyQuery = { webEvent: { session_id: string, event_time: string, event_type: string, visitor_id: string | null, collector_ts: number, contact: { contact_id: string } | null } | null };

export type WebEventsRangeQueryVariables = Exact<{ [key: string]: never; }>;


export type WebEventsRangeQuery = { web_events: { totalCount: number, nodes: Array<{ session_id: string, event_time: string, event_type: string, duration_ms: string | null }> } };

export const AccountBitsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AccountBits"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Account"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"account_id"}},{"kind":"Field","alias":{"kind":"Name","value":"label"},"name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"_updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"profile"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hq_country"}}]}}]}}]} as unknown as DocumentNode<AccountBitsFragment, unknown>;
export const RegionBitsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RegionBits"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Region"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}}]} as unknown as DocumentNode<RegionBitsFragment, unknown>;
export const AccountsNestedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AccountsNested"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accounts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"where"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"region"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"currency"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"_eq"},"value":{"kind":"StringValue","value":"USD","block":false}}]}}]}}]}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"ListValue","values":[{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"employee_count"},"value":{"kind":"EnumValue","value":"DESC"}}]}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"account_id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"employee_count"}},{"kind":"Field","name":{"kind":"Name","value":"region"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"region_code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"profile"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"website"}},{"kind":"Field","name":{"kind":"Name","value":"founded_year"}},{"kind":"Field","name":{"kind":"Name","value":"is_public"}}]}},{"kind":"Field","name":{"kind":"Name","value":"contacts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"2"}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"ListValue","values":[{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"last_name"},"value":{"kind":"EnumValue","value":"ASC"}}]}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contact_id"}},{"kind":"Field","name":{"kind":"Name","value":"last_name"}},{"kind":"Field","name":{"kind":"Name","value":"row_scn"}},{"kind":"Field","name":{"kind":"Name","value":"ownedOpportunities"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"3"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"opportunity_id"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"_version"}}]}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<AccountsNestedQuery, AccountsNestedQueryVariables>;
export const ContactByKeyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ContactByKey"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contact"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"contact_id"},"value":{"kind":"StringValue","value":"ct-2001","block":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contact_id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"row_scn"}},{"kind":"Field","name":{"kind":"Name","value":"_version"}},{"kind":"Field","name":{"kind":"Name","value":"_updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"missing"},"name":{"kind":"Name","value":"contact"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"contact_id"},"value":{"kind":"StringValue","value":"ct-2009","block":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contact_id"}}]}}]}}]} as unknown as DocumentNode<ContactByKeyQuery, ContactByKeyQueryVariables>;
export const DatasetsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Datasets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"datasets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"dataset"}},{"kind":"Field","name":{"kind":"Name","value":"behavior"}},{"kind":"Field","name":{"kind":"Name","value":"primaryKey"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"timestamp"}},{"kind":"Field","name":{"kind":"Name","value":"tombstoneRetention"}},{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"required"}}]}},{"kind":"Field","name":{"kind":"Name","value":"relationships"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"target"}},{"kind":"Field","name":{"kind":"Name","value":"targetField"}},{"kind":"Field","name":{"kind":"Name","value":"cardinality"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"inverseName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"indexes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fields"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<DatasetsQuery, DatasetsQueryVariables>;
export const EditedCursorDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"EditedCursor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contacts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"2"}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"ListValue","values":[{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"lead_score"},"value":{"kind":"EnumValue","value":"DESC"}}]}]}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"StringValue","value":"WyJoT25lSnFvTCIsW3siaSI6Ijk5In0sImN0LTIwMDgiXV0.Y5oVS0tRavXJEKuLS_yFag","block":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contact_id"}}]}}]}}]}}]} as unknown as DocumentNode<EditedCursorQuery, EditedCursorQueryVariables>;
export const ForgedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Forged"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accounts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"StringValue","value":"bm90LWEtY3Vyc29y","block":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"account_id"}}]}}]}}]}}]} as unknown as DocumentNode<ForgedQuery, ForgedQueryVariables>;
export const OtherOrderingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"OtherOrdering"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contacts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"2"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"StringValue","value":"WyJoT25lSnFvTCIsW3siaSI6Ijg4In0sImN0LTIwMDgiXV0.Y5oVS0tRavXJEKuLS_yFag","block":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contact_id"}}]}}]}}]}}]} as unknown as DocumentNode<OtherOrderingQuery, OtherOrderingQueryVariables>;
export const BothDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Both"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accounts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"account_id"}}]}}]}}]}}]} as unknown as DocumentNode<BothQuery, BothQueryVariables>;
export const NullEqDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"NullEq"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accounts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"where"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"industry"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"_eq"},"value":{"kind":"NullValue"}}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"account_id"}}]}}]}}]}}]} as unknown as DocumentNode<NullEqQuery, NullEqQueryVariables>;
export const TwoKeysDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TwoKeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accounts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"ListValue","values":[{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"name"},"value":{"kind":"EnumValue","value":"ASC"}},{"kind":"ObjectField","name":{"kind":"Name","value":"industry"},"value":{"kind":"EnumValue","value":"DESC"}}]}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"account_id"}}]}}]}}]}}]} as unknown as DocumentNode<TwoKeysQuery, TwoKeysQueryVariables>;
export const TooLargeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TooLarge"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accounts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"51"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"account_id"}}]}}]}}]}}]} as unknown as DocumentNode<TooLargeQuery, TooLargeQueryVariables>;
export const FiltersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Filters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"like"},"name":{"kind":"Name","value":"accounts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"where"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"name"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"_like"},"value":{"kind":"StringValue","value":"%Ltd","block":false}}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"ilike"},"name":{"kind":"Name","value":"accounts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"where"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"name"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"_ilike"},"value":{"kind":"StringValue","value":"globex%","block":false}}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"startsWith"},"name":{"kind":"Name","value":"accounts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"where"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"name"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"_startsWith"},"value":{"kind":"StringValue","value":"Wayne","block":false}}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"notCustomers"},"name":{"kind":"Name","value":"accounts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"where"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"is_customer"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"_eq"},"value":{"kind":"BooleanValue","value":false}}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"is_customer"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"noSince"},"name":{"kind":"Name","value":"accounts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"where"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"customer_since"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"_isNull"},"value":{"kind":"BooleanValue","value":true}}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"either"},"name":{"kind":"Name","value":"accounts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"where"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"_or"},"value":{"kind":"ListValue","values":[{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"industry"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"_eq"},"value":{"kind":"StringValue","value":"Retail","block":false}}]}}]},{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"employee_count"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"_gt"},"value":{"kind":"StringValue","value":"5000","block":false}}]}}]}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"industry"}},{"kind":"Field","name":{"kind":"Name","value":"employee_count"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"notIn"},"name":{"kind":"Name","value":"accounts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"where"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"_not"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"region_code"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"_in"},"value":{"kind":"ListValue","values":[{"kind":"StringValue","value":"NA","block":false},{"kind":"StringValue","value":"DACH","block":false}]}}]}}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"region_code"}}]}}]}}]}}]} as unknown as DocumentNode<FiltersQuery, FiltersQueryVariables>;
export const FragmentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Fragments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"top"},"name":{"kind":"Name","value":"accounts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"2"}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"ListValue","values":[{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"name"},"value":{"kind":"EnumValue","value":"ASC"}}]}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AccountBits"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Account"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"since"},"name":{"kind":"Name","value":"customer_since"}},{"kind":"Field","name":{"kind":"Name","value":"region"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RegionBits"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AccountBits"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Account"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"account_id"}},{"kind":"Field","alias":{"kind":"Name","value":"label"},"name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"_updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"profile"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hq_country"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RegionBits"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Region"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}}]} as unknown as DocumentNode<FragmentsQuery, FragmentsQueryVariables>;
export const Int64ValuesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Int64Values"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contacts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"where"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"row_scn"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"_gt"},"value":{"kind":"StringValue","value":"9007199254740992","block":false}}]}}]}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"ListValue","values":[{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"row_scn"},"value":{"kind":"EnumValue","value":"ASC"}}]}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contact_id"}},{"kind":"Field","name":{"kind":"Name","value":"row_scn"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"web_events"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"where"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"visitor_id"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"_eq"},"value":{"kind":"StringValue","value":"9007199254740993","block":false}}]}}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"visitor_id"}}]}}]}}]}}]} as unknown as DocumentNode<Int64ValuesQuery, Int64ValuesQueryVariables>;
export const LedgerAndQuarantineDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LedgerAndQuarantine"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"first"},"name":{"kind":"Name","value":"batches"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"2"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"batchId"}},{"kind":"Field","name":{"kind":"Name","value":"replayed"}},{"kind":"Field","name":{"kind":"Name","value":"receivedAt"}},{"kind":"Field","name":{"kind":"Name","value":"datasets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataset"}},{"kind":"Field","name":{"kind":"Name","value":"received"}},{"kind":"Field","name":{"kind":"Name","value":"upserted"}},{"kind":"Field","name":{"kind":"Name","value":"deleted"}},{"kind":"Field","name":{"kind":"Name","value":"stale"}},{"kind":"Field","name":{"kind":"Name","value":"unchanged"}},{"kind":"Field","name":{"kind":"Name","value":"conflicts"}},{"kind":"Field","name":{"kind":"Name","value":"quarantined"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"index"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"contacts"},"name":{"kind":"Name","value":"batches"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}},{"kind":"Argument","name":{"kind":"Name","value":"dataset"},"value":{"kind":"StringValue","value":"contacts","block":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"batchId"}},{"kind":"Field","name":{"kind":"Name","value":"datasets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataset"}},{"kind":"Field","name":{"kind":"Name","value":"received"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"one"},"name":{"kind":"Name","value":"batch"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"StringValue","value":"demo:regions","block":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"batchId"}},{"kind":"Field","name":{"kind":"Name","value":"atomic"}},{"kind":"Field","name":{"kind":"Name","value":"datasets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataset"}},{"kind":"Field","name":{"kind":"Name","value":"received"}},{"kind":"Field","name":{"kind":"Name","value":"upserted"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"none"},"name":{"kind":"Name","value":"batch"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"StringValue","value":"no-such-batch","block":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"batchId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"quarantine"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"dataset"},"value":{"kind":"StringValue","value":"contacts","block":false}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"batchId"}},{"kind":"Field","name":{"kind":"Name","value":"rowIndex"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"problems"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}},{"kind":"Field","name":{"kind":"Name","value":"payload"}},{"kind":"Field","name":{"kind":"Name","value":"receivedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<LedgerAndQuarantineQuery, LedgerAndQuarantineQueryVariables>;
export const DanglingOwnerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DanglingOwner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"opportunities"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"where"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"opportunity_id"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"_in"},"value":{"kind":"ListValue","values":[{"kind":"StringValue","value":"opp-3001","block":false},{"kind":"StringValue","value":"opp-3004","block":false}]}}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"opportunity_id"}},{"kind":"Field","name":{"kind":"Name","value":"owner_contact_id"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contact_id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"account_id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"_version"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"integrity"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataset"}},{"kind":"Field","name":{"kind":"Name","value":"relationship"}},{"kind":"Field","name":{"kind":"Name","value":"dangling"}},{"kind":"Field","name":{"kind":"Name","value":"examples"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]}}]} as unknown as DocumentNode<DanglingOwnerQuery, DanglingOwnerQueryVariables>;
export const BackwardPagesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"BackwardPages"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"last2"},"name":{"kind":"Name","value":"regions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"IntValue","value":"2"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"region_code"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"before"},"name":{"kind":"Name","value":"regions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"IntValue","value":"2"}},{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"StringValue","value":"WyJ5WUNSNnVEVCIsWyJOQSJdXQ.px-leTKiwNOOWdJ4D5bnYA","block":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"region_code"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"skip"},"name":{"kind":"Name","value":"regions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"2"}},{"kind":"Argument","name":{"kind":"Name","value":"offset"},"value":{"kind":"IntValue","value":"2"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"region_code"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}}]}}]}}]}}]} as unknown as DocumentNode<BackwardPagesQuery, BackwardPagesQueryVariables>;
export const ForwardPagesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ForwardPages"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"page1"},"name":{"kind":"Name","value":"contacts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"2"}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"ListValue","values":[{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"lead_score"},"value":{"kind":"EnumValue","value":"DESC"}}]}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contact_id"}},{"kind":"Field","name":{"kind":"Name","value":"lead_score"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"page2"},"name":{"kind":"Name","value":"contacts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"2"}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"ListValue","values":[{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"lead_score"},"value":{"kind":"EnumValue","value":"DESC"}}]}]}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"StringValue","value":"WyJoT25lSnFvTCIsW3siaSI6Ijg4In0sImN0LTIwMDgiXV0.Y5oVS0tRavXJEKuLS_yFag","block":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contact_id"}},{"kind":"Field","name":{"kind":"Name","value":"lead_score"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}}]}}]}}]}}]} as unknown as DocumentNode<ForwardPagesQuery, ForwardPagesQueryVariables>;
export const SubscriptionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Subscriptions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"subscriptions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"where"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"status"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"_neq"},"value":{"kind":"StringValue","value":"canceled","block":false}}]}}]}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"ListValue","values":[{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"seats"},"value":{"kind":"EnumValue","value":"DESC"}}]}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"3"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"subscription_id"}},{"kind":"Field","name":{"kind":"Name","value":"plan"}},{"kind":"Field","name":{"kind":"Name","value":"seats"}},{"kind":"Field","name":{"kind":"Name","value":"start_date"}},{"kind":"Field","name":{"kind":"Name","value":"auto_renew"}},{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"account_id"}},{"kind":"Field","name":{"kind":"Name","value":"billing_customer_id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sourceOpportunity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"opportunity_id"}}]}}]}}]}}]}}]} as unknown as DocumentNode<SubscriptionsQuery, SubscriptionsQueryVariables>;
export const WebEventByKeyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebEventByKey"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"webEvent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"session_id"},"value":{"kind":"StringValue","value":"s-9c1e","block":false}},{"kind":"Argument","name":{"kind":"Name","value":"event_time"},"value":{"kind":"StringValue","value":"2026-03-03T10:15:12.412733+01:00","block":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"session_id"}},{"kind":"Field","name":{"kind":"Name","value":"event_time"}},{"kind":"Field","name":{"kind":"Name","value":"event_type"}},{"kind":"Field","name":{"kind":"Name","value":"visitor_id"}},{"kind":"Field","name":{"kind":"Name","value":"collector_ts"}},{"kind":"Field","name":{"kind":"Name","value":"contact"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contact_id"}}]}}]}}]}}]} as unknown as DocumentNode<WebEventByKeyQuery, WebEventByKeyQueryVariables>;
export const WebEventsRangeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebEventsRange"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"web_events"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"where"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"event_time"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"_gte"},"value":{"kind":"StringValue","value":"2026-03-03T09:15:00Z","block":false}},{"kind":"ObjectField","name":{"kind":"Name","value":"_lt"},"value":{"kind":"StringValue","value":"2026-03-03T09:17:00Z","block":false}}]}}]}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"ListValue","values":[{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"event_time"},"value":{"kind":"EnumValue","value":"DESC"}}]}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"session_id"}},{"kind":"Field","name":{"kind":"Name","value":"event_time"}},{"kind":"Field","name":{"kind":"Name","value":"event_type"}},{"kind":"Field","name":{"kind":"Name","value":"duration_ms"}}]}}]}}]}}]} as unknown as DocumentNode<WebEventsRangeQuery, WebEventsRangeQueryVariables>;