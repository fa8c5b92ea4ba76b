package dev.mnemos.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.mnemos.proto.mlmd.Context;
import dev.mnemos.proto.mlmd.Execution;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc;
import dev.mnemos.proto.mlmd.MetadataStoreServiceGrpc.MetadataStoreServiceBlockingStub;
import dev.mnemos.proto.mlmd.PutExecutionRequest;
import dev.mnemos.proto.mlmd.Value;
import dev.mnemos.query.testing.Pipelines;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A KFP 2.x pipeline with KFP's MLflow plugin, end to end on one server: the plugin logs a parent
 * MLflow run and a nested one for the task through the REST API (600 values of a loss), KFP's
 * driver records the task through MLMD's gRPC API naming the MLflow runs (KEP-12862), and GraphQL
 * and the browser show the KFP run and the MLflow runs linked, and the loss as a chart of at most
 * 300 points summed up by the server.
 */
class KfpMlflowLinkTest {

  private static final String KFP_RUN = "7f3a9c1e-kfp-run";

  @Test
  void theKfpRunAndItsMlflowRunsAreLinkedInGraphQlAndTheBrowser(@TempDir Path data)
      throws Exception {
    try (MnemosServices services = LocalServices.onSqlite(data)) {
      String base = "http://localhost:" + services.httpPort();
      // KFP's plugin: the experiment, the pipeline's run and the task's nested run, its metrics.
      String experiment =
          post(base, "experiments/create", "{\"name\": \"churn\"}")
              .get("experiment_id")
              .getAsString();
      String pipelineRun = createRun(base, experiment, "churn-pipeline", null);
      String taskRun = createRun(base, experiment, "train", pipelineRun);
      for (int batch = 0; batch < 6; batch++) {
        StringBuilder metrics = new StringBuilder();
        for (int step = batch * 100; step < batch * 100 + 100; step++) {
          // A falling loss with one spike at step 333.
          double loss = step == 333 ? 9.0 : 1.0 / (1 + step);
          metrics
              .append(metrics.isEmpty() ? "" : ",")
              .append(
                  "{\"key\": \"loss\", \"value\": %s, \"timestamp\": %d, \"step\": %d}"
                      .formatted(loss, 1_000 + step, step));
        }
        post(
            base,
            "runs/log-batch",
            "{\"run_id\": \"" + taskRun + "\", \"metrics\": [" + metrics + "]}");
      }

      // KFP's driver: the task's execution in the KFP run, naming the MLflow runs.
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("localhost", services.grpcPort()).usePlaintext().build();
      try {
        recordKfpTask(MetadataStoreServiceGrpc.newBlockingStub(channel), taskRun, pipelineRun);
      } finally {
        channel.shutdownNow();
      }

      JsonArray runs =
          graphQl(
                  base,
                  "{ runs(input: {first: 10}) { nodes { id name context { typeName }"
                      + " linkedRuns { id name context { typeName } } } } }")
              .getAsJsonObject("runs")
              .getAsJsonArray("nodes");
      JsonObject kfp = byName(runs, KFP_RUN);
      JsonObject parent = byName(runs, pipelineRun);
      JsonObject task = byName(runs, taskRun);
      assertThat(names(kfp.getAsJsonArray("linkedRuns"))).containsExactly(pipelineRun);
      // Parents first: the KFP run; then the nested run.
      assertThat(names(parent.getAsJsonArray("linkedRuns"))).containsExactly(KFP_RUN, taskRun);
      assertThat(names(task.getAsJsonArray("linkedRuns"))).containsExactly(pipelineRun);

      JsonObject history =
          graphQl(
                  base,
                  "{ run(input: {id: "
                      + task.get("id").getAsLong()
                      + "}) { metricHistory(input: {metric: \\\"loss\\\", points: 300}) { count max"
                      + " points { count } } } }")
              .getAsJsonObject("run")
              .getAsJsonObject("metricHistory");
      assertThat(history.get("count").getAsInt()).isEqualTo(600);
      assertThat(history.get("max").getAsDouble()).isEqualTo(9.0);
      assertThat(history.getAsJsonArray("points")).hasSize(300);

      HeadlessChromium.assumeInstalled();
      ChromeDriver browser = HeadlessChromium.start();
      try {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.get(base + "/#/run/" + kfp.get("id").getAsLong());
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(By.id("linked-runs"), "MLflow run"));
        browser.findElement(By.cssSelector("#linked-runs a")).click();
        wait.until(ExpectedConditions.urlMatches("#/run/" + parent.get("id").getAsLong() + "$"));
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("linked-runs"), "Pipeline run"));
        assertThat(browser.findElement(By.id("linked-runs")).getText())
            .contains(KFP_RUN.substring(0, 8));
        assertThat(browser.findElements(By.cssSelector("#linked-runs li"))).hasSize(2);
        // An MLflow run is titled by its name; its context is named by its id.
        assertThat(browser.findElement(By.cssSelector(".run-title")).getText())
            .startsWith("churn-pipeline");

