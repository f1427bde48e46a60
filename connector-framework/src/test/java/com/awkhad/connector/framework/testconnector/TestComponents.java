package com.awkhad.connector.framework.testconnector;

import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.framework.adapter.HttpJsonAdapter;
import com.awkhad.connector.framework.adapter.RemoteClock;
import com.awkhad.connector.framework.binder.Binder;
import com.awkhad.connector.framework.binding.Binding;
import com.awkhad.connector.framework.exporter.RecordExporter;
import com.awkhad.connector.framework.importer.DelayedBatchImporter;
import com.awkhad.connector.framework.importer.DirectBatchImporter;
import com.awkhad.connector.framework.importer.RecordImporter;
import com.awkhad.connector.framework.listener.ExportListener;
import com.awkhad.connector.framework.mapper.Direct;
import com.awkhad.connector.framework.mapper.ExportMapper;
import com.awkhad.connector.framework.mapper.ImportMapper;
import com.awkhad.connector.framework.mapper.Mapping;
import java.util.List;
import java.util.Map;

/** The components of the test connector, one small class each. */
public final class TestComponents {
  private TestComponents() {}

  @ComponentSpec(name = "test.binder", collection = TestConnectorAddon.BACKEND,
      applyOn = {TestConnectorAddon.CATEGORY, TestConnectorAddon.PRODUCT})
  public static class TestBinder extends Binder {}

  @ComponentSpec(name = "test.category.adapter", collection = TestConnectorAddon.BACKEND, applyOn = TestConnectorAddon.CATEGORY)
  public static class CategoryAdapter extends HttpJsonAdapter {
    @Override
    protected String resourcePath() {
      return "/categories";
    }
  }

  @ComponentSpec(name = "test.product.adapter", collection = TestConnectorAddon.BACKEND, applyOn = TestConnectorAddon.PRODUCT)
  public static class ProductAdapter extends HttpJsonAdapter {
    @Override
    protected String resourcePath() {
      return "/products";
    }

    /** Whole seconds when the backend's setting {@code whole_seconds} is true (a FakeShop in {@code wholeSeconds()}). */
    @Override
    public RemoteClock clock() {
      return backend().setting("whole_seconds", Boolean.class).orElse(false) ? RemoteClock.isoSeconds() : RemoteClock.iso();
    }

    /** The ETag as the version tag when the backend's setting {@code if_match} is true (a FakeShop with {@code etags()}). */
    @Override
    protected String etagField() {
      return ifMatchWrites() ? "_etag" : null;
    }

    /** Conditional writes when the backend's setting {@code if_match} is true. */
    @Override
    protected boolean ifMatchWrites() {
      return backend().setting("if_match", Boolean.class).orElse(false);
    }
  }

  @ComponentSpec(name = "test.category.import.mapper", collection = TestConnectorAddon.BACKEND, applyOn = TestConnectorAddon.CATEGORY)
  public static class CategoryImportMapper extends ImportMapper {
    @Override
    protected List<Direct> direct() {
      return List.of(direct("title", "name"));
    }
  }

  /** External product {"name", "price": "2.50", "category": "<category id>", ...} to test.product. */
  @ComponentSpec(name = "test.product.import.mapper", collection = TestConnectorAddon.BACKEND, applyOn = TestConnectorAddon.PRODUCT)
  public static class ProductImportMapper extends ImportMapper {
    @Override
    protected List<Direct> direct() {
      return List.of(
          direct("name", "name"),
          direct(convert("price", Double.class), "price"),
          direct(externalToM2o("category", TestConnectorAddon.CATEGORY), "category_id"),
          direct("sku", "sku"));
    }

    @Mapping(onlyCreate = true)
    public Map<String, Object> origin(Map<String, Object> record) {
      return Map.of("origin", "shop");
    }
  }

  @ComponentSpec(name = "test.category.export.mapper", collection = TestConnectorAddon.BACKEND, applyOn = TestConnectorAddon.CATEGORY)
  public static class CategoryExportMapper extends ExportMapper {
    @Override
    protected List<Direct> direct() {
      return List.of(direct("name", "title"));
    }
  }

  /** test.product to the shop's product; {@code note} and {@code origin} are not exported. */
  @ComponentSpec(name = "test.product.export.mapper", collection = TestConnectorAddon.BACKEND, applyOn = TestConnectorAddon.PRODUCT)
  public static class ProductExportMapper extends ExportMapper {
    @Override
    protected List<Direct> direct() {
      return List.of(
          direct("name", "name"),
          direct(m2oToExternal("category_id", TestConnectorAddon.CATEGORY), "category"));
    }

    @Mapping(changedBy = "price")
    public Map<String, Object> price(Map<String, Object> record) {
      Object price = record.get("price");
      return price == null ? Map.of() : Map.of("price", String.format(java.util.Locale.ROOT, "%.2f", (Double) price));
    }
  }

  /** Imports the product's category first. */
  @ComponentSpec(name = "test.product.importer", collection = TestConnectorAddon.BACKEND, applyOn = TestConnectorAddon.PRODUCT)
  public static class ProductImporter extends RecordImporter {
    /** Tests: runs after the remote record was read and found changed, before it is mapped and bound. */
    public static volatile Runnable afterRead = () -> {};

    @Override
    protected void importDependencies(Map<String, Object> remote) {
      afterRead.run();
      Object category = remote.get("category");
      importDependency(category == null ? null : category.toString(), TestConnectorAddon.CATEGORY);
    }
  }

  /** Exports the product's category first; the conflict policy from the backend setting {@code conflict_policy}. */
  @ComponentSpec(name = "test.product.exporter", collection = TestConnectorAddon.BACKEND, applyOn = TestConnectorAddon.PRODUCT)
  public static class ProductExporter extends RecordExporter {
    @Override
    protected ConflictPolicy onConflict() {
      return ConflictPolicy.valueOf(backend().setting("conflict_policy", String.class).orElse("IMPORT_FIRST"));
    }

    @Override
    protected void exportDependencies(Binding binding) {
      Object category = env().model("test.product").read(binding.localId()).get("category_id");
      exportDependency((Long) category, TestConnectorAddon.CATEGORY);
    }
  }

  @ComponentSpec(name = "test.product.batch.importer", collection = TestConnectorAddon.BACKEND, applyOn = TestConnectorAddon.PRODUCT)
  public static class ProductBatchImporter extends DelayedBatchImporter {}

  @ComponentSpec(name = "test.category.batch.importer", collection = TestConnectorAddon.BACKEND, applyOn = TestConnectorAddon.CATEGORY)
  public static class CategoryBatchImporter extends DirectBatchImporter {}

  @ComponentSpec(name = "test.product.export.listener", collection = TestConnectorAddon.BACKEND, applyOn = "test.product")
  public static class ProductExportListener extends ExportListener {
    @Override
    protected boolean deleteRemoteOnUnlink() {
      return true;
    }
  }
}
