package com.awkhad.connector.coffee;

import com.awkhad.connector.base.addon.BaseAddon;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.coffee.simulator.CoffeeMachineSimulator;
import com.awkhad.connector.component.ComponentAddon;
import com.awkhad.connector.component.event.ComponentEventAddon;
import com.awkhad.connector.framework.ConnectorAddon;
import com.awkhad.connector.framework.backend.Backend;
import com.awkhad.connector.framework.backend.Secret;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.QueueJobAddon;
import com.awkhad.connector.queue.read.JobFilter;
import com.awkhad.connector.queue.exec.Outcome;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.job.JobState;
import com.awkhad.connector.testkit.TestDb;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A started environment with connector_coffee, a simulator on loopback and a coffee backend on it. */
final class CoffeeFixture implements AutoCloseable {
  static final String TOKEN = "brew-T0ken-7";

  final Environment env;
  final CoffeeMachineSimulator machine;
  final Backend backend;
  final Queue queue;

  private CoffeeFixture(Environment env, CoffeeMachineSimulator machine) {
    this.env = env;
    this.machine = machine;
    this.queue = env.service(Queue.class);
    this.backend = CoffeeBackends.create(env, "Kitchen machine", machine.url(), "barista", Secret.of(TOKEN));
  }

  static CoffeeFixture start(TestDb db) {
    return start(db, Duration.ofMillis(200));
  }

  /** With orders brewing for {@code brewTime} on the machine. */
  static CoffeeFixture start(TestDb db, Duration brewTime) {
    return start(db, CoffeeMachineSimulator.builder().token(TOKEN).brewTime(brewTime));
  }

  /** With the machine {@code machine} builds (give it the {@link #TOKEN}). */
  static CoffeeFixture start(TestDb db, CoffeeMachineSimulator.Builder machine) {
    Environment env = Environment.start(DatabaseConfig.of(db.url(), db.user(), db.password()), List.of(
        new BaseAddon(), new QueueJobAddon(), new ComponentAddon(), new ComponentEventAddon(), new ConnectorAddon(),
        new CoffeeAddon()));
    return new CoffeeFixture(env, machine.start());
  }

  /** Runs the pending jobs, oldest first, until none is left; returns the outcomes in order. */
  List<Outcome> runPendingJobs() {
    List<Outcome> outcomes = new ArrayList<>();
    for (int round = 0; round < 50; round++) {
      List<JobRecord> pending = new ArrayList<>(queue.admin().list(JobFilter.all().state(JobState.PENDING), 1000));
      if (pending.isEmpty()) {
        return outcomes;
      }
      pending.sort(Comparator.comparing(JobRecord::id));
      for (JobRecord job : pending) {
        outcomes.add(queue.executor().runNow(job.uuid()));
      }
    }
    throw new AssertionError("Jobs still pending after 50 rounds: " + queue.admin().countByState());
  }

  @Override
  public void close() {
    machine.close();
    env.close();
  }
}
