package com.awkhad.connector.framework.mapper;

import static com.awkhad.connector.framework.testconnector.TestConnectorAddon.BACKEND;
import static com.awkhad.connector.framework.testconnector.TestConnectorAddon.CATEGORY;
import static com.awkhad.connector.framework.testconnector.TestConnectorAddon.PRODUCT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.base.addon.Addon;
import com.awkhad.connector.base.addon.Manifest;
import com.awkhad.connector.component.AbstractComponent;
import com.awkhad.connector.component.ComponentProvider;
import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.component.WorkContext;
import com.awkhad.connector.framework.binder.Binder;
import com.awkhad.connector.framework.exception.MappingError;
import com.awkhad.connector.framework.testconnector.ConnectorFixture;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The original's mapper features on a real backend, H2 and PostgreSQL: {@code followM2o}
 * (follow_m2o_relations), the implicit many2one conversion of plain direct mappings, options given
 * at map time, and {@link MapChild} components mapping children.
 */
class MapperOriginalFeaturesTest {

  /** test.product to the shop, with the original's shortcuts. */
  @ComponentSpec(name = "parity.product.export.mapper", collection = BACKEND, applyOn = PRODUCT)
  public static class ProductExportMapper extends ExportMapper {
    @Override
    protected List<Direct> direct() {
      return List.of(direct("name", "name"),
          direct("category_id", "category"),                      // implicit m2oToExternal
          direct(followM2o("category_id.name"), "category_name"), // follow_m2o_relations
          direct(none(followM2o("category_id.name")), "category_label"));
    }

    @Override
    protected List<Child> children() {
      return List.of(new Child("tags", "tags", CATEGORY));
    }

    @Mapping
    public Map<String, Object> currency(Map<String, Object> record) {
      return options().has("currency") ? Map.of("currency", options().get("currency", String.class)) : Map.of();
    }
  }

  /** Reads a path that is not a relation. */
  @ComponentSpec(name = "parity.bad.follow.mapper", collection = BACKEND, applyOn = PRODUCT)
  public static class BadFollowMapper extends ExportMapper {
    @Override
    protected List<Direct> direct() {
      return List.of(direct(followM2o("name.length"), "x"));
    }
  }

  /** A shop product to test.product, the category converted implicitly. */
  @ComponentSpec(name = "parity.product.import.mapper", collection = BACKEND, applyOn = PRODUCT)
  public static class ProductImportMapper extends ImportMapper {
    @Override
    protected List<Direct> direct() {
      return List.of(direct("name", "name"), direct("category", "category_id"),
          direct(convert(none("stock"), Long.class), "stock"));        // modifiers compose
    }

    @Override
    protected List<Child> children() {
      return List.of(new Child("tags", "tag_values", CATEGORY));     // each mapped by test.category.import.mapper
    }
  }

  /** The children of an export on test.category: the "skip" item left out, an option added, sorted by title. */
  @ComponentSpec(name = "parity.category.export.map.child", collection = BACKEND, applyOn = CATEGORY)
  public static class CategoryMapChild extends ExportMapChild {
    @Override
    protected boolean skipItem(MapRecord item) {
      return "skip".equals(item.source().get("name"));
    }

    @Override
    protected Map<String, Object> getItemValues(MapRecord item, String target, MapOptions options) {
      Map<String, Object> values = new HashMap<>(super.getItemValues(item, target, options));
      values.put("lang", options.get("lang"));
      values.put("parent", item.parent().source().get("name"));
      return values;
    }

    @Override
    protected List<?> formatItems(List<Map<String, Object>> items) {
      List<Map<String, Object>> sorted = new ArrayList<>(items);
      sorted.sort(Comparator.comparing(m -> (String) m.get("title")));
      return sorted;
    }
  }

  /** The components above, started after the test connector. */
  public static final class ParityAddon implements Addon, ComponentProvider {
    @Override
    public Manifest manifest() {
      return Manifest.of("mapper_parity", "1.0.0").depends("test_connector").build();
    }

    @Override
    public List<Class<? extends AbstractComponent>> components() {
      return List.of(ProductExportMapper.class, BadFollowMapper.class, ProductImportMapper.class, CategoryMapChild.class);
    }
  }

  private static long category(ConnectorFixture f, String name, String externalId) {
    long id = f.env.model("test.category").create(Map.of("name", name));
    if (externalId != null) {
      try (WorkContext work = f.backend.workOn(CATEGORY)) {
        Binder binder = work.component(Binder.class, Binder.USAGE);
        f.env.tx().run(c -> binder.bind(externalId, id));
      }
    }
    return id;
  }

