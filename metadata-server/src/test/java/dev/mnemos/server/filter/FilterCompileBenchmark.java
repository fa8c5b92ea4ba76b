package dev.mnemos.server.filter;

import dev.mnemos.server.schema.NodeTable;
import dev.mnemos.server.scope.ReadScope;
import java.util.concurrent.TimeUnit;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** A filter_query from text to SQL: parsing and compiling, then rendering for the database. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FilterCompileBenchmark {

  @Param({
    "uri LIKE 'gs://%'",
    "type = 'system.Metrics' AND custom_properties.accuracy.double_value > 0.9",
    "contexts_a.type = 'system.PipelineRun' AND contexts_a.name = 'run-7' AND"
        + " events_0.type = OUTPUT AND (state = LIVE OR name IS NULL)"
  })
  public String query;

  @Benchmark
  public Object compile() {
    return FilterCompiler.matchingIds(NodeTable.ARTIFACTS, query, ReadScope.EVERYTHING);
  }

  @Benchmark
  public String compileAndRender() {
    return DSL.using(SQLDialect.MYSQL)
        .render(FilterCompiler.matchingIds(NodeTable.ARTIFACTS, query, ReadScope.EVERYTHING));
  }
}
