package com.awkhad.shop.connector;

import com.awkhad.connector.base.env.Environment;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The job function exporting one order to the OMS; a Spring bean (see {@link ShopConnectorConfiguration}),
 * on which the starter runs the jobs delayed on this class. It reads the order through the
 * connector's record layer, in the job's transaction.
 */
public class OrderExporter {
  private final Environment env;
  private final OmsClient oms;

  public OrderExporter(Environment env, OmsClient oms) {
    this.env = env;
    this.oms = oms;
  }

  public void export(long orderId) {
    Map<String, Object> order = env.model(ShopConnectorAddon.ORDER).read(orderId);
    Map<String, Object> product = env.model(ShopConnectorAddon.PRODUCT).read(((Number) order.get("product_id")).longValue());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("reference", order.get("reference"));
    body.put("sku", product.get("sku"));
    body.put("quantity", order.get("quantity"));
    body.put("total", order.get("total"));
    oms.sendOrder(body);
  }
}
