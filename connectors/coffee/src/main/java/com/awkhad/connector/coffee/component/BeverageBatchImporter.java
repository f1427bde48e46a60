package com.awkhad.connector.coffee.component;

import static com.awkhad.connector.coffee.component.CoffeeNames.BACKEND;
import static com.awkhad.connector.coffee.component.CoffeeNames.BEVERAGE_BINDING;

import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.framework.importer.DelayedBatchImporter;
import com.awkhad.connector.queue.job.JobOptions;

/** Imports the menu: one {@code importRecord} job per beverage, in channel {@code root.coffee}. */
@ComponentSpec(name = "coffee.beverage.batch.importer", collection = BACKEND, applyOn = BEVERAGE_BINDING)
public class BeverageBatchImporter extends DelayedBatchImporter {
  @Override
  protected JobOptions jobOptions() {
    return JobOptions.defaults().identityExact().channel(CoffeeNames.CHANNEL);
  }

  /** The menu's mark, shared by {@code CoffeeJobs.importMenu}, {@code ./connector import} and schedules. */
  @Override
  public String markSetting() {
    return CoffeeNames.MENU_MARK;
  }
}
