package dev.mnemos.watcher.record;

import dev.mnemos.proto.mlmd.ArtifactType;
import dev.mnemos.proto.mlmd.ContextType;
import dev.mnemos.proto.mlmd.ExecutionType;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc.MetadataStoreServiceBlockingStub;
import dev.mnemos.proto.mlmd.PropertyType;
import dev.mnemos.proto.mlmd.PutArtifactTypeRequest;
import dev.mnemos.proto.mlmd.PutContextTypeRequest;
import dev.mnemos.proto.mlmd.PutExecutionTypeRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The MLMD types the watcher records into, created on first use and remembered. Puts add missing
 * fields and accept fields others declared, so the watcher shares types with KFP's own writer.
 */
final class MlmdTypes {

  private final Supplier<MetadataStoreServiceBlockingStub> api;
  private final Map<String, Long> ids = new ConcurrentHashMap<>();

  MlmdTypes(Supplier<MetadataStoreServiceBlockingStub> api) {
    this.api = api;
  }

  long contextType(String name, List<String> stringProperties) {
    return ids.computeIfAbsent(
        "context:" + name,
        key -> {
          ContextType.Builder type = ContextType.newBuilder().setName(name);
          stringProperties.forEach(p -> type.putProperties(p, PropertyType.STRING));
          return api.get()
              .putContextType(
                  PutContextTypeRequest.newBuilder()
                      .setContextType(type)
                      .setCanAddFields(true)
                      .setCanOmitFields(true)
                      .build())
              .getTypeId();
        });
  }

  long executionType(String name, List<String> stringProperties) {
    return ids.computeIfAbsent(
        "execution:" + name,
        key -> {
          ExecutionType.Builder type = ExecutionType.newBuilder().setName(name);
          stringProperties.forEach(p -> type.putProperties(p, PropertyType.STRING));
          return api.get()
              .putExecutionType(
                  PutExecutionTypeRequest.newBuilder()
                      .setExecutionType(type)
                      .setCanAddFields(true)
                      .setCanOmitFields(true)
                      .build())
              .getTypeId();
        });
  }

  long artifactType(String name) {
    return ids.computeIfAbsent(
        "artifact:" + name,
        key ->
            api.get()
                .putArtifactType(
                    PutArtifactTypeRequest.newBuilder()
                        .setArtifactType(ArtifactType.newBuilder().setName(name))
                        .setCanAddFields(true)
                        .setCanOmitFields(true)
                        .build())
                .getTypeId());
  }
}
