package com.awkhad.connector.queue.recurring;

/**
 * What to do with due times that passed while no runner was up (downtime), decided when the
 * schedule is looked at again.
 */
public enum MissedRuns {
  /** Enqueue one job for all the missed times, then continue from now. The default. */
  RUN_ONCE,
  /**
   * Enqueue nothing for a due time more than a minute old (or one interval, if shorter), then
   * continue from now: for work that only makes sense on time.
   */
  SKIP;

  String dbValue() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  static MissedRuns fromDb(String value) {
    return valueOf(value.toUpperCase(java.util.Locale.ROOT));
  }
}
