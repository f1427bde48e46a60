package com.awkhad.connector.queue.job;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON mapping of job arguments and results: Jackson with {@code java.time} support, dates
 * as ISO-8601 strings. Arguments must be values (numbers, strings, records, lists, maps, dates,
 * enums...), never live objects such as connections or services.
 */
public final class JobJson {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
      .enable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private JobJson() {}

  /** The shared mapper (thread-safe; do not reconfigure it). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
