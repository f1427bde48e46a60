package com.awkhad.connector.framework.backend;

import static com.awkhad.connector.framework.testconnector.TestConnectorAddon.BACKEND;
import static com.awkhad.connector.framework.testconnector.TestConnectorAddon.PRODUCT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.base.addon.Addon;
import com.awkhad.connector.base.addon.Manifest;
import com.awkhad.connector.component.AbstractComponent;
import com.awkhad.connector.component.ComponentProvider;
import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.component.NoComponentError;
import com.awkhad.connector.component.WorkContext;
import com.awkhad.connector.framework.core.ConnectorComponent;
import com.awkhad.connector.framework.testconnector.ConnectorFixture;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.util.List;

/**
 * The original's three-layer connector shape on stored backends, H2 and PostgreSQL: a generic
 * layer, a platform layer (the test backend type) and a version layer whose component takes part
 * in a lookup only for the backend versions it serves ({@code matchesWork}, the original's
 * {@code _component_match}), read from the backend record itself.
 */
class VersionedComponentsTest {

  /** Layer 1, generic: how a product is described, whatever the platform. */
  @ComponentSpec(name = "generic.product.describer", usage = "product.describer")
  public abstract static class Describer extends ConnectorComponent {
    public String describe(String sku) {
      return path(sku) + " on " + backend().name();
    }

    protected abstract String path(String sku);
  }

  /** Layer 2, the platform: version 1 of its API. */
  @ComponentSpec(name = "test.product.describer", collection = BACKEND, applyOn = PRODUCT)
  public static class PlatformDescriber extends Describer {
    @Override
    protected boolean matchesWork() {
      return backend().version().startsWith("1");
    }

    @Override
    protected String path(String sku) {
      return "GET /products/" + sku;
    }
  }

  /** Layer 3, version 2 of the platform. */
  @ComponentSpec(name = "test.v2.product.describer")
  public static class V2Describer extends PlatformDescriber {
    @Override
    protected boolean matchesWork() {
      return backend().version().startsWith("2");
    }

    @Override
    protected String path(String sku) {
      return "GET /api/v2/products/" + sku;
    }
  }

  /** The three layers as two addons (the generic one and the platform with its version). */
  public static final class LayersAddon implements Addon, ComponentProvider {
    @Override
    public Manifest manifest() {
      return Manifest.of("describer_layers", "1.0.0").depends("test_connector").build();
    }

    @Override
    public List<Class<? extends AbstractComponent>> components() {
      return List.of(Describer.class, PlatformDescriber.class, V2Describer.class);
    }
  }

  private static String describe(Backend backend) {
    try (WorkContext work = backend.workOn(PRODUCT)) {
      return work.component(Describer.class, "product.describer").describe("ESP");
    }
  }

  @DbTest
  void eachStoredBackendGetsTheComponentOfItsVersionsLayer(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db, List.of(new LayersAddon()))) {
      Backend v2 = Backends.of(f.env).newBackend("Shop two", BACKEND).location(f.shop.url()).version("2.4").create();
      Backend v3 = Backends.of(f.env).newBackend("Shop three", BACKEND).location(f.shop.url()).version("3.0").create();

      assertThat(describe(f.backend)).isEqualTo("GET /products/ESP on Test shop");
      assertThat(describe(v2)).isEqualTo("GET /api/v2/products/ESP on Shop two");
      assertThatThrownBy(() -> describe(v3)).isInstanceOf(NoComponentError.class)
          .hasMessageContaining("Declined this work context (their matchesWork() returned false)")
          .hasMessageContaining("test.product.describer").hasMessageContaining("test.v2.product.describer");
    }
  }
}
