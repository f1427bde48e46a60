package com.awkhad.connector.coffee;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.component.WorkContext;
import com.awkhad.connector.framework.ConnectorJobs;
import com.awkhad.connector.framework.backend.Backend;
import com.awkhad.connector.framework.backend.Backends;
import com.awkhad.connector.framework.binder.Binder;
import com.awkhad.connector.framework.binding.Binding;
import com.awkhad.connector.framework.binding.Bindings;
import com.awkhad.connector.base.model.Domain;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an application asks of the coffee connector, each as jobs of {@code ConnectorJobs} delayed on
 * their binding model (settings and channel {@code root.coffee} from {@link CoffeeAddon#jobFunctions()}):
 * import the menu, place an order (the order, its binding and its export job commit together),
 * refresh the status of the orders being brewed.
 *
 * <pre>{@code
 * CoffeeJobs coffee = CoffeeJobs.of(env);
 * coffee.importMenu(machine.id());                         // importSince, then one importRecord per beverage
 * long order = coffee.placeOrder(machine.id(), espressoId, 2, "Ada");
 * coffee.refreshOrders(machine.id());                      // brings the machine's status into sent orders
 * }</pre>
 */
public final class CoffeeJobs {
  private final Environment env;

  private CoffeeJobs(Environment env) {
    this.env = env;
  }

  public static CoffeeJobs of(Environment env) {
    return new CoffeeJobs(env);
  }

  /**
   * Enqueues the import of the beverages changed since the last menu import (all of them the
   * first time): a batch job that enqueues one import job per beverage.
   */
  public JobHandle importMenu(long backendId) {
    return queue().enqueue(ConnectorJobs.class,
        JobOptions.defaults().model(CoffeeAddon.BEVERAGE_BINDING).description("Import the menu of coffee backend " + backendId),
        j -> j.importSince(backendId, CoffeeAddon.BEVERAGE_BINDING, CoffeeBackends.MENU_MARK));
  }

  /**
   * Creates a local {@code coffee.order} of {@code quantity} cups of local beverage
   * {@code beverageId}, binds it to the machine and enqueues its export, in one transaction
   * (the current one if any). Returns the order's id.
   */
  public long placeOrder(long backendId, long beverageId, int quantity, String customer) {
    if (quantity < 1) {
      throw new IllegalArgumentException("An order needs at least 1 cup, got " + quantity);
    }
    Backend backend = Backends.of(env).get(backendId);
    return env.tx().inTransaction(c -> {
      Map<String, Object> values = new LinkedHashMap<>();
      values.put("beverage_id", beverageId);
      values.put("quantity", quantity);
      values.put("customer", customer);
      long order = env.model(CoffeeAddon.ORDER).create(values);
      Binding binding;
      try (WorkContext work = backend.workOn(CoffeeAddon.ORDER_BINDING)) {
        binding = work.component(Binder.class, Binder.USAGE).bindingFor(order);
      }
      queue().delay(ConnectorJobs.class, JobOptions.defaults().identityExact().model(CoffeeAddon.ORDER_BINDING))
          .exportRecord(binding.id(), null);
      return order;
    });
  }

  /**
   * Enqueues the import of every order of this backend still waiting on the machine (local state
   * {@code sent} or {@code brewing}): one {@code importRecord} job each, which brings the machine's
   * status ({@code brewing}, {@code ready}) into the local order. Returns how many were enqueued.
   */
  public int refreshOrders(long backendId) {
    List<Long> waiting = env.model(CoffeeAddon.ORDER).search(Domain.of("state", "in", List.of("sent", "brewing")));
    int count = 0;
    for (long order : waiting) {
      for (Binding binding : Bindings.of(env).ofLocal(CoffeeAddon.ORDER, order)) {
        if (binding.backendId() == backendId && binding.isBound()) {
          queue().delay(ConnectorJobs.class, JobOptions.defaults().identityExact().model(CoffeeAddon.ORDER_BINDING))
              .importRecord(backendId, CoffeeAddon.ORDER_BINDING, binding.externalId(), false);
          count++;
        }
      }
    }
    return count;
  }

  private Queue queue() {
    return env.service(Queue.class);
  }
}
