package dev.mnemos.mlflow.store;

import dev.mnemos.migrations.NodeKind;
import dev.mnemos.proto.mlmd.PropertyType;
import dev.mnemos.server.model.NodeType;
import dev.mnemos.server.store.GraphWriter;
import java.util.Map;

/**
 * The MLMD types MLflow's experiments, runs, datasets, logged models, registered models and model
 * versions are stored as, and their declared properties. Ids are looked up once per process: a type
 * is never deleted, and {@link #ensure} adds what a type made by an older Mnemos lacks. Times are
 * decimal text: MLMD's integer properties hold 32 bits on MySQL and PostgreSQL.
 */
record MlflowTypes(
    long experimentType,
    long runType,
    long runExecutionType,
    long datasetType,
    long loggedModelType,
    long registeredModelType,
    long modelVersionType) {

  static final String EXPERIMENT = "mlflow.Experiment";
  static final String RUN = "mlflow.Run";
  static final String DATASET = "mlflow.Dataset";
  static final String LOGGED_MODEL = "mlflow.LoggedModel";
  static final String REGISTERED_MODEL = "mlflow.RegisteredModel";
  static final String MODEL_VERSION = "mlflow.ModelVersion";

  static final String ARTIFACT_LOCATION = "artifact_location";
  static final String LIFECYCLE_STAGE = "lifecycle_stage";
  static final String CREATION_TIME = "creation_time";
  static final String LAST_UPDATE_TIME = "last_update_time";

  static final String RUN_NAME = "run_name";
  static final String USER_ID = "user_id";
  static final String STATUS = "status";
  static final String START_TIME = "start_time";
  static final String END_TIME = "end_time";
  static final String ARTIFACT_URI = "artifact_uri";
  static final String DELETED_TIME = "deleted_time";
  static final String EXPERIMENT_ID = "experiment_id";
  static final String EXECUTION_ID = "execution_id";

  static final String MODEL_NAME = "name";
  static final String MODEL_TYPE = "model_type";
  static final String SOURCE_RUN_ID = "source_run_id";
  static final String LAST_UPDATED_TIME = "last_updated_time";

  static final String DESCRIPTION = "description";
  static final String VERSION = "version";
  static final String CURRENT_STAGE = "current_stage";
  static final String SOURCE = "source";
  static final String RUN_ID = "run_id";
  static final String RUN_LINK = "run_link";
  static final String MODEL_ID = "model_id";

  /** A registered model's aliases are custom properties with this prefix, naming a version. */
  static final String ALIAS_PREFIX = "alias:";

  /** Tags are custom properties with this prefix, on experiment and run contexts and models. */
  static final String TAG_PREFIX = "tag:";

  /**
   * Params are custom properties of the run's execution with this prefix: KFP v1's prefix for run
   * arguments, so the run summaries read them as the run's parameters.
   */
  static final String PARAM_PREFIX = "input:";

  /** A logged model's params are custom properties of its artifact with this prefix. */
  static final String MODEL_PARAM_PREFIX = "param:";

  static MlflowTypes ensure(GraphWriter writer) {
    long experiment =
        writer.typeId(
            type(
                NodeKind.CONTEXT,
                EXPERIMENT,
                Map.of(
                    ARTIFACT_LOCATION, PropertyType.STRING,
                    LIFECYCLE_STAGE, PropertyType.STRING,
                    CREATION_TIME, PropertyType.STRING,
                    LAST_UPDATE_TIME, PropertyType.STRING)));
    long run =
        writer.typeId(
            type(
                NodeKind.CONTEXT,
                RUN,
                Map.of(
                    RUN_NAME, PropertyType.STRING,
                    USER_ID, PropertyType.STRING,
                    STATUS, PropertyType.STRING,
                    START_TIME, PropertyType.STRING,
                    END_TIME, PropertyType.STRING,
                    ARTIFACT_URI, PropertyType.STRING,
                    LIFECYCLE_STAGE, PropertyType.STRING,
                    DELETED_TIME, PropertyType.STRING,
                    EXPERIMENT_ID, PropertyType.STRING,
                    EXECUTION_ID, PropertyType.INT)));
    long execution = writer.typeId(type(NodeKind.EXECUTION, RUN, Map.of()));
    long dataset =
        writer.typeId(
            type(
                NodeKind.ARTIFACT,
                DATASET,
                Map.of(
                    RunInputs.NAME, PropertyType.STRING,
                    RunInputs.DIGEST, PropertyType.STRING,
                    RunInputs.SOURCE_TYPE, PropertyType.STRING,
                    RunInputs.SOURCE, PropertyType.STRING,
                    RunInputs.SCHEMA, PropertyType.STRING,
                    RunInputs.PROFILE, PropertyType.STRING)));
    long loggedModel =
        writer.typeId(
            type(
                NodeKind.ARTIFACT,
                LOGGED_MODEL,
                Map.of(
                    MODEL_NAME, PropertyType.STRING,
                    EXPERIMENT_ID, PropertyType.STRING,
                    STATUS, PropertyType.STRING,
                    MODEL_TYPE, PropertyType.STRING,
                    SOURCE_RUN_ID, PropertyType.STRING,
                    LIFECYCLE_STAGE, PropertyType.STRING,
                    CREATION_TIME, PropertyType.STRING,
                    LAST_UPDATED_TIME, PropertyType.STRING)));
    long registeredModel =
        writer.typeId(
            type(
                NodeKind.CONTEXT,
                REGISTERED_MODEL,
                Map.of(
                    DESCRIPTION, PropertyType.STRING,
                    CREATION_TIME, PropertyType.STRING,
                    LAST_UPDATED_TIME, PropertyType.STRING)));
    long modelVersion =
        writer.typeId(
            type(
                NodeKind.ARTIFACT,
                MODEL_VERSION,
                Map.ofEntries(
                    Map.entry(MODEL_NAME, PropertyType.STRING),
                    Map.entry(VERSION, PropertyType.INT),
                    Map.entry(CREATION_TIME, PropertyType.STRING),
                    Map.entry(LAST_UPDATED_TIME, PropertyType.STRING),
                    Map.entry(DESCRIPTION, PropertyType.STRING),
                    Map.entry(CURRENT_STAGE, PropertyType.STRING),
                    Map.entry(SOURCE, PropertyType.STRING),
                    Map.entry(RUN_ID, PropertyType.STRING),
                    Map.entry(RUN_LINK, PropertyType.STRING),
                    Map.entry(MODEL_ID, PropertyType.STRING))));
    return new MlflowTypes(
        experiment, run, execution, dataset, loggedModel, registeredModel, modelVersion);
  }

  private static NodeType type(NodeKind kind, String name, Map<String, PropertyType> properties) {
    return new NodeType(null, kind, name, null, null, null, properties, null, null, null);
  }
}
