package com.awkhad.connector.queue.delay;

import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobOptions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One job of a graph, not stored yet. Build graphs with {@link #onDone}, {@link JobGraph#chain}
 * and {@link JobGraph#group}, then call {@link #delay()} on any piece: the whole graph is stored
 * at once, with one graph uuid.
 *
 * <pre>{@code
 * Delayable fetch = queue.delayable(Importer.class, i -> i.fetchCatalog(backendId));
 * Delayable a = queue.delayable(Importer.class, i -> i.importProduct(1));
 * Delayable b = queue.delayable(Importer.class, JobOptions.defaults().priority(5), i -> i.importProduct(2));
 * fetch.onDone(JobGraph.group(a, b)).delay(); // a and b wait until fetch is done
 * }</pre>
 */
public final class Delayable implements GraphNode {
  private final Delayer delayer;
  private final Call call;
  private JobOptions options;
  private final Set<Delayable> parents = new LinkedHashSet<>();
  private final Set<Delayable> children = new LinkedHashSet<>();
  private JobHandle handle;
  private static final java.util.concurrent.atomic.AtomicLong SEQUENCE = new java.util.concurrent.atomic.AtomicLong();
  private final long sequence = SEQUENCE.incrementAndGet();

  Delayable(Delayer delayer, Call call, JobOptions options) {
    this.delayer = delayer;
    this.call = call;
    this.options = options;
  }

  public Call call() {
    return call;
  }

  public JobOptions options() {
    return options;
  }

  /** Replaces options of this job not stored yet (those set in {@code more} win). */
  public Delayable set(JobOptions more) {
    if (handle != null) {
      throw new IllegalStateException("Job " + handle.uuid() + " is already stored: its options cannot change");
    }
    options = options.merge(more);
    return this;
  }

  /** The stored job's handle, once the graph was delayed; null before. */
  public JobHandle handle() {
    return handle;
  }

  @Override
  public List<Delayable> heads() {
    return List.of(this);
  }

  @Override
  public List<Delayable> tails() {
    return List.of(this);
  }

  @Override
  public Delayable onDone(GraphNode... next) {
    GraphNode.super.onDone(next);
    return this;
  }

  void addChild(Delayable child) {
    if (child == this) {
      throw new IllegalArgumentException("A job cannot wait for itself: " + call.shortName());
    }
    if (child.delayer != delayer) {
      throw new IllegalArgumentException("Cannot link jobs of two different queues");
    }
    children.add(child);
    child.parents.add(this);
  }

  Set<Delayable> parents() {
    return parents;
  }

  Set<Delayable> children() {
    return children;
  }

  Delayer delayer() {
    return delayer;
  }

  void stored(JobHandle h) {
    this.handle = h;
  }

  /** Creation order, the tie-break between jobs of equal priority. */
  long sequence() {
    return sequence;
  }

  /** Every job connected to one of {@code roots}, in no particular order. */
  static List<Delayable> component(List<Delayable> roots) {
    List<Delayable> out = new ArrayList<>();
    Set<Delayable> seen = new LinkedHashSet<>();
    List<Delayable> todo = new ArrayList<>(roots);
    while (!todo.isEmpty()) {
      Delayable d = todo.remove(todo.size() - 1);
      if (seen.add(d)) {
        out.add(d);
        todo.addAll(d.parents);
        todo.addAll(d.children);
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "Delayable[" + call.shortName() + (handle == null ? "" : " " + handle.uuid()) + "]";
  }
}
