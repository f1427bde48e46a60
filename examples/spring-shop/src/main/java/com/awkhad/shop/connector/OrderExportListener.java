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
 * A new order, however written (JPA here), becomes one export job once its transaction committed:
 * the change reader publishes the captured insert, in a transaction that also stores the job.
 */
@ComponentSpec(name = "shop.order.export.listener", applyOn = ShopConnectorAddon.ORDER)
public class OrderExportListener extends EventListener {
  @Override
  @SkipIf(NoExport.class)
  public void onRecordCreate(RecordRef record, Set<String> fields) {
    env().service(Queue.class)
        .delay(OrderExporter.class, JobOptions.defaults().identityKey("shop.order.export:" + record.id())
            .description("Export order " + record.id() + " to the OMS"))
        .export(record.id());
  }
}