        browser.get(base + "/#/run/" + task.get("id").getAsLong());
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#metric-histories figcaption"), "600 values, 300 points"));
        assertThat(
                browser
                    .findElement(By.cssSelector("#metric-histories canvas"))
                    .getAttribute("aria-label"))
            .contains("600 values", "to 9");
        browser.executeScript(
            "arguments[0].scrollIntoView()", browser.findElement(By.id("metric-histories")));
        Path screenshots = Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(
            screenshots.resolve("mlflow-run-history.png"),
            browser.getScreenshotAs(OutputType.BYTES));
        HeadlessChromium.assertStayedHomeAndQuiet(browser, List.of());
      } finally {
        browser.quit();
      }
    }
  }

  private static void recordKfpTask(
      MetadataStoreServiceBlockingStub api, String taskRun, String pipelineRun) {
    Pipelines types = new Pipelines(api);
    long runType = types.contextType("system.PipelineRun");
    long stepType = types.executionType("system.ContainerExecution");
    api.putExecution(
        PutExecutionRequest.newBuilder()
            .setExecution(
                Execution.newBuilder()
                    .setTypeId(stepType)
                    .setLastKnownState(Execution.State.COMPLETE)
                    .putCustomProperties("task_name", string("train"))
                    .putCustomProperties("mlflow_run_id", string(taskRun))
                    .putCustomProperties("mlflow_parent_run_id", string(pipelineRun)))
            .addContexts(Context.newBuilder().setTypeId(runType).setName(KFP_RUN))
            .setOptions(
                PutExecutionRequest.Options.newBuilder().setReuseContextIfAlreadyExist(true))
            .build());
  }

  private static Value string(String value) {
    return Value.newBuilder().setStringValue(value).build();
  }

  private String createRun(String base, String experiment, String name, String parent)
      throws Exception {
    String tags =
        parent == null
            ? ""
            : ", \"tags\": [{\"key\": \"mlflow.parentRunId\", \"value\": \"" + parent + "\"}]";
    return post(
            base,
            "runs/create",
            "{\"experiment_id\": \""
                + experiment
                + "\", \"run_name\": \""
                + name
                + "\""
                + tags
                + "}")
        .getAsJsonObject("run")
        .getAsJsonObject("info")
        .get("run_id")
        .getAsString();
  }

  private JsonObject post(String base, String endpoint, String json) throws Exception {
    return JsonPost.ok(base + "/api/2.0/mlflow/" + endpoint, json);
  }

  private JsonObject graphQl(String base, String query) throws Exception {
    JsonObject answer = JsonPost.ok(base + "/graphql", "{\"query\": \"" + query + "\"}");
    assertThat(answer.has("errors")).as(answer.toString()).isFalse();
    return answer.getAsJsonObject("data");
  }

  private static JsonObject byName(JsonArray runs, String name) {
    for (JsonElement run : runs) {
      if (run.getAsJsonObject().get("name").getAsString().equals(name)) {
        return run.getAsJsonObject();
      }
    }
    throw new AssertionError("no run " + name + " in " + runs);
  }

  private static List<String> names(JsonArray runs) {
    List<String> names = new ArrayList<>();
    runs.forEach(run -> names.add(run.getAsJsonObject().get("name").getAsString()));
    return names;
  }
}
