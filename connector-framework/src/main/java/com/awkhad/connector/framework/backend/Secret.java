package com.awkhad.connector.framework.backend;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.io.IOException;

/**
 * A backend's credential (password, API token). Its {@link #toString()} is masked, so it can sit in
 * objects that get logged, and it refuses to be written to JSON, so it never lands in job
 * arguments or an API response: pass the backend id and read the secret inside the job.
 *
 * <pre>{@code
 * Backend shop = backends.newBackend("Shop", "coffee.backend").secret(Secret.of(token)).create();
 * request.header("Authorization", "Bearer " + shop.secret().reveal());   // only where it is sent
 * }</pre>
 */
@JsonSerialize(using = Secret.Refuse.class)
public final class Secret {
  private static final Secret NONE = new Secret("");
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /** A secret holding {@code value}; null or empty gives {@link #none()}. */
  public static Secret of(String value) {
    return value == null || value.isEmpty() ? NONE : new Secret(value);
  }

  /** No secret. */
  public static Secret none() {
    return NONE;
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  /** The clear value: call it only where the secret is sent (a request header), never to log it. */
  public String reveal() {
    return value;
  }

  /** {@code text} with every occurrence of the clear value replaced by {@code ***}. */
  public String scrub(String text) {
    return value.isEmpty() || text == null ? text : text.replace(value, "***");
  }

  @Override
  public String toString() {
    return isEmpty() ? "Secret[none]" : "Secret[***]";
  }

  static final class Refuse extends JsonSerializer<Secret> {
    @Override
    public void serialize(Secret secret, JsonGenerator gen, SerializerProvider provider) throws IOException {
      throw JsonMappingException.from(gen,
          "A backend Secret cannot be written to JSON (job arguments, API responses): pass the backend id"
              + " and read backend.secret() where the request is sent");
    }
  }
}
