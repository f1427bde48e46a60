package com.awkhad.connector.base.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.base.addon.Addon;
import com.awkhad.connector.base.addon.BaseAddon;
import com.awkhad.connector.base.addon.Manifest;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.base.jdbc.Jdbc;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Tables made from model definitions (ModelSchema): created, extended, checked, never altered. */
class ModelSchemaTest {

  /** An addon (no migrations) whose registerModels runs {@code body}. */
  private static Addon addon(String name, Consumer<ModelRegistry> body) {
    return new Addon() {
      @Override
      public Manifest manifest() {
        return Manifest.of(name, "1.0").depends("base").build();
      }

      @Override
      public void registerModels(ModelRegistry models) {
        body.accept(models);
      }
    };
  }

  private static Environment start(TestDb db, Consumer<ModelRegistry> models) {
    return Environment.start(DatabaseConfig.of(db.url(), db.user(), db.password()),
        List.of(new BaseAddon(), addon("test_schema", models)));
  }

  /** Version 1 of the shop's models: a shop and its lines, one field of every type. */
  private static void shopV1(ModelRegistry models) {
    models.define("test.shop", "test_shop")
        .field(Field.chars("name").required())
        .field(Field.many2one("parent_id", "test.shop"))
        .build();
    models.define("test.line", "test_line")
        .field(Field.many2one("shop_id", "test.shop").required())
        .field(Field.chars("code").required().defaultValue("it's new"))
        .field(Field.text("notes"))
        .field(Field.integer("quantity").defaultValue(1L))
        .field(Field.floating("price").defaultValue(2.5))
        .field(Field.bool("active").defaultValue(true))
        .field(Field.date("due_date").defaultValue(LocalDate.of(2026, 12, 4)))
        .field(Field.datetime("done_at"))
        .field(Field.selection("state", "draft", "done").defaultValue("draft").required())
        .field(Field.json("payload"))
        .build();
  }

