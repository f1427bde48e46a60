package com.awkhad.connector.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.base.addon.AddonLoader;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.job.JobFunction;
import com.awkhad.connector.queue.job.JobJson;
import com.awkhad.connector.testkit.Cli;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./connector jobs functions}: the coffee connector's functions, a configuration file's and the database's overrides. */
class FunctionsCommandTest {
  private static Cli.Result cli(String... args) {
    return Cli.run(Main::run, args);
  }

  /** The lines of {@code function}'s block in the listing. */
  private static String block(String out, String function) {
    int start = out.indexOf(function + "\n");
    assertThat(start).as("%s in:%n%s", function, out).isNotNegative();
    int end = out.indexOf("\n<", start + 1);
    return out.substring(start, end < 0 ? out.length() : end);
  }

  @DbTest
  void listsEachFunctionsSettingsAndWhereEachCameFrom(TestDb db, @TempDir Path dir) throws Exception {
    try (Environment env = Environment.start(DatabaseConfig.of(db.url(), db.user(), db.password()),
        AddonLoader.resolve(AddonLoader.discover()))) {
      env.service(Queue.class).define(JobFunction.of("coffee.order.binding", "exportRecord").withTimeoutSeconds(90));
    }
    Path config = dir.resolve("connector.properties");
    Files.writeString(config, "db.user=" + db.user() + "\ndb.password=" + db.password() + "\n"
        + "job.function.<coffee.beverage.binding>.importRecord.retry_pattern = {\"1\": 2, \"4\": 20}\n"
        + "job.function.<coffee.beverage.binding>.importRecord.max_retries = 25\n");
    List<String> base = List.of("--db", db.url(), "--config", config.toString(), "jobs", "functions");

    Cli.Result run = cli(base.toArray(String[]::new));
    assertThat(run.code()).as(run.err()).isZero();
    String beverage = block(run.out(), "<coffee.beverage.binding>.importRecord");
    assertThat(beverage).containsPattern("channel +root\\.coffee +addon connector_coffee")
        .containsPattern("retry pattern +\\{\"1\": 2, \"4\": 20\\} +configuration connector\\.properties")
        .containsPattern("max retries +25 +configuration connector\\.properties")
        .containsPattern("timeout +none +default");
    assertThat(block(run.out(), "<coffee.beverage.binding>.importBatch"))
        .containsPattern("retry pattern +\\{\"1\": 5, \"3\": 30, \"5\": 120\\} +addon connector_coffee")
        .containsPattern("max retries +10 +addon connector_coffee");
    assertThat(block(run.out(), "<coffee.order.binding>.exportRecord"))
        .containsPattern("retry pattern +\\{\"1\": 10, \"3\": 60, \"6\": 300\\} +addon connector_coffee")
        .containsPattern("max retries +20 +addon connector_coffee")
        .containsPattern("timeout +90 s +database");
    assertThat(run.out()).contains("job function(s)");

    List<String> json = new ArrayList<>(base);
    json.addAll(List.of("coffee.order", "--json"));
    Cli.Result listed = cli(json.toArray(String[]::new));
    JsonNode array = JobJson.mapper().readTree(listed.out());
    assertThat(array.findValuesAsText("name")).isNotEmpty().allSatisfy(name -> assertThat(name).contains("coffee.order"));
    JsonNode export = null;
    for (JsonNode f : array) {
      if (f.get("name").asText().equals("<coffee.order.binding>.exportRecord")) {
        export = f;
      }
    }
    assertThat(export).isNotNull();
    assertThat(export.at("/settings/timeout_seconds/value").asInt()).isEqualTo(90);
    assertThat(export.at("/settings/timeout_seconds/source").asText()).isEqualTo("database");
    assertThat(export.at("/settings/channel/origin").asText()).isEqualTo("connector_coffee");

    Files.writeString(config, "db.user=" + db.user() + "\ndb.password=" + db.password() + "\n"
        + "job.function.<coffee.beverage.binding>.importRecord.retries = 25\n");
    Cli.Result wrong = cli(base.toArray(String[]::new));
    assertThat(wrong.code()).isEqualTo(1);
    assertThat(wrong.err()).contains("job.function.<coffee.beverage.binding>.importRecord.retries", "max_retries");
  }
}
