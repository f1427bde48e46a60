package com.awkhad.connector.coffee.component;

import static com.awkhad.connector.coffee.component.CoffeeNames.BACKEND;

import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.framework.binding.Binding;
import com.awkhad.connector.framework.listener.ExportListener;
import com.awkhad.connector.queue.job.JobOptions;

/** Exports the changes of bound orders, in channel {@code root.coffee}. */
@ComponentSpec(name = "coffee.order.export.listener", collection = BACKEND, applyOn = CoffeeNames.ORDER)
public class OrderExportListener extends ExportListener {
  @Override
  protected JobOptions exportOptions(Binding binding) {
    return JobOptions.defaults().identityExact().channel(CoffeeNames.CHANNEL);
  }
}
