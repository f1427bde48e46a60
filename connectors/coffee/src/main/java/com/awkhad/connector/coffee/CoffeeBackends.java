package com.awkhad.connector.coffee;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.coffee.component.CoffeeNames;
import com.awkhad.connector.framework.adapter.HttpJsonClient;
import com.awkhad.connector.framework.backend.Backend;
import com.awkhad.connector.framework.backend.Backends;
import com.awkhad.connector.framework.backend.Secret;

/**
 * The seed's {@code coffee.backend}: a {@code connector.backend} with {@code location},
 * {@code username} and a password, here the secret sent as bearer token (the username goes in
 * the {@code X-Coffee-User} header). The username is a backend setting: no DDL of its own.
 *
 * <pre>{@code
 * Backend machine = CoffeeBackends.create(env, "Kitchen machine", "http://127.0.0.1:8070", "barista", Secret.of(token));
 * CoffeeBackends.username(machine);   // "barista"
 * }</pre>
 */
public final class CoffeeBackends {
  /** The setting holding the username. */
  public static final String USERNAME = "username";
  /** The setting holding the high-water mark of the menu imports. */
  public static final String MENU_MARK = CoffeeNames.MENU_MARK;

  private CoffeeBackends() {}

  /** Creates an active coffee backend. */
  public static Backend create(Environment env, String name, String location, String username, Secret secret) {
    return Backends.of(env).newBackend(name, CoffeeAddon.BACKEND)
        .location(location).version("1").setting(USERNAME, username).setting("http_timeout_seconds", 10)
        .secret(secret).create();
  }

  /** The backend's username, or null. */
  public static String username(Backend backend) {
    return backend.setting(USERNAME, String.class).orElse(null);
  }

  /** The HTTP client of a unit of work on a coffee backend: bearer secret and the username header. */
  static HttpJsonClient httpClient(Backend backend) {
    String user = username(backend);
    return HttpJsonClient.forBackend(backend, b -> {
      if (!backend.secret().isEmpty()) {
        b.header("Authorization", "Bearer " + backend.secret().reveal());
      }
      if (user != null) {
        b.header("X-Coffee-User", user);
      }
    });
  }
}