  private static Map<String, Object> exportValues(ConnectorFixture f, String mapper, long product, Map<String, ?> options) {
    try (WorkContext work = f.backend.workOn(PRODUCT)) {
      Map<String, Object> record = new HashMap<>(f.env.model("test.product").read(product));
      record.put("tags", List.of()); // the children's list, given by the caller of the mapper
      return work.componentByName(ExportMapper.class, mapper).mapRecord(record).values(true, null, options);
    }
  }

  @DbTest
  void anExportFollowsManyToOneRelationsAndConvertsThemToExternalIds(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db, List.of(new ParityAddon()))) {
      long coffee = category(f, "Coffee", "C-7");
      long espresso = f.env.model("test.product").create(Map.of("name", "Espresso", "category_id", coffee));
      long loose = f.env.model("test.product").create(Map.of("name", "Loose"));

      Map<String, Object> values = exportValues(f, "parity.product.export.mapper", espresso, Map.of());
      assertThat(values).containsEntry("category", "C-7").containsEntry("category_name", "Coffee")
          .containsEntry("category_label", "Coffee").doesNotContainKey("currency");

      Map<String, Object> none = exportValues(f, "parity.product.export.mapper", loose, Map.of());
      assertThat(none).containsEntry("category", null).containsEntry("category_name", null);

      long tea = category(f, "Tea", null);
      long unbound = f.env.model("test.product").create(Map.of("name", "Sencha", "category_id", tea));
      assertThatThrownBy(() -> exportValues(f, "parity.product.export.mapper", unbound, Map.of()))
          .isInstanceOf(MappingError.class).hasMessageContaining("field 'category_id' refers to test.category #" + tea)
          .hasMessageContaining("Export it first");
      assertThatThrownBy(() -> exportValues(f, "parity.bad.follow.mapper", espresso, Map.of()))
          .isInstanceOf(MappingError.class)
          .hasMessageContaining("followM2o(name.length): field 'name' of test.product is a char field, not a many2one");
    }
  }

  @DbTest
  void anImportConvertsAnExternalIdIntoAManyToOneImplicitly(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db, List.of(new ParityAddon()))) {
      long coffee = category(f, "Coffee", "C-7");
      try (WorkContext work = f.backend.workOn(PRODUCT)) {
        ImportMapper mapper = work.componentByName(ImportMapper.class, "parity.product.import.mapper");
        Map<String, Object> values = mapper.mapRecord(Map.of("name", "Espresso", "category", "C-7")).values(true, null);
        assertThat(values).containsEntry("category_id", coffee).containsEntry("name", "Espresso");

        Map<String, Object> remote = Map.of("name", "Espresso", "category", "C-7", "stock", "",
            "tags", List.of(Map.of("title", "strong"), Map.of("colour", "brown")));
        Map<String, Object> update = mapper.mapRecord(remote).values(false, List.of());
        assertThat(update).as("no fields means every field").containsEntry("category_id", coffee)
            .containsEntry("stock", null) // "" is empty for none(), so convert() gets null
            .containsEntry("tag_values", List.of(Map.of("name", "strong"))); // the item mapped to nothing is dropped

        assertThatThrownBy(() -> mapper.mapRecord(Map.of("name", "Tea", "category", "C-404")).values(true, null))
            .isInstanceOf(MappingError.class).hasMessageContaining("test.category.binding 'C-404', which has no binding")
            .hasMessageContaining("importDependency(\"C-404\", \"test.category.binding\")");
      }
    }
  }

  @DbTest
  void optionsGivenAtMapTimeReachTheMapperAndItsChildrenWhichItsMapChildShapes(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db, List.of(new ParityAddon()))) {
      long coffee = category(f, "Coffee", "C-7");
      long espresso = f.env.model("test.product").create(Map.of("name", "Espresso", "category_id", coffee));
      try (WorkContext work = f.backend.workOn(PRODUCT)) {
        ExportMapper mapper = work.componentByName(ExportMapper.class, "parity.product.export.mapper");
        Map<String, Object> record = new HashMap<>(f.env.model("test.product").read(espresso));
        record.put("tags", List.of(Map.of("name", "strong"), Map.of("name", "skip"), Map.of("name", "arabica")));

        Map<String, Object> values = mapper.mapRecord(record).values(false, null, Map.of("currency", "EUR", "lang", "fr"));

        assertThat(values).containsEntry("currency", "EUR");
        assertThat(values.get("tags")).isEqualTo(List.of(
            Map.of("title", "arabica", "lang", "fr", "parent", "Espresso"),
            Map.of("title", "strong", "lang", "fr", "parent", "Espresso")));
        assertThat(mapper.options()).as("the options end with the mapping").isSameAs(MapOptions.NONE);
        assertThatThrownBy(() -> mapper.mapRecord(record).values(false, null, Map.of("currency", 3)))
            .isInstanceOf(MappingError.class).hasMessageContaining("Mapping option 'currency' is Integer '3', not String");
      }
    }
  }
}
