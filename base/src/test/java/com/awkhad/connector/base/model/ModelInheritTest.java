package com.awkhad.connector.base.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.base.addon.Addon;
import com.awkhad.connector.base.addon.Manifest;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.base.event.RecordEvent;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

class ModelInheritTest {

  @DbTest
  void aSecondAddonAddsAFieldWithItsOwnColumn(TestDb db) {
    try (Environment env = TestModels.start(db, new TestModels.ModelsExtAddon())) {
      Model partner = env.models().get("test.partner");
      assertThat(partner.fieldNames()).containsExactly("name", "kind", "age", "parent_id", "coffee_code");
      assertThat(partner.table()).isEqualTo("test_partner");

      Records partners = env.model("test.partner");
      List<RecordEvent> events = new ArrayList<>();
      env.recordEvents().subscribe(events::add);
      long id = partners.create(Map.of("name", "Ada", "coffee_code", "ESPRESSO"));
      partners.write(id, Map.of("coffee_code", "LUNGO"));

      assertThat(partners.read(id)).containsEntry("name", "Ada").containsEntry("coffee_code", "LUNGO");
      assertThat(partners.search(Domain.of("coffee_code", "=", "LUNGO"))).containsExactly(id);
      assertThat(events.get(1).fields()).isEqualTo(Set.of("coffee_code"));
    }
  }

  @DbTest
  void withoutTheExtendingAddonTheFieldDoesNotExist(TestDb db) {
    try (Environment env = TestModels.start(db)) {
      assertThatThrownBy(() -> env.model("test.partner").create(Map.of("name", "Ada", "coffee_code", "X")))
          .isInstanceOf(ModelException.class)
          .hasMessageContaining("Model 'test.partner' has no field 'coffee_code'")
          .hasMessageContaining("[id, name, kind, age, parent_id]");
    }
  }

  /** An addon whose registerModels runs {@code body}. */
  private static Addon addon(String name, Consumer<ModelRegistry> body) {
    return new Addon() {
      @Override
      public Manifest manifest() {
        return Manifest.of(name, "1.0").depends("test_models").build();
      }

      @Override
      public void registerModels(ModelRegistry models) {
        body.accept(models);
      }
    };
  }

  @DbTest
  void anExtensionWithoutItsColumnAddsIt(TestDb db) {
    Addon tea = addon("test_tea", m -> m.extend("test.partner").field(Field.chars("tea_code")).build());
    try (Environment env = TestModels.start(db, tea)) {
      long id = env.model("test.partner").create(Map.of("name", "Ada", "tea_code", "EARL_GREY"));
      assertThat(env.model("test.partner").read(id)).containsEntry("tea_code", "EARL_GREY");
    }
  }

  @DbTest
  void extensionMistakesAreNamed(TestDb db) {
    try (Environment env = TestModels.start(db)) {
      ModelRegistry models = env.models();
      assertThatThrownBy(() -> models.extend("test.nope"))
          .hasMessageContaining("Unknown model 'test.nope'. Known models: [test.partner, test.sample]");
      assertThatThrownBy(() -> models.extend("test.partner").field(Field.integer("name")).build())
          .hasMessageContaining("Field 'name' is declared twice on model 'test.partner'");
      assertThatThrownBy(() -> models.extend("test.partner").field(Field.chars("nick").column("name")).build())
          .hasMessageContaining("Fields 'name' and 'nick' of model 'test.partner' both use column 'name'");
      assertThatThrownBy(() -> models.define("test.partner", "test_partner"))
          .hasMessageContaining("Model 'test.partner' is already defined (table test_partner)")
          .hasMessageContaining("models.extend(\"test.partner\")");
      // a failed extension leaves the model as it was
      assertThat(models.get("test.partner").fieldNames()).containsExactly("name", "kind", "age", "parent_id");
    }
  }

  @DbTest
  void definitionsAreCheckedAgainstTheDatabase(TestDb db) {
    Addon bad = new Addon() {
      @Override
      public Manifest manifest() {
        return Manifest.of("test_models_bad", "1.0").depends("test_models").build();
      }
    };
    try (Environment env = TestModels.start(db, bad)) {
      ModelRegistry models = env.models();
      assertThatThrownBy(() -> models.define("test.ghost", "test_ghost").existingTable().build())
          .hasMessageContaining("Table 'test_ghost' of model 'test.ghost' does not exist in the database")
          .hasMessageContaining("existingTable()");
      assertThatThrownBy(() -> models.define("test.lonely", "test_lonely").field(Field.chars("code")).build())
          .hasMessageContaining("lacks column(s) [id (the BIGINT key column every model needs; name another with .key(\"column\"))]");
      assertThatThrownBy(() -> models.define("test.mistyped", "test_mistyped")
              .field(Field.integer("qty")).field(Field.datetime("seen_at")).field(Field.chars("label")).build())
          .hasMessageContaining("Table 'test_mistyped' of model 'test.mistyped' has column(s) of the wrong type:")
          .hasMessageContaining("but field test.mistyped.qty is integer: use BIGINT")
          .hasMessageContaining("but field test.mistyped.seen_at is datetime: use TIMESTAMP WITH TIME ZONE")
          .hasMessageContaining("convert the column in a migration")
          .hasMessageNotContaining("label");
      assertThatThrownBy(() -> models.define("test.line", "test_sample").field(Field.many2one("order_id", "test.order")).build())
          .hasMessageContaining("Field test.line.order_id refers to unknown model 'test.order'")
          .hasMessageContaining("Known models: [test.partner, test.sample]");
      assertThatThrownBy(() -> models.define("test.other", "test_sample").field(Field.integer("quantity").defaultValue("many")).build())
          .hasMessageContaining("Wrong value for test.other.quantity: expected integer");
      assertThatThrownBy(() -> models.define("Test Other", "test_sample"))
          .hasMessageContaining("Model name 'Test Other' is invalid");
      assertThatThrownBy(() -> models.define("test.other", "test_sample; DROP TABLE x"))
          .hasMessageContaining("Table name 'test_sample; DROP TABLE x' of model 'test.other' is invalid");
      assertThatThrownBy(() -> Field.chars("Name"))
          .hasMessageContaining("Field name 'Name' is invalid");
      assertThatThrownBy(() -> Field.selection("state"))
          .hasMessageContaining("Selection field 'state' has no values");
      assertThat(models.names()).containsExactly("test.partner", "test.sample");
    }
  }
}
