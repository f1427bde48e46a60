package com.awkhad.connector.component.event.capture;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.base.env.RunnerService;
import com.awkhad.connector.base.model.Model;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Change capture for the models declared {@code captured()}: the {@code component_event} addon
 * installs it at start-up (triggers on their tables, the no-export mark of the record layer, the
 * change reader as a runner service). Applications and tools use it to watch the backlog:
 *
 * <pre>{@code
 * CaptureBacklog b = ChangeCapture.of(env).backlog();   // pending changes, the oldest one's age
 * ChangeCapture.of(env).vacuum(Duration.ofHours(1));    // delete consumed changes older than an hour
 * }</pre>
 */
public final class ChangeCapture {
  private static final Logger log = LoggerFactory.getLogger(ChangeCapture.class);

  private final Environment env;
  private final List<String> models;
  private final ExportScope exportScope;

  private ChangeCapture(Environment env, List<String> models, ExportScope exportScope) {
    this.env = env;
    this.models = models;
    this.exportScope = exportScope;
  }

  /**
   * Installs capture on {@code env}: a trigger on each captured model's table (idempotent), the
   * mark of no-export writes, and the change reader as a runner service when there is a captured
   * model. Called by the {@code component_event} addon's {@code start}.
   */
  public static ChangeCapture install(Environment env, ExportScope exportScope) {
    List<Model> captured = env.models().capturedModels();
    CaptureDialect dialect = CaptureDialect.of(env.database().dialect());
    for (Model model : captured) {
      env.tx().run(c -> dialect.install(c, model));
    }
    env.models().capturedWrites(new NoExportMark(dialect, exportScope));
    ChangeCapture capture = new ChangeCapture(env, captured.stream().map(Model::name).toList(), exportScope);
    env.register(ChangeCapture.class, capture);
    if (!captured.isEmpty()) {
      log.info("Change capture on {}: triggers installed on {}", capture.models,
          captured.stream().map(Model::table).toList());
      env.addRunnerService(new RunnerService() {
        @Override
        public String name() {
          return "the record change reader (change capture of " + capture.models + ")";
        }

        @Override
        public AutoCloseable start() {
          return ChangeReader.start(env, dialect.readerSettings());
        }
      });
    }
    return capture;
  }

  /**
   * The capture of a started environment.
   *
   * @throws IllegalStateException when the {@code component_event} addon is not started
   */
  /** The no-export scope the capture was installed with (the event layer's {@code NoExport}). */
  ExportScope exportScope() {
    return exportScope;
  }

  public static ChangeCapture of(Environment env) {
    return env.service(ChangeCapture.class);
  }

  /** The captured models, sorted. */
  public List<String> models() {
    return models;
  }

  /** The changes not published yet, and the age of the oldest. */
  public CaptureBacklog backlog() {
    return env.tx().inTransaction(ChangeStore::backlog);
  }

  /** Deletes the consumed changes older than {@code keep}; returns how many. */
  public int vacuum(Duration keep) {
    return vacuum(env, keep);
  }

  static int vacuum(Environment env, Duration keep) {
    Instant before = Instant.now().minus(keep);
    return env.tx().inTransaction(c -> ChangeStore.vacuum(c, before));
  }
}
