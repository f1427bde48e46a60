package com.awkhad.connector.queue.read;

import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.testkit.TableOwnership;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The queue's tables are read and written only by queue-job: the CLI, the REST API, the dashboard
 * and the metrics call its reads ({@link JobReads}, {@link QueueStats}, {@link QueueLoad}) and
 * actions ({@code JobAdmin}), so that a change to the schema is a change to one module.
 */
class QueueTablesStayHomeTest {
  @Test
  void noOtherModuleNamesAQueueTableInItsMainSources() {
    Path root = TableOwnership.projectRoot();
    Set<String> tables = TableOwnership.tablesCreatedBy(root.resolve("queue-job"));
    assertThat(tables).contains("queue_job", "queue_job_dependency", "queue_job_try", "queue_worker");
    List<String> found = TableOwnership.namedOutside(root, "queue-job", tables);
    assertThat(found)
        .withFailMessage(() -> "Queue tables " + tables + " are named outside queue-job; move each read or write"
            + " into queue-job (com.awkhad.connector.queue.read for reads, queue.admin for changes) and call it:\n  "
            + String.join("\n  ", found))
        .isEmpty();
  }

  @Test
  void theCheckSeesSqlInCodeButNotCommentsNorTheAddonsName() {
    Set<String> tables = Set.of("queue_job", "queue_worker");
    String java = String.join("\n",
        "// counts rows of queue_job",
        "/* queue_worker holds the leases */",
        "depends(\"component_event\", \"queue_job\");",
        "String url = \"http://host/queue_job\"; // a string, so code",
        "ps = c.prepareStatement(\"SELECT COUNT(*) FROM QUEUE_JOB WHERE 1 = 1\");",
        "char q = '\"'; String s = \"x\"; // queue_worker",
        "ps = c.prepareStatement(\"SELECT lease_until FROM queue_worker\");");
    assertThat(TableOwnership.lines(java, true, tables)).containsExactly(4, 5, 7);
    String sql = String.join("\n",
        "-- Backends need no table (queue_job has the jobs)",
        "CREATE TABLE other (id BIGINT REFERENCES queue_job (id)); /* queue_worker */",
        "INSERT INTO t VALUES ('--', 'queue_worker');");
    assertThat(TableOwnership.lines(sql, false, tables)).containsExactly(2, 3);
    assertThat(TableOwnership.lines("SELECT 1 FROM queue_job_try", true, tables)).isEmpty();
  }
}
