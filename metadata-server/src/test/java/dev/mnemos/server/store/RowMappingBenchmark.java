package dev.mnemos.server.store;

import com.google.protobuf.Struct;
import dev.mnemos.proto.mlmd.Artifact;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.server.model.Node;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The store's per-value and per-row work: property values to and from MLMD's column encoding, and a
 * KFP-shaped artifact (six custom properties, one a struct) between proto and row.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RowMappingBenchmark {

  private final Value number = Value.newBuilder().setDoubleValue(0.93).build();
  private final Value struct =
      Value.newBuilder()
          .setStructValue(
              Struct.newBuilder()
                  .putFields(
                      "layers", com.google.protobuf.Value.newBuilder().setNumberValue(3).build())
                  .putFields(
                      "optimizer",
                      com.google.protobuf.Value.newBuilder().setStringValue("adam").build()))
          .build();
  private final PropertyRow numberRow = PropertyCodec.encode("accuracy", true, number);
  private final PropertyRow structRow = PropertyCodec.encode("config", true, struct);
  private final Artifact artifact;
  private final Node row;

  public RowMappingBenchmark() {
    Map<String, Value> custom = new LinkedHashMap<>();
    custom.put("display_name", Value.newBuilder().setStringValue("model").build());
    custom.put("accuracy", number);
    custom.put("precision", Value.newBuilder().setDoubleValue(0.91).build());
    custom.put("epochs", Value.newBuilder().setIntValue(20).build());
    custom.put("framework", Value.newBuilder().setStringValue("sklearn").build());
    custom.put("config", struct);
    artifact =
        Artifact.newBuilder()
            .setId(42)
            .setTypeId(7)
            .setType("system.Model")
            .setUri("minio://mlpipeline/v2/artifacts/churn/run-7/train/model")
            .setState(Artifact.State.LIVE)
            .setCreateTimeSinceEpoch(1_795_000_000_000L)
            .setLastUpdateTimeSinceEpoch(1_795_000_000_000L)
            .putAllCustomProperties(custom)
            .build();
    Node fromProto = NodeMapper.fromProto(artifact);
    // As read back: the store sets the times.
    row =
        new Node(
            fromProto.kind(),
            fromProto.id(),
            fromProto.typeId(),
            "system.Model",
            fromProto.name(),
            fromProto.externalId(),
            fromProto.uri(),
            fromProto.state(),
            1_795_000_000_000L,
            1_795_000_000_000L,
            fromProto.properties(),
            fromProto.customProperties());
  }

  @Benchmark
  public PropertyRow encodeDouble() {
    return PropertyCodec.encode("accuracy", true, number);
  }

  @Benchmark
  public PropertyRow encodeStruct() {
    return PropertyCodec.encode("config", true, struct);
  }

  @Benchmark
  public Value decodeDouble() {
    return PropertyCodec.decode(numberRow);
  }

  @Benchmark
  public Value decodeStruct() {
    return PropertyCodec.decode(structRow);
  }

  @Benchmark
  public Node artifactToRow() {
    return NodeMapper.fromProto(artifact);
  }

  @Benchmark
  public Artifact rowToArtifact() {
    return NodeMapper.toArtifact(row);
  }
}
