package com.awkhad.connector.framework.testconnector;

import com.awkhad.connector.base.addon.Addon;
import com.awkhad.connector.base.addon.Manifest;
import com.awkhad.connector.base.model.Field;
import com.awkhad.connector.base.model.ModelRegistry;
import com.awkhad.connector.component.AbstractComponent;
import com.awkhad.connector.component.ComponentProvider;
import com.awkhad.connector.framework.adapter.HttpJsonClient;
import com.awkhad.connector.framework.backend.BackendType;
import com.awkhad.connector.framework.backend.BackendTypeProvider;
import java.util.List;

/**
 * A tiny connector, as a connector author writes one: the local models test.category and
 * test.product, the backend type test.backend with two binding models, and its components.
 */
public final class TestConnectorAddon implements Addon, ComponentProvider, BackendTypeProvider {
  public static final String BACKEND = "test.backend";
  public static final String PRODUCT = "test.product.binding";
  public static final String CATEGORY = "test.category.binding";

  @Override
  public Manifest manifest() {
    return Manifest.of("test_connector", "1.0.0").category("Connector").depends("connector").build();
  }

  @Override
  public void registerModels(ModelRegistry models) {
    models.define("test.category", "test_category").field(Field.chars("name").required()).build();
    models.define("test.product", "test_product")
        .field(Field.chars("name").required())
        .field(Field.floating("price"))
        .field(Field.many2one("category_id", "test.category"))
        .field(Field.chars("origin"))
        .field(Field.chars("note"))
        .field(Field.chars("sku"))
        .build();
  }

  @Override
  public List<BackendType> backendTypes() {
    return List.of(BackendType.builder(BACKEND)
        .description("A shop served by FakeShop on loopback")
        .binding(CATEGORY, "test.category")
        .binding(PRODUCT, "test.product")
        .resource(HttpJsonClient.RESOURCE, HttpJsonClient::forBackend)
        .build());
  }

  @Override
  public List<Class<? extends AbstractComponent>> components() {
    return List.of(
        TestComponents.TestBinder.class,
        TestComponents.CategoryAdapter.class, TestComponents.ProductAdapter.class,
        TestComponents.CategoryImportMapper.class, TestComponents.ProductImportMapper.class,
        TestComponents.CategoryExportMapper.class, TestComponents.ProductExportMapper.class,
        TestComponents.ProductImporter.class, TestComponents.ProductExporter.class,
        TestComponents.ProductBatchImporter.class, TestComponents.CategoryBatchImporter.class,
        TestComponents.ProductExportListener.class);
  }
}
