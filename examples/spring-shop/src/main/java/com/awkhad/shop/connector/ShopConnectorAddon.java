package com.awkhad.shop.connector;

import com.awkhad.connector.base.addon.Addon;
import com.awkhad.connector.base.addon.Manifest;
import com.awkhad.connector.base.model.Field;
import com.awkhad.connector.base.model.ModelRegistry;

/**
 * The addon {@code shop_connector}, found on the class path by the starter: models over the JPA
 * tables {@code shop_order} and {@code product} (captured: a trigger records every change, whoever
 * writes), and the listeners exporting them (their {@code @ComponentSpec} registers them: the
 * component index of this package). JPA owns these tables: the models are declared
 * {@code existingTable()}, so start-up checks them and never creates or alters them.
 */
public final class ShopConnectorAddon implements Addon {
  public static final String ORDER = "shop.order";
  public static final String PRODUCT = "shop.product";

  @Override
  public Manifest manifest() {
    return Manifest.of("shop_connector", "1.0").name("Shop connector").depends("component_event", "queue_job")
        .summary("Exports the shop's orders to its order-management system, imports its catalog").build();
  }

  @Override
  public void registerModels(ModelRegistry models) {
    models.define(ORDER, "shop_order").existingTable().captured()
        .field(Field.chars("reference"))
        .field(Field.integer("customer_id"))
        .field(Field.integer("product_id"))
        .field(Field.integer("quantity"))
        .field(Field.floating("total"))
        .build();
    models.define(PRODUCT, "product").existingTable().captured()
        .field(Field.chars("sku"))
        .field(Field.chars("name"))
        .field(Field.floating("price"))
        .build();
  }
}
