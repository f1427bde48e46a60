package com.awkhad.connector.queue.job;

import java.util.Arrays;
import java.util.Locale;

/**
 * The life of a job, as stored in {@code queue_job.state}.
 *
 * <pre>
 * wait_dependencies --(all parents done)--> pending --(runner claims)--> enqueued --> started
 * started --> done | failed | pending (retryable error, with a later eta)
 * failed / cancelled --(requeue)--> pending;  any open state --(cancel)--> cancelled
 * </pre>
 */
public enum JobState {
  WAIT_DEPENDENCIES,
  PENDING,
  ENQUEUED,
  STARTED,
  DONE,
  CANCELLED,
  FAILED;

  private final String dbValue = name().toLowerCase(Locale.ROOT); // read for every job row: made once

  /** The value stored in the database (and written in JSON), e.g. {@code wait_dependencies}. */
  @com.fasterxml.jackson.annotation.JsonValue
  public String dbValue() {
    return dbValue;
  }

  /** True for the states in which an identity key blocks a duplicate. */
  public boolean isOpen() {
    return this == WAIT_DEPENDENCIES || this == PENDING || this == ENQUEUED;
  }

  /**
   * Parses a stored or typed state name ({@code failed}, {@code FAILED}).
   *
   * @throws IllegalArgumentException listing the valid names
   */
  @com.fasterxml.jackson.annotation.JsonCreator
  public static JobState of(String value) {
    for (JobState s : values()) {
      if (s.dbValue().equalsIgnoreCase(value == null ? "" : value.trim())) {
        return s;
      }
    }
    throw new IllegalArgumentException("Unknown job state '" + value + "': use one of "
        + Arrays.stream(values()).map(JobState::dbValue).toList());
  }

  @Override
  public String toString() {
    return dbValue();
  }
}
