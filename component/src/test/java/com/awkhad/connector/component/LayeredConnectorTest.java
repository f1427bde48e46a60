package com.awkhad.connector.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The shape of the original's layered connectors (connector_ecommerce, then a platform such as
 * magento, then a version of that platform), in three "addons": a generic e-commerce layer, a
 * platform layer for one kind of backend, and a version-specific layer whose components take part
 * in a lookup only for the versions they serve ({@link AbstractComponent#matchesWork()}, the
 * original's {@code _component_match}). Behaviour shared across branches comes from interfaces
 * with default methods: Java's counterpart of the original's multiple {@code _inherit}.
 */
class LayeredConnectorTest {

  // -- layer 1: generic e-commerce (addon "ecommerce")

  /** A mixin: what several families of components share, whatever their superclass. */
  interface Audited {
    default String audited(String what) {
      return what + " [audited by " + ((AbstractComponent) this).descriptor().name() + "]";
    }
  }

  @ComponentSpec(name = "ecommerce.importer", usage = "record.importer")
  abstract static class EcommerceImporter extends AbstractComponent {
    String importRecord(String id) {
      return "imported " + fetch(id);
    }

    abstract String fetch(String id);
  }

  // -- layer 2: the platform (addon "shop"), for backends of model shop.backend

  @ComponentSpec(name = "shop.importer", collection = "shop.backend")
  abstract static class ShopImporter extends EcommerceImporter implements Audited {
    String version() {
      return work().attribute("version", String.class);
    }
  }

  @ComponentSpec(name = "shop.order.importer", applyOn = "shop.order")
  static class ShopOrderImporter extends ShopImporter {
    @Override
    protected boolean matchesWork() {
      return version().startsWith("1.");
    }

    @Override
    String fetch(String id) {
      return audited("GET /orders/" + id);
    }
  }

  // -- layer 3: version 2 of the platform (addon "shop_v2")

  @ComponentSpec(name = "shop.v2.order.importer")
  static class V2OrderImporter extends ShopOrderImporter {
    @Override
    protected boolean matchesWork() {
      return version().startsWith("2.");
    }

    @Override
    String fetch(String id) {
      return audited("GET /api/v2/orders/" + id + "?expand=lines");
    }
  }

  private static ComponentRegistry registry() {
    return ComponentRegistry.builder()
        .components("ecommerce", EcommerceImporter.class)
        .components("shop", ShopImporter.class, ShopOrderImporter.class)
        .components("shop_v2", V2OrderImporter.class)
        .build();
  }

  private static WorkContext shop(String version) {
    return WorkContext.builder(registry()).collection(new RecordRef("shop.backend", 1)).model("shop.order")
        .attribute("version", version).build();
  }

  @Test
  void eachBackendVersionGetsTheComponentsOfItsLayer() {
    EcommerceImporter v1 = shop("1.9").component(EcommerceImporter.class, "record.importer");
    assertThat(v1).isExactlyInstanceOf(ShopOrderImporter.class);
    assertThat(v1.importRecord("7")).isEqualTo("imported GET /orders/7 [audited by shop.order.importer]");

    EcommerceImporter v2 = shop("2.3").component(EcommerceImporter.class, "record.importer");
    assertThat(v2).isExactlyInstanceOf(V2OrderImporter.class);
    assertThat(v2.importRecord("7"))
        .isEqualTo("imported GET /api/v2/orders/7?expand=lines [audited by shop.v2.order.importer]");

    assertThat(shop("2.3").manyComponents("record.importer")).singleElement().isInstanceOf(V2OrderImporter.class);
  }

  @Test
  void aVersionNoLayerServesSaysWhichComponentsDeclinedIt() {
    assertThatThrownBy(() -> shop("3.0").component("record.importer"))
        .isInstanceOf(NoComponentError.class)
        .hasMessageContaining("No component for usage 'record.importer' for model 'shop.order' in collection 'shop.backend'")
        .hasMessageContaining("Declined this work context (their matchesWork() returned false): shop.order.importer")
        .hasMessageContaining("shop.v2.order.importer");
    assertThat(shop("3.0").manyComponents("record.importer")).isEmpty();
    assertThatThrownBy(() -> shop("1.9").componentByName("shop.v2.order.importer"))
        .isInstanceOf(NoComponentError.class)
        .hasMessageContaining("Component 'shop.v2.order.importer' does not match this work context")
        .hasMessageContaining("matchesWork() returned false");
  }

  @Test
  void workOnCanSwitchToAnotherCollectionKeepingTheAttributes() {
    WorkContext work = shop("1.9");
    WorkContext crm = work.workOn("crm.partner", new RecordRef("crm.backend", 4));
    assertThat(crm.collectionName()).isEqualTo("crm.backend");
    assertThat(crm.collectionRecord()).contains(new RecordRef("crm.backend", 4));
    assertThat(crm.modelName()).isEqualTo("crm.partner");
    assertThat(crm.attribute("version", String.class)).isEqualTo("1.9");
    assertThat(work.workOn("crm.partner", "crm.backend").collectionRecord()).isEmpty();
    // the shop's importers are not the CRM backend's
    assertThatThrownBy(() -> crm.component("record.importer")).isInstanceOf(NoComponentError.class);
  }

  @ComponentSpec(name = "shop.special.importer")
  abstract static class AbstractOverConcrete extends ShopOrderImporter {}

  @Test
  void anAbstractComponentCannotBuildOnAConcreteOne() {
    assertThatThrownBy(() -> ComponentRegistry.builder()
            .components("ecommerce", EcommerceImporter.class)
            .components("shop", ShopImporter.class, ShopOrderImporter.class)
            .components("shop_special", AbstractOverConcrete.class)
            .build())
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("Component 'shop.special.importer'")
        .hasMessageContaining("is abstract but inherits the concrete component 'shop.order.importer'")
        .hasMessageContaining("an abstract component can only build on abstract ones");
  }
}
