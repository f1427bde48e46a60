package com.awkhad.connector.framework.testconnector;

import com.awkhad.connector.base.addon.BaseAddon;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.component.ComponentAddon;
import com.awkhad.connector.component.WorkContext;
import com.awkhad.connector.component.event.ComponentEventAddon;
import com.awkhad.connector.framework.ConnectorAddon;
import com.awkhad.connector.framework.adapter.BackendAdapter;
import com.awkhad.connector.framework.adapter.HttpJsonClient;
import com.awkhad.connector.framework.backend.Backend;
import com.awkhad.connector.framework.backend.Backends;
import com.awkhad.connector.framework.backend.Secret;
import com.awkhad.connector.queue.QueueJobAddon;
import com.awkhad.connector.testkit.TestDb;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A started environment with the {@link RestConnectorAddon}, and {@link RestFake}s with backends
 * pointing at them (API key {@code X-API-Key: k3y}, the fake's default).
 */
public final class RestFixture implements AutoCloseable {
  public static final String KEY = "k3y";

  public final Environment env;

  private RestFixture(Environment env) {
    this.env = env;
  }

  public static RestFixture start(TestDb db) {
    return new RestFixture(Environment.start(DatabaseConfig.of(db.url(), db.user(), db.password()), List.of(
        new BaseAddon(), new QueueJobAddon(), new ComponentAddon(), new ComponentEventAddon(), new ConnectorAddon(),
        new RestConnectorAddon())));
  }

  /** A backend on {@code fake} with the adapter settings {@code settings} (see {@link RestConnectorAddon}). */
  public Backend backend(RestFake fake, Map<String, ?> settings) {
    return Backends.of(env).newBackend("Tracker " + fake.port(), RestConnectorAddon.BACKEND).location(fake.url())
        .settings(settings).setting(HttpJsonClient.API_KEY_HEADER_SETTING, "X-API-Key").setting("http_timeout_seconds", 5)
        .secret(Secret.of(KEY)).create();
  }

  /** Runs {@code body} with the issue adapter of a unit of work on {@code backend}. */
  public static void withAdapter(Backend backend, Consumer<BackendAdapter> body) {
    try (WorkContext work = backend.workOn(RestConnectorAddon.ISSUE)) {
      body.accept(work.component(BackendAdapter.class, BackendAdapter.USAGE));
    }
  }

  @Override
  public void close() {
    env.close();
  }
}
