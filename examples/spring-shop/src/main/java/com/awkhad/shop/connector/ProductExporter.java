package com.awkhad.shop.connector;

import com.awkhad.connector.base.env.Environment;
import java.util.Map;

/** The job function sending a product's price to the OMS (a Spring bean, like {@link OrderExporter}). */
public class ProductExporter {
  private final Environment env;
  private final OmsClient oms;

  public ProductExporter(Environment env, OmsClient oms) {
    this.env = env;
    this.oms = oms;
  }

  public void export(long productId) {
    Map<String, Object> product = env.model(ShopConnectorAddon.PRODUCT).read(productId);
    oms.sendPrice((String) product.get("sku"), ((Number) product.get("price")).doubleValue());
  }
}
