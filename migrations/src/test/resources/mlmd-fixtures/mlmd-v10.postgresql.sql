CREATE TABLE public.artifact (
    id integer NOT NULL,
    type_id integer NOT NULL,
    uri text,
    state integer,
    name character varying(255),
    external_id character varying(255),
    create_time_since_epoch bigint DEFAULT 0 NOT NULL,
    last_update_time_since_epoch bigint DEFAULT 0 NOT NULL
);
CREATE SEQUENCE public.artifact_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.artifact_id_seq OWNED BY public.artifact.id;
CREATE TABLE public.artifactproperty (
    artifact_id integer NOT NULL,
    name character varying(255) NOT NULL,
    is_custom_property boolean NOT NULL,
    int_value integer,
    double_value double precision,
    string_value text,
    byte_value bytea,
    proto_value bytea,
    bool_value boolean
);
CREATE TABLE public.association (
    id integer NOT NULL,
    context_id integer NOT NULL,
    execution_id integer NOT NULL
);
CREATE SEQUENCE public.association_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.association_id_seq OWNED BY public.association.id;
CREATE TABLE public.attribution (
    id integer NOT NULL,
    context_id integer NOT NULL,
    artifact_id integer NOT NULL
);
CREATE SEQUENCE public.attribution_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.attribution_id_seq OWNED BY public.attribution.id;
CREATE TABLE public.context (
    id integer NOT NULL,
    type_id integer NOT NULL,
    name character varying(255) NOT NULL,
    external_id character varying(255),
    create_time_since_epoch bigint DEFAULT 0 NOT NULL,
    last_update_time_since_epoch bigint DEFAULT 0 NOT NULL
);
CREATE SEQUENCE public.context_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.context_id_seq OWNED BY public.context.id;
CREATE TABLE public.contextproperty (
    context_id integer NOT NULL,
    name character varying(255) NOT NULL,
    is_custom_property boolean NOT NULL,
    int_value integer,
    double_value double precision,
    string_value text,
    byte_value bytea,
    proto_value bytea,
    bool_value boolean
);
CREATE TABLE public.event (
    id integer NOT NULL,
    artifact_id integer NOT NULL,
    execution_id integer NOT NULL,
    type integer NOT NULL,
    milliseconds_since_epoch bigint
);
CREATE SEQUENCE public.event_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.event_id_seq OWNED BY public.event.id;
CREATE TABLE public.eventpath (
    event_id integer NOT NULL,
    is_index_step boolean NOT NULL,
    step_index integer,
    step_key text
);
CREATE TABLE public.execution (
    id integer NOT NULL,
    type_id integer NOT NULL,
    last_known_state integer,
    name character varying(255),
    external_id character varying(255),
    create_time_since_epoch bigint DEFAULT 0 NOT NULL,
    last_update_time_since_epoch bigint DEFAULT 0 NOT NULL
);
CREATE SEQUENCE public.execution_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.execution_id_seq OWNED BY public.execution.id;
CREATE TABLE public.executionproperty (
    execution_id integer NOT NULL,
    name character varying(255) NOT NULL,
    is_custom_property boolean NOT NULL,
    int_value integer,
    double_value double precision,
    string_value text,
    byte_value bytea,
    proto_value bytea,
    bool_value boolean
);
CREATE TABLE public.mlmdenv (
    schema_version integer NOT NULL
);
CREATE TABLE public.parentcontext (
    context_id integer NOT NULL,
    parent_context_id integer NOT NULL
);
CREATE TABLE public.parenttype (
    type_id integer NOT NULL,
    parent_type_id integer NOT NULL
);
CREATE TABLE public.type (
    id integer NOT NULL,
    name character varying(255) NOT NULL,
    version character varying(255),
    type_kind smallint NOT NULL,
    description text,
    input_type text,
    output_type text,
    external_id character varying(255)
);
CREATE SEQUENCE public.type_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.type_id_seq OWNED BY public.type.id;
CREATE TABLE public.typeproperty (
    type_id integer NOT NULL,
    name character varying(255) NOT NULL,
    data_type integer
);
ALTER TABLE ONLY public.artifact ALTER COLUMN id SET DEFAULT nextval('public.artifact_id_seq'::regclass);
ALTER TABLE ONLY public.association ALTER COLUMN id SET DEFAULT nextval('public.association_id_seq'::regclass);
ALTER TABLE ONLY public.attribution ALTER COLUMN id SET DEFAULT nextval('public.attribution_id_seq'::regclass);
ALTER TABLE ONLY public.context ALTER COLUMN id SET DEFAULT nextval('public.context_id_seq'::regclass);
ALTER TABLE ONLY public.event ALTER COLUMN id SET DEFAULT nextval('public.event_id_seq'::regclass);
ALTER TABLE ONLY public.execution ALTER COLUMN id SET DEFAULT nextval('public.execution_id_seq'::regclass);
ALTER TABLE ONLY public.type ALTER COLUMN id SET DEFAULT nextval('public.type_id_seq'::regclass);
INSERT INTO public.artifact VALUES (1, 10, 'gs://bucket/data/0', 2, NULL, 'dataset-0', 1796126846170, 1796126846170);
INSERT INTO public.artifact VALUES (2, 11, 'gs://bucket/model/0', NULL, 'model-0', NULL, 1796126846171, 1796126846171);
INSERT INTO public.artifact VALUES (3, 10, 'gs://bucket/data/1', 2, NULL, 'dataset-1', 1796126846176, 1796126846176);
INSERT INTO public.artifact VALUES (4, 11, 'gs://bucket/model/1', NULL, 'model-1', NULL, 1796126846177, 1796126846177);
INSERT INTO public.artifact VALUES (5, 10, 'gs://bucket/data/2', 2, NULL, 'dataset-2', 1796126846180, 1796126846180);
INSERT INTO public.artifact VALUES (6, 11, 'gs://bucket/model/2', NULL, 'model-2', NULL, 1796126846180, 1796126846180);
INSERT INTO public.artifactproperty VALUES (1, 'span', false, 0, NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.artifactproperty VALUES (1, 'split', false, NULL, NULL, 'train', NULL, NULL, NULL);
INSERT INTO public.artifactproperty VALUES (1, 'rows', true, 1000, NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.artifactproperty VALUES (2, 'pushed', false, NULL, NULL, NULL, NULL, NULL, true);
INSERT INTO public.artifactproperty VALUES (2, 'config', false, NULL, NULL, 'mlmd-struct::Cg0KBG5hbWUSBRoDbWxwCiIKBmxheWVycxIYMhYKCREAAAAAAABQQAoJEQAAAAAAAEBACg8KAmxyEgkRexSuR+F6hD8=', NULL, NULL, NULL);
INSERT INTO public.artifactproperty VALUES (2, 'accuracy', false, NULL, 0.8, NULL, NULL, NULL, NULL);
INSERT INTO public.artifactproperty VALUES (2, 'blob', false, NULL, NULL, NULL, NULL, '\x0a2f747970652e676f6f676c65617069732e636f6d2f676f6f676c652e70726f746f6275662e537472696e6756616c756512080a066f7061717565', NULL);
INSERT INTO public.artifactproperty VALUES (2, 'note', true, NULL, NULL, 'run 0', NULL, NULL, NULL);
INSERT INTO public.artifactproperty VALUES (2, 'Beschreibung ü', true, NULL, NULL, 'Zoë 0 数据 😀', NULL, NULL, NULL);
INSERT INTO public.artifactproperty VALUES (2, 'label', true, NULL, NULL, 'Zoë 0 数据 😀', NULL, NULL, NULL);
INSERT INTO public.artifactproperty VALUES (3, 'span', false, 1, NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.artifactproperty VALUES (3, 'split', false, NULL, NULL, 'train', NULL, NULL, NULL);
INSERT INTO public.artifactproperty VALUES (3, 'rows', true, 2000, NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.artifactproperty VALUES (4, 'pushed', false, NULL, NULL, NULL, NULL, NULL, false);
INSERT INTO public.artifactproperty VALUES (4, 'config', false, NULL, NULL, 'mlmd-struct::CiIKBmxheWVycxIYMhYKCREAAAAAAABQQAoJEQAAAAAAAEBACg0KBG5hbWUSBRoDbWxwCg8KAmxyEgkRexSuR+F6hD8=', NULL, NULL, NULL);
INSERT INTO public.artifactproperty VALUES (4, 'accuracy', false, NULL, 0.81, NULL, NULL, NULL, NULL);
INSERT INTO public.artifactproperty VALUES (4, 'blob', false, NULL, NULL, NULL, NULL, '\x0a2f747970652e676f6f676c65617069732e636f6d2f676f6f676c652e70726f746f6275662e537472696e6756616c756512080a066f7061717565', NULL);
INSERT INTO public.artifactproperty VALUES (4, 'label', true, NULL, NULL, 'Zoë 1 数据 😀', NULL, NULL, NULL);
INSERT INTO public.artifactproperty VALUES (4, 'note', true, NULL, NULL, 'run 1', NULL, NULL, NULL);
INSERT INTO public.artifactproperty VALUES (4, 'Beschreibung ü', true, NULL, NULL, 'Zoë 1 数据 😀', NULL, NULL, NULL);
INSERT INTO public.artifactproperty VALUES (5, 'span', false, 2, NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.artifactproperty VALUES (5, 'split', false, NULL, NULL, 'train', NULL, NULL, NULL);
INSERT INTO public.artifactproperty VALUES (5, 'rows', true, 3000, NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.artifactproperty VALUES (6, 'accuracy', false, NULL, 0.82, NULL, NULL, NULL, NULL);
INSERT INTO public.artifactproperty VALUES (6, 'blob', false, NULL, NULL, NULL, NULL, '\x0a2f747970652e676f6f676c65617069732e636f6d2f676f6f676c652e70726f746f6275662e537472696e6756616c756512080a066f7061717565', NULL);
INSERT INTO public.artifactproperty VALUES (6, 'pushed', false, NULL, NULL, NULL, NULL, NULL, true);
INSERT INTO public.artifactproperty VALUES (6, 'config', false, NULL, NULL, 'mlmd-struct::Cg0KBG5hbWUSBRoDbWxwCg8KAmxyEgkRexSuR+F6hD8KIgoGbGF5ZXJzEhgyFgoJEQAAAAAAAFBACgkRAAAAAAAAQEA=', NULL, NULL, NULL);
INSERT INTO public.artifactproperty VALUES (6, 'label', true, NULL, NULL, 'Zoë 2 数据 😀', NULL, NULL, NULL);
INSERT INTO public.artifactproperty VALUES (6, 'note', true, NULL, NULL, 'run 2', NULL, NULL, NULL);
INSERT INTO public.artifactproperty VALUES (6, 'Beschreibung ü', true, NULL, NULL, 'Zoë 2 数据 😀', NULL, NULL, NULL);
INSERT INTO public.association VALUES (1, 2, 1);
INSERT INTO public.association VALUES (2, 3, 2);
INSERT INTO public.association VALUES (3, 4, 3);
INSERT INTO public.attribution VALUES (1, 2, 2);
INSERT INTO public.attribution VALUES (2, 2, 1);
INSERT INTO public.attribution VALUES (3, 3, 3);
INSERT INTO public.attribution VALUES (4, 3, 4);
INSERT INTO public.attribution VALUES (5, 4, 5);
INSERT INTO public.attribution VALUES (6, 4, 6);
INSERT INTO public.context VALUES (1, 14, 'churn', NULL, 1796126846168, 1796126846168);
INSERT INTO public.context VALUES (2, 13, 'run-0', 'run-ext-0', 1796126846174, 1796126846174);
INSERT INTO public.context VALUES (3, 13, 'run-1', 'run-ext-1', 1796126846178, 1796126846178);
INSERT INTO public.context VALUES (4, 13, 'run-2', 'run-ext-2', 1796126846182, 1796126846182);
INSERT INTO public.contextproperty VALUES (2, 'owner', false, NULL, NULL, 'alice', NULL, NULL, NULL);
INSERT INTO public.contextproperty VALUES (2, 'started', true, NULL, NULL, 'mlmd-struct::CgwKAmJ5EgYaBGNyb24=', NULL, NULL, NULL);
INSERT INTO public.contextproperty VALUES (3, 'owner', false, NULL, NULL, 'alice', NULL, NULL, NULL);
INSERT INTO public.contextproperty VALUES (3, 'started', true, NULL, NULL, 'mlmd-struct::CgwKAmJ5EgYaBGNyb24=', NULL, NULL, NULL);
INSERT INTO public.contextproperty VALUES (4, 'owner', false, NULL, NULL, 'alice', NULL, NULL, NULL);
INSERT INTO public.contextproperty VALUES (4, 'started', true, NULL, NULL, 'mlmd-struct::CgwKAmJ5EgYaBGNyb24=', NULL, NULL, NULL);
INSERT INTO public.event VALUES (1, 1, 1, 3, 1796126846173);
INSERT INTO public.event VALUES (2, 2, 1, 4, 1796126846173);
INSERT INTO public.event VALUES (3, 3, 2, 3, 1796126846178);
INSERT INTO public.event VALUES (4, 4, 2, 4, 1796126846178);
INSERT INTO public.event VALUES (5, 5, 3, 3, 1796126846181);
INSERT INTO public.event VALUES (6, 6, 3, 4, 1796126846181);
INSERT INTO public.eventpath VALUES (1, false, NULL, 'examples');
INSERT INTO public.eventpath VALUES (1, true, 0, NULL);
INSERT INTO public.eventpath VALUES (2, false, NULL, 'model');
INSERT INTO public.eventpath VALUES (3, false, NULL, 'examples');
INSERT INTO public.eventpath VALUES (3, true, 0, NULL);
INSERT INTO public.eventpath VALUES (4, false, NULL, 'model');
INSERT INTO public.eventpath VALUES (5, false, NULL, 'examples');
INSERT INTO public.eventpath VALUES (5, true, 0, NULL);
INSERT INTO public.eventpath VALUES (6, false, NULL, 'model');
INSERT INTO public.execution VALUES (1, 12, 3, 'train-0', NULL, 1796126846172, 1796126846172);
INSERT INTO public.execution VALUES (2, 12, 3, 'train-1', NULL, 1796126846178, 1796126846178);
INSERT INTO public.execution VALUES (3, 12, 3, 'train-2', NULL, 1796126846181, 1796126846181);
INSERT INTO public.executionproperty VALUES (1, 'image', false, NULL, NULL, 'trainer:1.0', NULL, NULL, NULL);
INSERT INTO public.executionproperty VALUES (1, 'input:epochs', true, 10, NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.executionproperty VALUES (2, 'image', false, NULL, NULL, 'trainer:1.1', NULL, NULL, NULL);
INSERT INTO public.executionproperty VALUES (2, 'input:epochs', true, 11, NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.executionproperty VALUES (3, 'image', false, NULL, NULL, 'trainer:1.2', NULL, NULL, NULL);
INSERT INTO public.executionproperty VALUES (3, 'input:epochs', true, 12, NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.mlmdenv VALUES (10);
INSERT INTO public.parentcontext VALUES (2, 1);
INSERT INTO public.parentcontext VALUES (3, 1);
INSERT INTO public.parentcontext VALUES (4, 1);
INSERT INTO public.parenttype VALUES (10, 1);
INSERT INTO public.parenttype VALUES (12, 5);
INSERT INTO public.type VALUES (1, 'mlmd.Dataset', NULL, 1, NULL, NULL, NULL, NULL);
INSERT INTO public.type VALUES (2, 'mlmd.Model', NULL, 1, NULL, NULL, NULL, NULL);
INSERT INTO public.type VALUES (3, 'mlmd.Metrics', NULL, 1, NULL, NULL, NULL, NULL);
INSERT INTO public.type VALUES (4, 'mlmd.Statistics', NULL, 1, NULL, NULL, NULL, NULL);
INSERT INTO public.type VALUES (5, 'mlmd.Train', NULL, 0, NULL, NULL, NULL, NULL);
INSERT INTO public.type VALUES (6, 'mlmd.Transform', NULL, 0, NULL, NULL, NULL, NULL);
INSERT INTO public.type VALUES (7, 'mlmd.Process', NULL, 0, NULL, NULL, NULL, NULL);
INSERT INTO public.type VALUES (8, 'mlmd.Evaluate', NULL, 0, NULL, NULL, NULL, NULL);
INSERT INTO public.type VALUES (9, 'mlmd.Deploy', NULL, 0, NULL, NULL, NULL, NULL);
INSERT INTO public.type VALUES (10, 'system.Dataset', NULL, 1, NULL, NULL, NULL, NULL);
INSERT INTO public.type VALUES (11, 'system.Model', 'v2', 1, 'a trained model — ü', NULL, NULL, NULL);
INSERT INTO public.type VALUES (12, 'system.ContainerExecution', NULL, 0, NULL, NULL, NULL, NULL);
INSERT INTO public.type VALUES (13, 'system.PipelineRun', NULL, 2, NULL, NULL, NULL, NULL);
INSERT INTO public.type VALUES (14, 'system.Pipeline', NULL, 2, NULL, NULL, NULL, 'pipeline-type');
INSERT INTO public.typeproperty VALUES (10, 'span', 1);
INSERT INTO public.typeproperty VALUES (10, 'split', 3);
INSERT INTO public.typeproperty VALUES (11, 'blob', 5);
INSERT INTO public.typeproperty VALUES (11, 'pushed', 6);
INSERT INTO public.typeproperty VALUES (11, 'accuracy', 2);
INSERT INTO public.typeproperty VALUES (11, 'config', 4);
INSERT INTO public.typeproperty VALUES (12, 'image', 3);
INSERT INTO public.typeproperty VALUES (13, 'owner', 3);
SELECT pg_catalog.setval('public.artifact_id_seq', 6, true);
SELECT pg_catalog.setval('public.association_id_seq', 3, true);
SELECT pg_catalog.setval('public.attribution_id_seq', 6, true);
SELECT pg_catalog.setval('public.context_id_seq', 4, true);
SELECT pg_catalog.setval('public.event_id_seq', 6, true);
SELECT pg_catalog.setval('public.execution_id_seq', 3, true);
SELECT pg_catalog.setval('public.type_id_seq', 14, true);
ALTER TABLE ONLY public.artifact
    ADD CONSTRAINT artifact_external_id_key UNIQUE (external_id);
ALTER TABLE ONLY public.artifact
    ADD CONSTRAINT artifact_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.artifactproperty
    ADD CONSTRAINT artifactproperty_pkey PRIMARY KEY (artifact_id, name, is_custom_property);
ALTER TABLE ONLY public.association
    ADD CONSTRAINT association_context_id_execution_id_key UNIQUE (context_id, execution_id);
ALTER TABLE ONLY public.association
    ADD CONSTRAINT association_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.attribution
    ADD CONSTRAINT attribution_context_id_artifact_id_key UNIQUE (context_id, artifact_id);
ALTER TABLE ONLY public.attribution
    ADD CONSTRAINT attribution_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.context
    ADD CONSTRAINT context_external_id_key UNIQUE (external_id);
ALTER TABLE ONLY public.context
    ADD CONSTRAINT context_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.context
    ADD CONSTRAINT context_type_id_name_key UNIQUE (type_id, name);
ALTER TABLE ONLY public.contextproperty
    ADD CONSTRAINT contextproperty_pkey PRIMARY KEY (context_id, name, is_custom_property);
ALTER TABLE ONLY public.event
    ADD CONSTRAINT event_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.execution
    ADD CONSTRAINT execution_external_id_key UNIQUE (external_id);
ALTER TABLE ONLY public.execution
    ADD CONSTRAINT execution_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.executionproperty
    ADD CONSTRAINT executionproperty_pkey PRIMARY KEY (execution_id, name, is_custom_property);
ALTER TABLE ONLY public.mlmdenv
    ADD CONSTRAINT mlmdenv_pkey PRIMARY KEY (schema_version);
ALTER TABLE ONLY public.parentcontext
    ADD CONSTRAINT parentcontext_pkey PRIMARY KEY (context_id, parent_context_id);
ALTER TABLE ONLY public.parenttype
    ADD CONSTRAINT parenttype_pkey PRIMARY KEY (type_id, parent_type_id);
ALTER TABLE ONLY public.type
    ADD CONSTRAINT type_external_id_key UNIQUE (external_id);
ALTER TABLE ONLY public.type
    ADD CONSTRAINT type_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.typeproperty
    ADD CONSTRAINT typeproperty_pkey PRIMARY KEY (type_id, name);
ALTER TABLE ONLY public.artifact
    ADD CONSTRAINT uniqueartifacttypename UNIQUE (type_id, name);
ALTER TABLE ONLY public.event
    ADD CONSTRAINT uniqueevent UNIQUE (artifact_id, execution_id, type);
ALTER TABLE ONLY public.execution
    ADD CONSTRAINT uniqueexecutiontypename UNIQUE (type_id, name);
CREATE INDEX idx_artifact_create_time_since_epoch ON public.artifact USING btree (create_time_since_epoch);
CREATE INDEX idx_artifact_external_id ON public.artifact USING btree (external_id);
CREATE INDEX idx_artifact_last_update_time_since_epoch ON public.artifact USING btree (last_update_time_since_epoch);
CREATE INDEX idx_artifact_property_double ON public.artifactproperty USING btree (name, is_custom_property, double_value);
CREATE INDEX idx_artifact_property_int ON public.artifactproperty USING btree (name, is_custom_property, int_value);
CREATE INDEX idx_artifact_property_string ON public.artifactproperty USING btree (name, is_custom_property, string_value);
CREATE INDEX idx_artifact_uri ON public.artifact USING btree (uri);
CREATE INDEX idx_context_create_time_since_epoch ON public.context USING btree (create_time_since_epoch);
CREATE INDEX idx_context_external_id ON public.context USING btree (external_id);
CREATE INDEX idx_context_last_update_time_since_epoch ON public.context USING btree (last_update_time_since_epoch);
CREATE INDEX idx_context_property_double ON public.contextproperty USING btree (name, is_custom_property, double_value);
CREATE INDEX idx_context_property_int ON public.contextproperty USING btree (name, is_custom_property, int_value);
CREATE INDEX idx_context_property_string ON public.contextproperty USING btree (name, is_custom_property, string_value);
CREATE INDEX idx_event_execution_id ON public.event USING btree (execution_id);
CREATE INDEX idx_eventpath_event_id ON public.eventpath USING btree (event_id);
CREATE INDEX idx_execution_create_time_since_epoch ON public.execution USING btree (create_time_since_epoch);
CREATE INDEX idx_execution_external_id ON public.execution USING btree (external_id);
CREATE INDEX idx_execution_last_update_time_since_epoch ON public.execution USING btree (last_update_time_since_epoch);
CREATE INDEX idx_execution_property_double ON public.executionproperty USING btree (name, is_custom_property, double_value);
CREATE INDEX idx_execution_property_int ON public.executionproperty USING btree (name, is_custom_property, int_value);
CREATE INDEX idx_execution_property_string ON public.executionproperty USING btree (name, is_custom_property, string_value);
CREATE INDEX idx_parentcontext_parent_context_id ON public.parentcontext USING btree (parent_context_id);
CREATE INDEX idx_type_external_id ON public.type USING btree (external_id);
CREATE INDEX idx_type_name ON public.type USING btree (name);
