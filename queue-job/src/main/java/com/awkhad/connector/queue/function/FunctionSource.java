package com.awkhad.connector.queue.function;

import java.util.Locale;

/** Where a job function's setting came from, weakest first: each layer overrides the ones before it. */
public enum FunctionSource {
  /** Nothing set it: the queue's default (channel root, 600 s between tries, 5 max retries, no timeout). */
  DEFAULT,
  /** Declared by an addon ({@link JobFunctionProvider}). */
  ADDON,
  /** The configuration file given with {@code --config} ({@code job.function.<name>.<setting>}). */
  CONFIGURATION,
  /** A row of {@code queue_job_function}, written by {@code queue.define(...)}. */
  DATABASE;

  /** Lower-case name, as printed by {@code ./connector jobs functions}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
