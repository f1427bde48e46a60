package com.awkhad.connector.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.coffee.CoffeeAddon;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * "Nothing lost, nothing duplicated", checked on the final state of a {@link CoffeeWorld}:
 *
 * <ul>
 *   <li>jobs: every job is {@code done} (none failed, none left behind), and its {@link Ledger}
 *       shows exactly one committed execution (a second one is named, even if harmless);
 *   <li>imports: every beverage of the machine has exactly one binding and one local beverage with
 *       its name, and no local beverage is unbound;
 *   <li>exports: every placed order is on the machine exactly once (by its unique customer name),
 *       its binding holds that machine order's id, its local state is {@code sent}; the machine
 *       holds no order nobody placed.
 * </ul>
 *
 * {@link #assertNothingLostNothingDuplicated} fails with the seed and the ids of what was lost or
 * duplicated.
 */
final class SyncCheck {
  private SyncCheck() {}

  static void assertNothingLostNothingDuplicated(CoffeeWorld w, long seed, String faults) {
    List<String> problems = problems(w);
    assertThat(problems)
        .as("seed %d (replay with -Dfaults.seed=%d); faults: %s; jobs by state: %s", seed, seed, faults, w.jobsByState())
        .isEmpty();
  }

  static List<String> problems(CoffeeWorld w) {
    List<String> problems = new ArrayList<>();
    jobs(w, problems);
    Ledger.Summary ledger = Ledger.read(w);
    problems.addAll(ledger.secondExecutions());
    problems.addAll(ledger.doneWithoutExecution());
    beverages(w, problems);
    orders(w, problems);
    return problems;
  }

  private static void jobs(CoffeeWorld w, List<String> problems) {
    w.env.tx().inNewTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT uuid, func_name, state, retry, exc_name, exc_message"
          + " FROM queue_job WHERE state <> 'done' ORDER BY id");
          ResultSet rs = ps.executeQuery()) {
        int shown = 0;
        int total = 0;
        while (rs.next()) {
          total++;
          if (shown++ < 20) {
            problems.add("job not done: " + rs.getString(1) + " " + rs.getString(2) + " state=" + rs.getString(3)
                + " retry=" + rs.getInt(4) + " " + rs.getString(5) + ": " + rs.getString(6));
          }
        }
        if (total > shown) {
          problems.add("... and " + (total - shown) + " more jobs not done");
        }
      }
      return null;
    });
  }

  private static void beverages(CoffeeWorld w, List<String> problems) {
    Map<String, List<Long>> bound = new HashMap<>();       // machine id -> local ids
    Map<Long, String> localNames = new HashMap<>();
    w.env.tx().inNewTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT external_id, local_id FROM connector_binding"
          + " WHERE backend_id = ? AND binding_model = ?")) {
        ps.setLong(1, w.backend.id());
        ps.setString(2, CoffeeAddon.BEVERAGE_BINDING);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            bound.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getLong(2));
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT id, name FROM coffee_beverage"); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          localNames.put(rs.getLong(1), rs.getString(2));
        }
      }
      return null;
    });
    Set<Long> boundLocals = new TreeSet<>();
    for (String id : w.machine.beverageIds()) {
      List<Long> locals = bound.getOrDefault(id, List.of());
      if (locals.isEmpty()) {
        problems.add("beverage lost: machine beverage " + id + " was never imported");
      } else if (locals.size() > 1) {
        problems.add("beverage duplicated: machine beverage " + id + " bound to local beverages " + locals);
      } else {
        long local = locals.get(0);
        boundLocals.add(local);
        String name = (String) w.machine.beverage(id).get("name");
        if (!name.equals(localNames.get(local))) {
          problems.add("beverage " + id + ": local #" + local + " is named '" + localNames.get(local) + "', machine says '" + name + "'");
        }
      }
    }
    for (Long local : new TreeSet<>(localNames.keySet())) {
      if (!boundLocals.contains(local)) {
        problems.add("beverage duplicated: local beverage #" + local + " '" + localNames.get(local)
            + "' is bound to no machine beverage");
      }
    }
  }

  private static void orders(CoffeeWorld w, List<String> problems) {
    Map<String, List<String>> onMachine = new TreeMap<>();   // customer -> machine order ids
    w.machine.orders().forEach((id, o) ->
        onMachine.computeIfAbsent(String.valueOf(o.get("customer")), k -> new ArrayList<>()).add(id));
    Map<Long, String[]> local = new HashMap<>();              // order id -> {external id, state}
    w.env.tx().inNewTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT o.id, b.external_id, o.state FROM coffee_order o"
          + " LEFT JOIN connector_binding b ON b.local_id = o.id AND b.binding_model = ? AND b.backend_id = ?")) {
        ps.setString(1, CoffeeAddon.ORDER_BINDING);
        ps.setLong(2, w.backend.id());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            local.put(rs.getLong(1), new String[] {rs.getString(2), rs.getString(3)});
          }
        }
      }
      return null;
    });
    w.placed.forEach((customer, orderId) -> {
      List<String> machineIds = onMachine.getOrDefault(customer, List.of());
      String[] l = local.get(orderId);
      if (l == null) {
        problems.add("order lost locally: order #" + orderId + " of " + customer + " is not in coffee_order");
        return;
      }
      if (machineIds.isEmpty()) {
        problems.add("order lost: local order #" + orderId + " (" + customer + ") is not on the machine");
      } else if (machineIds.size() > 1) {
        problems.add("order duplicated: local order #" + orderId + " (" + customer + ") is on the machine "
            + machineIds.size() + " times: " + machineIds);
      } else if (!machineIds.get(0).equals(l[0])) {
        problems.add("order #" + orderId + " (" + customer + ") is bound to '" + l[0] + "', the machine's order is " + machineIds.get(0));
      }
      if (!"sent".equals(l[1])) {
        problems.add("order #" + orderId + " (" + customer + ") is '" + l[1] + "' locally, expected 'sent'");
      }
    });
    onMachine.forEach((customer, ids) -> {
      if (!w.placed.containsKey(customer)) {
        problems.add("order nobody placed on the machine: " + customer + " " + ids);
      }
    });
    if (local.size() != w.placed.size()) {
      problems.add("local orders: " + local.size() + ", placed: " + w.placed.size());
    }
  }
}
