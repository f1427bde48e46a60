package com.awkhad.shop.connector;

import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.component.RecordRef;
import com.awkhad.connector.component.event.EventListener;
import com.awkhad.connector.component.event.NoExport;
import com.awkhad.connector.component.event.SkipIf;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.job.JobOptions;
import java.util.Set;

/**
 * A product's price changed in the shop: the new price goes to the OMS. Writes of the catalog
 * importer are marked no-export when captured, so importing never sends the catalog back.
 */
@ComponentSpec(name = "shop.product.export.listener", applyOn = ShopConnectorAddon.PRODUCT)
public class ProductExportListener extends EventListener {
  @Override
  @SkipIf(NoExport.class)
  public void onRecordWrite(RecordRef record, Set<String> fields) {
    if (fields.contains("price")) {
      env().service(Queue.class)
          .delay(ProductExporter.class, JobOptions.defaults().description("Export product " + record.id() + "'s price"))
          .export(record.id());
    }
  }
}
