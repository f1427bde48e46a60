package com.awkhad.connector.queue.delay;

import java.util.ArrayList;
import java.util.List;

/**
 * Combines {@link Delayable}s into graphs: a {@link #chain} runs its pieces one after the other,
 * a {@link #group} in parallel. They nest, and {@code onDone} links them.
 *
 * <pre>{@code
 * // 1 and 2 in parallel, then 3 and 4 in parallel once both are done
 * JobGraph.chain(JobGraph.group(j1, j2), JobGraph.group(j3, j4)).delay();
 * // diamond: 1, then 2 and 3, then 4
 * JobGraph.chain(j1, JobGraph.group(j2, j3), j4).delay();
 * }</pre>
 */
public final class JobGraph implements GraphNode {
  private final List<Delayable> heads;
  private final List<Delayable> tails;

  private JobGraph(List<Delayable> heads, List<Delayable> tails) {
    this.heads = List.copyOf(heads);
    this.tails = List.copyOf(tails);
  }

  /** Each piece waits for the previous one. */
  public static JobGraph chain(GraphNode... pieces) {
    if (pieces.length == 0) {
      throw new IllegalArgumentException("chain() needs at least one job");
    }
    for (int i = 1; i < pieces.length; i++) {
      pieces[i - 1].onDone(pieces[i]);
    }
    return new JobGraph(pieces[0].heads(), pieces[pieces.length - 1].tails());
  }

  /** The pieces run in parallel; what follows the group waits for all of them. */
  public static JobGraph group(GraphNode... pieces) {
    if (pieces.length == 0) {
      throw new IllegalArgumentException("group() needs at least one job");
    }
    List<Delayable> heads = new ArrayList<>();
    List<Delayable> tails = new ArrayList<>();
    for (GraphNode p : pieces) {
      heads.addAll(p.heads());
      tails.addAll(p.tails());
    }
    return new JobGraph(heads, tails);
  }

  @Override
  public List<Delayable> heads() {
    return heads;
  }

  @Override
  public List<Delayable> tails() {
    return tails;
  }

  @Override
  public JobGraph onDone(GraphNode... next) {
    GraphNode.super.onDone(next);
    return this;
  }
}
