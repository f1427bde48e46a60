package com.awkhad.connector.base.env;

/**
 * Background work that belongs in job-runner processes only, not in every process that opens the
 * environment (a CLI command, the application serving requests). An addon registers it from its
 * {@code start} with {@link Environment#addRunnerService}; each job runner (queue-job's
 * {@code Runner}) starts every registered service when it starts and closes it when it stops.
 * The change reader of change capture is one.
 *
 * <pre>{@code
 * public void start(Environment env) {                       // in an Addon
 *   env.addRunnerService(new RunnerService() {
 *     public String name() { return "record change reader"; }
 *     public AutoCloseable start() { return ChangeReader.start(env); }
 *   });
 * }
 * }</pre>
 */
public interface RunnerService {
  /** A short name for logs. */
  String name();

  /** Starts the work (its own threads); the result stops it when closed. */
  AutoCloseable start();
}
