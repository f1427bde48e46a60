package com.awkhad.connector.queue.delay;

import com.awkhad.connector.queue.job.JobHandle;
import java.util.List;

/**
 * A piece of a job graph: one {@link Delayable}, or a {@link JobGraph#chain chain} or
 * {@link JobGraph#group group} of pieces.
 */
public interface GraphNode {
  /** The jobs that start this piece (what runs first). */
  List<Delayable> heads();

  /** The jobs that end this piece (what the next piece waits for). */
  List<Delayable> tails();

  /** Makes every head of each of {@code next} wait for every tail of this piece; returns this. */
  default GraphNode onDone(GraphNode... next) {
    for (GraphNode n : next) {
      for (Delayable tail : tails()) {
        for (Delayable head : n.heads()) {
          tail.addChild(head);
        }
      }
    }
    return this;
  }

  /**
   * Stores the whole graph this piece belongs to (every job connected to it), with one graph
   * uuid; jobs already stored are kept. Returns the handles in topological order.
   */
  default List<JobHandle> delay() {
    List<Delayable> roots = new java.util.ArrayList<>(heads());
    roots.addAll(tails());
    return roots.get(0).delayer().delayGraph(roots);
  }
}