  private static Map<String, String> columns(Environment env, String table) {
    return env.tx().inTransaction(c -> {
      Map<String, String> types = new TreeMap<>();
      try (ResultSet rs = c.getMetaData().getColumns(null, null, table, null)) {
        while (rs.next()) {
          types.put(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT),
              rs.getString("TYPE_NAME").toLowerCase(Locale.ROOT) + ("NO".equals(rs.getString("IS_NULLABLE")) ? " not null" : ""));
        }
      }
      return types;
    });
  }

  private static List<String> indexedColumns(Connection c, String table) throws SQLException {
    List<String> indexed = new ArrayList<>();
    try (ResultSet rs = c.getMetaData().getIndexInfo(null, null, table, false, false)) {
      while (rs.next()) {
        if (rs.getString("COLUMN_NAME") != null) {
          indexed.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
        }
      }
    }
    return indexed;
  }

  @DbTest
  void aModelCreatesItsTableFromItsFields(TestDb db) {
    try (Environment env = start(db, ModelSchemaTest::shopV1)) {
      Map<String, String> line = columns(env, "test_line");
      assertThat(line.keySet()).containsExactlyInAnyOrder("id", "shop_id", "code", "notes", "quantity", "price", "active",
          "due_date", "done_at", "state", "payload");
      assertThat(line.get("id")).contains("not null");
      assertThat(line.get("shop_id")).isIn("bigint not null", "int8 not null");
      assertThat(line.get("code")).endsWith("not null");
      assertThat(line.get("notes")).doesNotContain("not null");
      assertThat(line.get("done_at")).isIn("timestamptz", "timestamp with time zone");

      // the record layer works on it, datetimes and JSON included
      long shop = env.model("test.shop").create(Map.of("name", "Kitchen"));
      Instant done = Instant.parse("2026-12-04T10:00:00.123456Z");
      long id = env.model("test.line").create(Map.of("shop_id", shop, "done_at", done, "payload", Map.of("a", 1)));
      assertThat(env.model("test.line").read(id)).containsEntry("code", "it's new").containsEntry("quantity", 1L)
          .containsEntry("done_at", done).containsEntry("payload", Map.of("a", 1)).containsEntry("state", "draft");

      env.tx().run(c -> {
        // defaults are the columns' own: a plain SQL insert gets them
        Jdbc.update(c, "INSERT INTO test_line (shop_id) VALUES (?)", shop);
        Map<String, Object> row = Jdbc.queryOne(c, "SELECT code, quantity, price, active, due_date, state FROM test_line"
            + " WHERE id <> ?", rs -> Map.<String, Object>of("code", rs.getString(1), "quantity", rs.getLong(2),
            "price", rs.getDouble(3), "active", rs.getBoolean(4), "due_date", rs.getObject(5, LocalDate.class),
            "state", rs.getString(6)), id).orElseThrow();
        assertThat(row).isEqualTo(Map.of("code", "it's new", "quantity", 1L, "price", 2.5, "active", true,
            "due_date", LocalDate.of(2026, 12, 4), "state", "draft"));
        // a many2one has an index on both tables
        assertThat(indexedColumns(c, "test_line")).contains("shop_id");
        assertThat(indexedColumns(c, "test_shop")).contains("parent_id");
      });
      // required and many2one are enforced by the database too
      assertThatThrownBy(() -> env.tx().run(c -> Jdbc.update(c, "INSERT INTO test_shop (name) VALUES (NULL)")))
          .hasStackTraceContaining("name");
      assertThatThrownBy(() -> env.tx().run(c -> Jdbc.update(c, "INSERT INTO test_line (shop_id) VALUES (999)")))
          .hasStackTraceContaining("test_line_shop_id_fkey");
      assertThatThrownBy(() -> env.model("test.shop").create(Map.of("name", "Sub", "parent_id", 999L)))
          .isInstanceOf(ModelException.class)
          .satisfies(e -> assertThat(((ModelException) e).reason()).isEqualTo(ModelException.Reason.INTEGRITY));
    }
  }

  @DbTest
  void aSecondStartChecksTheTablesItMadeAndChangesNothing(TestDb db) {
    long id;
    Map<String, String> before;
    try (Environment env = start(db, ModelSchemaTest::shopV1)) {
      id = env.model("test.shop").create(Map.of("name", "Kitchen"));
      before = columns(env, "test_line");
    }
    try (Environment env = start(db, ModelSchemaTest::shopV1)) {
      assertThat(columns(env, "test_line")).isEqualTo(before);
      assertThat(env.model("test.shop").read(id)).containsEntry("name", "Kitchen");
    }
  }

  @DbTest
  void aNewFieldGetsItsColumnAndExistingRowsItsDefault(TestDb db) {
    long id;
    try (Environment env = start(db, ModelSchemaTest::shopV1)) {
      id = env.model("test.shop").create(Map.of("name", "Kitchen"));
    }
    Consumer<ModelRegistry> v2 = models -> {
      shopV1(models);
      models.extend("test.shop")
          .field(Field.chars("city"))
          .field(Field.integer("seats").required().defaultValue(4L))
          .field(Field.datetime("opened_at").defaultValue(Instant.parse("2026-01-01T08:00:00Z")))
          .field(Field.many2one("main_line_id", "test.line"))
          .build();
    };
    try (Environment env = start(db, v2)) {
      Map<String, String> shop = columns(env, "test_shop");
      assertThat(shop).containsKeys("city", "seats", "opened_at", "main_line_id");
      assertThat(shop.get("seats")).endsWith("not null");
      assertThat(shop.get("city")).doesNotEndWith("not null");
      assertThat(env.model("test.shop").read(id)).containsEntry("city", null).containsEntry("seats", 4L)
          .containsEntry("opened_at", Instant.parse("2026-01-01T08:00:00Z"));
      assertThatThrownBy(() -> env.model("test.shop").write(id, Map.of("main_line_id", 999L)))
          .isInstanceOf(ModelException.class);
      env.tx().run(c -> assertThat(indexedColumns(c, "test_shop")).contains("main_line_id"));
    }
  }

  @DbTest
  void aRequiredFieldWithoutDefaultIsNotAddedToATableWithRows(TestDb db) {
    Consumer<ModelRegistry> v2 = models -> {
      shopV1(models);
      models.extend("test.shop").field(Field.chars("city").required()).build();
    };
    try (Environment env = start(db, ModelSchemaTest::shopV1)) {
      env.model("test.shop").create(Map.of("name", "Kitchen"));
    }
    assertThatThrownBy(() -> start(db, v2))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("Cannot add required field test.shop.city to table 'test_shop': the table has rows and"
            + " the field has no default to fill them.")
        .hasMessageContaining("Declare a default (.defaultValue(...))")
        .hasMessageContaining("in a migration of your addon (ALTER TABLE test_shop ADD COLUMN city VARCHAR; UPDATE");
    try (Environment env = start(db, ModelSchemaTest::shopV1)) {
      assertThat(columns(env, "test_shop")).doesNotContainKey("city");   // nothing was changed
      env.tx().run(c -> Jdbc.update(c, "DELETE FROM test_shop"));
    }
    try (Environment env = start(db, v2)) {                                 // an empty table takes it
      assertThat(columns(env, "test_shop").get("city")).endsWith("not null");
    }
  }

  @DbTest
  void aColumnOfTheWrongTypeStopsTheStartAndIsNotChanged(TestDb db) {
    try (Environment env = start(db, models -> {})) {
      env.tx().run(c -> Jdbc.update(c, "CREATE TABLE test_shop (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
          + " name VARCHAR(64), seats VARCHAR(8), opened_at TIMESTAMP)"));
    }
    assertThatThrownBy(() -> start(db, models -> models.define("test.shop", "test_shop")
            .field(Field.chars("name")).field(Field.integer("seats")).field(Field.datetime("opened_at")).build()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("Table 'test_shop' of model 'test.shop' has column(s) of the wrong type: column seats is")
        .hasMessageContaining("but field test.shop.seats is integer: use BIGINT")
        .hasMessageContaining("but field test.shop.opened_at is datetime: use TIMESTAMP WITH TIME ZONE")
        .hasMessageContaining("Existing columns are never changed at start-up: convert the column in a migration of your addon")
        .hasMessageNotContaining("field test.shop.name");
    try (Environment env = start(db, models -> {})) {
      assertThat(columns(env, "test_shop").get("seats")).doesNotContain("bigint");
    }
  }

  @DbTest
  void aTableMadeByAMigrationIsCheckedAndExtendedNotRecreated(TestDb db) {
    try (Environment env = start(db, models -> {})) {
      env.tx().run(c -> {
        Jdbc.update(c, "CREATE TABLE test_shop (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
            + " name VARCHAR(64) NOT NULL, seats INTEGER)");
        Jdbc.update(c, "INSERT INTO test_shop (name, seats) VALUES ('Kitchen', 8)");
      });
    }
    try (Environment env = start(db, models -> models.define("test.shop", "test_shop")
        .field(Field.chars("name").required()).field(Field.integer("seats")).field(Field.bool("open").defaultValue(true))
        .build())) {
      assertThat(env.model("test.shop").searchRead(Domain.all(), List.of("name", "seats", "open"), Order.byId(), 0))
          .singleElement().satisfies(r -> assertThat(r).containsEntry("name", "Kitchen").containsEntry("seats", 8L)
              .containsEntry("open", true));
      assertThat(columns(env, "test_shop").get("seats")).isIn("integer", "int4");   // as the migration made it
    }
  }

  @DbTest
  void aModelOverATableManagedElsewhereIsOnlyChecked(TestDb db) {
    assertThatThrownBy(() -> start(db, models -> models.define("test.order", "app_order").existingTable()
            .field(Field.chars("reference")).build()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("Table 'app_order' of model 'test.order' does not exist in the database. The model is"
            + " declared existingTable()");
    try (Environment env = start(db, models -> {})) {
      assertThat(columns(env, "app_order")).isEmpty();   // not created
      env.tx().run(c -> Jdbc.update(c, "CREATE TABLE app_order (order_no BIGINT PRIMARY KEY, ref VARCHAR(20))"));
    }
    assertThatThrownBy(() -> start(db, models -> models.define("test.order", "app_order").existingTable().key("order_no")
            .field(Field.chars("reference").column("ref")).field(Field.integer("total")).build()))
        .hasMessageContaining("Table 'app_order' of model 'test.order' lacks column(s) [total (field total)]")
        .hasMessageContaining("The model is declared existingTable(): add them where the table is managed");
    try (Environment env = start(db, models -> models.define("test.order", "app_order").existingTable().key("order_no")
        .field(Field.chars("reference").column("ref")).build())) {
      assertThat(columns(env, "app_order").keySet()).containsExactly("order_no", "ref");
      assertThat(env.models().get("test.order").tableManaged()).isFalse();
    }
  }

  @DbTest
  void aStatementTheDatabaseRefusesNamesTheModelAndTheStatement(TestDb db) {
    try (Environment env = start(db, models -> {})) {
      env.tx().run(c -> Jdbc.update(c, "CREATE TABLE app_ref (ref_no BIGINT)"));   // no unique key to refer to
    }
    assertThatThrownBy(() -> start(db, models -> {
          models.define("test.ref", "app_ref").existingTable().key("ref_no").build();
          models.define("test.user", "test_user").field(Field.many2one("ref_id", "test.ref")).build();
        }))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("The database refused to change the table of model 'test.user': ")
        .hasMessageContaining("Statement: ALTER TABLE \"test_user\" ADD CONSTRAINT \"test_user_ref_id_fkey\" FOREIGN KEY")
        .hasMessageContaining("in a migration of your addon");
  }

  @Test
  void longConstraintNamesAreShortenedToSixtyThreeCharactersAndStayDistinct() {
    String table = "a_table_with_a_rather_long_name_for_a_connector_model";
    String one = ModelSchema.name(table, "first_partner_id", "fkey");
    String two = ModelSchema.name(table, "second_partner_id", "fkey");
    assertThat(one).hasSizeLessThanOrEqualTo(63).endsWith("_fkey").startsWith("a_table_with");
    assertThat(two).hasSizeLessThanOrEqualTo(63).isNotEqualTo(one);
    assertThat(ModelSchema.name("test_line", "shop_id", "idx")).isEqualTo("test_line_shop_id_idx");
  }
}
