CREATE TABLE main.crm.accounts (
  account_id BIGINT NOT NULL COMMENT 'Account number',
  name STRING,
  employees INT,
  revenue DECIMAL(18,2),
  ratio DOUBLE,
  active BOOLEAN,
  founded DATE,
  `commit_version` BIGINT NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  CONSTRAINT accounts_pk PRIMARY KEY (account_id))
USING delta
COMMENT 'CRM accounts'
TBLPROPERTIES (
  'delta.enableChangeDataFeed' = 'true',
  'delta.minReaderVersion' = '1',
  'delta.minWriterVersion' = '7');
CREATE TABLE main.crm.events (
  account_id BIGINT NOT NULL,
  event_time TIMESTAMP NOT NULL,
  kind STRING,
  local_time TIMESTAMP_NTZ,
  `commit_version` BIGINT NOT NULL,
  CONSTRAINT events_pk PRIMARY KEY (account_id, event_time),
  CONSTRAINT events_account_fk FOREIGN KEY (account_id) REFERENCES main.crm.accounts)
USING delta
PARTITIONED BY (kind)
TBLPROPERTIES (
  'delta.enableChangeDataFeed' = 'true');
CREATE TABLE main.crm.account_notes (
  note_id STRING NOT NULL,
  account_id BIGINT,
  body STRING,
  `commit_version` BIGINT NOT NULL,
  CONSTRAINT account_notes_pk PRIMARY KEY (note_id),
  CONSTRAINT account_notes_account_fk FOREIGN KEY (account_id) REFERENCES main.crm.accounts (account_id))
USING delta
CLUSTER BY (account_id)
TBLPROPERTIES (
  'delta.enableChangeDataFeed' = 'true');
