package com.awkhad.connector.coffee.component;

import static com.awkhad.connector.coffee.component.CoffeeNames.BACKEND;
import static com.awkhad.connector.coffee.component.CoffeeNames.ORDER_BINDING;

import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.component.event.NoExport;
import com.awkhad.connector.framework.binding.Binding;
import com.awkhad.connector.framework.exporter.RecordExporter;
import java.util.Map;

/**
 * Sends an order to the machine; once sent, the local order's state becomes {@code sent}. The
 * machine's answer is not read back into the order: the only field it would bring is the status,
 * which {@link #afterExport} sets to {@code sent} right after (its version still goes to the
 * binding); the brew's later statuses come with the order's imports.
 */
@ComponentSpec(name = "coffee.order.exporter", collection = BACKEND, applyOn = ORDER_BINDING)
public class OrderExporter extends RecordExporter {
  @Override
  protected boolean readBackFields() {
    return false;
  }

  @Override
  protected void afterExport(Binding binding) {
    try (NoExport.Scope s = NoExport.scope()) {
      env().model(CoffeeNames.ORDER).write(binding.localId(), Map.of("state", "sent"));
    }
  }
}
