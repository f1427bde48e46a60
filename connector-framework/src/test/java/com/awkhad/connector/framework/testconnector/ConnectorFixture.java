package com.awkhad.connector.framework.testconnector;

import com.awkhad.connector.base.addon.BaseAddon;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.component.ComponentAddon;
import com.awkhad.connector.component.event.ComponentEventAddon;
import com.awkhad.connector.framework.ConnectorAddon;
import com.awkhad.connector.framework.backend.Backend;
import com.awkhad.connector.framework.backend.Backends;
import com.awkhad.connector.framework.backend.Secret;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.QueueJobAddon;
import com.awkhad.connector.testkit.TestDb;
import java.util.List;

/** A started environment with the test connector, a FakeShop and a backend pointing at it. */
public final class ConnectorFixture implements AutoCloseable {
  public static final String TOKEN = "s3cret-T0ken-42";

  public final Environment env;
  public final FakeShop shop;
  public final Backend backend;
  public final Queue queue;

  private ConnectorFixture(Environment env, FakeShop shop) {
    this.env = env;
    this.shop = shop;
    this.queue = env.service(Queue.class);
    this.backend = Backends.of(env).newBackend("Test shop", TestConnectorAddon.BACKEND)
        .location(shop.url()).version("1").setting("http_timeout_seconds", 5).secret(Secret.of(TOKEN)).create();
  }

  public static ConnectorFixture start(TestDb db) {
    return start(db, List.of());
  }

  /** With {@code extra} addons started after the test connector's. */
  public static ConnectorFixture start(TestDb db, List<com.awkhad.connector.base.addon.Addon> extra) {
    List<com.awkhad.connector.base.addon.Addon> addons = new java.util.ArrayList<>(List.of(
        new BaseAddon(), new QueueJobAddon(), new ComponentAddon(), new ComponentEventAddon(), new ConnectorAddon(),
        new TestConnectorAddon()));
    addons.addAll(extra);
    Environment env = Environment.start(DatabaseConfig.of(db.url(), db.user(), db.password()), addons);
    return new ConnectorFixture(env, FakeShop.start(TOKEN));
  }

  @Override
  public void close() {
    shop.close();
    env.close();
  }
}
