package com.awkhad.connector.base.model;

import com.awkhad.connector.base.addon.Addon;
import com.awkhad.connector.base.addon.BaseAddon;
import com.awkhad.connector.base.addon.Manifest;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.testkit.TestDb;
import java.util.ArrayList;
import java.util.List;

/** The test addons of the model tests and a way to start them. */
final class TestModels {
  private TestModels() {}

  /** Defines test.partner and test.sample (one field of every type). */
  static final class ModelsAddon implements Addon {
    @Override
    public Manifest manifest() {
      return Manifest.of("test_models", "1.0").depends("base").build();
    }

    @Override
    public void registerModels(ModelRegistry models) {
      models.define("test.partner", "test_partner")
          .field(Field.chars("name").required())
          .field(Field.selection("kind", "person", "company").defaultValue("person"))
          .field(Field.integer("age"))
          .field(Field.many2one("parent_id", "test.partner"))
          .build();
      models.define("test.sample", "test_sample")
          .field(Field.chars("code").required())
          .field(Field.text("notes"))
          .field(Field.integer("quantity"))
          .field(Field.floating("price"))
          .field(Field.bool("active").defaultValue(true))
          .field(Field.date("due_date"))
          .field(Field.datetime("done_at"))
          .field(Field.many2one("partner_id", "test.partner"))
          .field(Field.selection("state", "draft", "done"))
          .field(Field.json("payload"))
          .build();
    }
  }

  /** Adds coffee_code to test.partner (the original's _inherit of fields). */
  static final class ModelsExtAddon implements Addon {
    @Override
    public Manifest manifest() {
      return Manifest.of("test_models_ext", "1.0").depends("test_models").build();
    }

    @Override
    public void registerModels(ModelRegistry models) {
      models.extend("test.partner").field(Field.chars("coffee_code")).build();
    }
  }

  static Environment start(TestDb db, Addon... more) {
    List<Addon> addons = new ArrayList<>(List.of(new BaseAddon(), new ModelsAddon()));
    addons.addAll(List.of(more));
    return Environment.start(DatabaseConfig.of(db.url(), db.user(), db.password()), addons);
  }
}
