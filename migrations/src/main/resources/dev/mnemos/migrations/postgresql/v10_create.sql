-- MLMD schema version 10 for PostgreSQL: the tables, constraints and indexes of a fresh database,
-- column for column what the MLMD library (1.14 and later) creates. Its DDL is unquoted, so the
-- names are lower case; the generated jOOQ code (from the MySQL script) renders them unquoted here.
-- One difference, in mnemos_indexes.sql: the string-value indexes cover the first 255 characters.
CREATE TABLE IF NOT EXISTS type (
  id SERIAL PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  version VARCHAR(255),
  type_kind SMALLINT NOT NULL,
  description TEXT,
  input_type TEXT,
  output_type TEXT,
  external_id VARCHAR(255) UNIQUE
);
CREATE TABLE IF NOT EXISTS parenttype (
  type_id INT NOT NULL,
  parent_type_id INT NOT NULL,
  PRIMARY KEY (type_id, parent_type_id)
);
CREATE TABLE IF NOT EXISTS typeproperty (
  type_id INT NOT NULL,
  name VARCHAR(255) NOT NULL,
  data_type INT NULL,
  PRIMARY KEY (type_id, name)
);
CREATE TABLE IF NOT EXISTS artifact (
  id SERIAL PRIMARY KEY,
  type_id INT NOT NULL,
  uri TEXT,
  state INT,
  name VARCHAR(255),
  external_id VARCHAR(255) UNIQUE,
  create_time_since_epoch BIGINT NOT NULL DEFAULT 0,
  last_update_time_since_epoch BIGINT NOT NULL DEFAULT 0,
  CONSTRAINT UniqueArtifactTypeName UNIQUE(type_id, name)
);
CREATE TABLE IF NOT EXISTS artifactproperty (
  artifact_id INT NOT NULL,
  name VARCHAR(255) NOT NULL,
  is_custom_property BOOLEAN NOT NULL,
  int_value INT,
  double_value DOUBLE PRECISION,
  string_value TEXT,
  byte_value BYTEA,
  proto_value BYTEA,
  bool_value BOOLEAN,
  PRIMARY KEY (artifact_id, name, is_custom_property)
);
CREATE TABLE IF NOT EXISTS execution (
  id SERIAL PRIMARY KEY,
  type_id INT NOT NULL,
  last_known_state INT,
  name VARCHAR(255),
  external_id VARCHAR(255) UNIQUE,
  create_time_since_epoch BIGINT NOT NULL DEFAULT 0,
  last_update_time_since_epoch BIGINT NOT NULL DEFAULT 0,
  CONSTRAINT UniqueExecutionTypeName UNIQUE(type_id, name)
);
CREATE TABLE IF NOT EXISTS executionproperty (
  execution_id INT NOT NULL,
  name VARCHAR(255) NOT NULL,
  is_custom_property BOOLEAN NOT NULL,
  int_value INT,
  double_value DOUBLE PRECISION,
  string_value TEXT,
  byte_value BYTEA,
  proto_value BYTEA,
  bool_value BOOLEAN,
  PRIMARY KEY (execution_id, name, is_custom_property)
);
CREATE TABLE IF NOT EXISTS context (
  id SERIAL PRIMARY KEY,
  type_id INT NOT NULL,
  name VARCHAR(255) NOT NULL,
  external_id VARCHAR(255) UNIQUE,
  create_time_since_epoch BIGINT NOT NULL DEFAULT 0,
  last_update_time_since_epoch BIGINT NOT NULL DEFAULT 0,
  UNIQUE(type_id, name)
);
CREATE TABLE IF NOT EXISTS contextproperty (
  context_id INT NOT NULL,
  name VARCHAR(255) NOT NULL,
  is_custom_property BOOLEAN NOT NULL,
  int_value INT,
  double_value DOUBLE PRECISION,
  string_value TEXT,
  byte_value BYTEA,
  proto_value BYTEA,
  bool_value BOOLEAN,
  PRIMARY KEY (context_id, name, is_custom_property)
);
CREATE TABLE IF NOT EXISTS parentcontext (
  context_id INT NOT NULL,
  parent_context_id INT NOT NULL,
  PRIMARY KEY (context_id, parent_context_id)
);
CREATE TABLE IF NOT EXISTS event (
  id SERIAL PRIMARY KEY,
  artifact_id INT NOT NULL,
  execution_id INT NOT NULL,
  type INT NOT NULL,
  milliseconds_since_epoch BIGINT,
  CONSTRAINT UniqueEvent UNIQUE(artifact_id, execution_id, type)
);
CREATE TABLE IF NOT EXISTS eventpath (
  event_id INT NOT NULL,
  is_index_step BOOLEAN NOT NULL,
  step_index INT,
  step_key TEXT
);
CREATE TABLE IF NOT EXISTS association (
  id SERIAL PRIMARY KEY,
  context_id INT NOT NULL,
  execution_id INT NOT NULL,
  UNIQUE(context_id, execution_id)
);
CREATE TABLE IF NOT EXISTS attribution (
  id SERIAL PRIMARY KEY,
  context_id INT NOT NULL,
  artifact_id INT NOT NULL,
  UNIQUE(context_id, artifact_id)
);
CREATE TABLE IF NOT EXISTS mlmdenv (
  schema_version INTEGER PRIMARY KEY
);
CREATE INDEX IF NOT EXISTS idx_artifact_uri ON artifact(uri);
CREATE INDEX IF NOT EXISTS idx_artifact_create_time_since_epoch ON artifact(create_time_since_epoch);
CREATE INDEX IF NOT EXISTS idx_artifact_last_update_time_since_epoch ON artifact(last_update_time_since_epoch);
CREATE INDEX IF NOT EXISTS idx_event_execution_id ON event(execution_id);
CREATE INDEX IF NOT EXISTS idx_parentcontext_parent_context_id ON parentcontext(parent_context_id);
CREATE INDEX IF NOT EXISTS idx_type_name ON type(name);
CREATE INDEX IF NOT EXISTS idx_execution_create_time_since_epoch ON execution(create_time_since_epoch);
CREATE INDEX IF NOT EXISTS idx_execution_last_update_time_since_epoch ON execution(last_update_time_since_epoch);
CREATE INDEX IF NOT EXISTS idx_context_create_time_since_epoch ON context(create_time_since_epoch);
CREATE INDEX IF NOT EXISTS idx_context_last_update_time_since_epoch ON context(last_update_time_since_epoch);
CREATE INDEX IF NOT EXISTS idx_eventpath_event_id ON eventpath(event_id);
CREATE INDEX IF NOT EXISTS idx_artifact_property_int ON artifactproperty(name, is_custom_property, int_value);
CREATE INDEX IF NOT EXISTS idx_artifact_property_double ON artifactproperty(name, is_custom_property, double_value);
CREATE INDEX IF NOT EXISTS idx_execution_property_int ON executionproperty(name, is_custom_property, int_value);
CREATE INDEX IF NOT EXISTS idx_execution_property_double ON executionproperty(name, is_custom_property, double_value);
CREATE INDEX IF NOT EXISTS idx_context_property_int ON contextproperty(name, is_custom_property, int_value);
CREATE INDEX IF NOT EXISTS idx_context_property_double ON contextproperty(name, is_custom_property, double_value);
CREATE INDEX IF NOT EXISTS idx_type_external_id ON type(external_id);
CREATE INDEX IF NOT EXISTS idx_artifact_external_id ON artifact(external_id);
CREATE INDEX IF NOT EXISTS idx_execution_external_id ON execution(external_id);
CREATE INDEX IF NOT EXISTS idx_context_external_id ON context(external_id);
