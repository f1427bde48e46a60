package com.awkhad.shop.connector;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.base.model.Domain;
import com.awkhad.connector.base.model.Records;
import com.awkhad.connector.component.event.NoExport;
import java.util.List;
import java.util.Map;

/**
 * Imports the OMS's product catalog into the shop's {@code product} table, through the record
 * layer inside a {@link NoExport} scope: the captured changes are marked, so the product export
 * listener does not send them back. Run it as a job ({@code queue.delay(CatalogImporter.class).importCatalog()})
 * or directly.
 */
public class CatalogImporter {
  private final Environment env;
  private final OmsClient oms;

  public CatalogImporter(Environment env, OmsClient oms) {
    this.env = env;
    this.oms = oms;
  }

  /** Creates the products the shop lacks and updates the others' name and price; returns how many were read. */
  public int importCatalog() {
    List<Map<String, Object>> catalog = oms.catalog();
    env.tx().run(c -> {
      Records products = env.model(ShopConnectorAddon.PRODUCT);
      try (NoExport.Scope scope = NoExport.scope()) {
        for (Map<String, Object> item : catalog) {
          Map<String, Object> values = Map.of("sku", item.get("sku"), "name", item.get("name"),
              "price", ((Number) item.get("price")).doubleValue());
          List<Long> found = products.search(Domain.of("sku", "=", item.get("sku")));
          if (found.isEmpty()) {
            products.create(values);
          } else {
            products.write(found.get(0), values);
          }
        }
      }
    });
    return catalog.size();
  }
}
