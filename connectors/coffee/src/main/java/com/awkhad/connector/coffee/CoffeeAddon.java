package com.awkhad.connector.coffee;

import com.awkhad.connector.base.addon.Addon;
import com.awkhad.connector.base.addon.Manifest;
import com.awkhad.connector.base.model.Field;
import com.awkhad.connector.base.model.ModelRegistry;
import com.awkhad.connector.coffee.component.CoffeeNames;
import com.awkhad.connector.framework.ConnectorJobs;
import com.awkhad.connector.framework.adapter.HttpJsonClient;
import com.awkhad.connector.framework.backend.BackendType;
import com.awkhad.connector.framework.backend.BackendTypeProvider;
import com.awkhad.connector.queue.function.JobFunctionProvider;
import com.awkhad.connector.queue.job.JobFunction;
import com.awkhad.connector.queue.job.RetryPattern;
import java.util.ArrayList;
import java.util.List;

/**
 * The seed's example connector, {@code connector_coffee}: synchronizes a coffee machine's menu into
 * the local model {@code coffee.beverage} and sends local {@code coffee.order}s to the machine to
 * brew. The backend type is {@code coffee.backend} (location, the setting {@code username}, the
 * secret as bearer token); the binding models are {@code coffee.beverage.binding} and
 * {@code coffee.order.binding}.
 *
 * <pre>{@code
 * Backend machine = CoffeeBackends.create(env, "Kitchen machine", "http://127.0.0.1:8070", "barista", Secret.of(token));
 * CoffeeJobs.of(env).importMenu(machine.id());           // a batch job, then one import job per beverage
 * long order = CoffeeJobs.of(env).placeOrder(machine.id(), beverageId, 2, "Ada");   // exported as a job
 * }</pre>
 *
 * <p>Its components are the {@code @ComponentSpec} classes of {@code coffee.component}, registered by
 * their annotation (the component index); the addon is found by the {@code ServiceLoader} file the
 * same annotation processor writes.
 */
public final class CoffeeAddon implements Addon, BackendTypeProvider, JobFunctionProvider {
  /** The backend type, the component collection of the coffee components (names: {@link CoffeeNames}). */
  public static final String BACKEND = CoffeeNames.BACKEND;
  /** Binding model of the machine's beverages (imported). */
  public static final String BEVERAGE_BINDING = CoffeeNames.BEVERAGE_BINDING;
  /** Binding model of the orders sent to the machine (exported). */
  public static final String ORDER_BINDING = CoffeeNames.ORDER_BINDING;
  /** Local model of the menu. */
  public static final String BEVERAGE = CoffeeNames.BEVERAGE;
  /** Local model of the orders. */
  public static final String ORDER = CoffeeNames.ORDER;
  /** The channel of the coffee jobs. */
  public static final String CHANNEL = CoffeeNames.CHANNEL;

  @Override
  public Manifest manifest() {
    return Manifest.of("connector_coffee", "1.0.0")
        .name("Coffee Connector")
        .category("Connector")
        .depends("connector")
        .author("Awkhad Connector contributors")
        .license("LGPL-3")
        .summary("Connect Awkhad to my coffee machine")
        .description("Imports the machine's menu as coffee.beverage records and sends coffee.order records to the"
            + " machine to brew, through jobs in channel root.coffee.")
        .build();
  }

  @Override
  public void registerModels(ModelRegistry models) {
    models.define(BEVERAGE, "coffee_beverage")
        .field(Field.chars("name").required())
        .field(Field.floating("price"))
        .field(Field.integer("caffeine_mg"))
        .build();
    models.define(ORDER, "coffee_order")
        .field(Field.many2one("beverage_id", BEVERAGE).required())
        .field(Field.integer("quantity").required())
        .field(Field.chars("customer"))
        .field(Field.selection("state", "draft", "sent", "brewing", "ready").defaultValue("draft").required())
        .build();
  }

  @Override
  public List<BackendType> backendTypes() {
    return List.of(BackendType.builder(BACKEND)
        .description("A coffee machine speaking HTTP/JSON (see CoffeeMachineSimulator for its API)")
        .binding(BEVERAGE_BINDING, BEVERAGE)
        .binding(ORDER_BINDING, ORDER)
        .resource(HttpJsonClient.RESOURCE, CoffeeBackends::httpClient)
        .build());
  }

  /**
   * The settings of the coffee jobs, per binding model: the menu's imports come back soon and give
   * up after 10 tries (the next menu import brings a beverage anyway); the orders' exports and status
   * reads keep trying longer (an order must reach the machine). All in channel {@code root.coffee}.
   * Operators override them in the {@code --config} file ({@code job.function.<name>.<setting>}).
   */
  @Override
  public List<JobFunction> jobFunctions() {
    RetryPattern menu = RetryPattern.builder().after(1, 5).after(3, 30).after(5, 120).build();
    RetryPattern orders = RetryPattern.builder().after(1, 10).after(3, 60).after(6, 300).build();
    List<JobFunction> all = new ArrayList<>();
    all.addAll(ConnectorJobs.importFunctions(BEVERAGE_BINDING, f -> f.withChannel(CHANNEL).withRetryPattern(menu).withMaxRetries(10)));
    all.addAll(ConnectorJobs.importFunctions(ORDER_BINDING, f -> f.withChannel(CHANNEL).withRetryPattern(orders).withMaxRetries(20)));
    all.addAll(ConnectorJobs.exportFunctions(ORDER_BINDING, f -> f.withChannel(CHANNEL).withRetryPattern(orders).withMaxRetries(20)));
    return all;
  }
}
