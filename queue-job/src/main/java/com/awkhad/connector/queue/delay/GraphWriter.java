package com.awkhad.connector.queue.delay;

import com.awkhad.connector.base.jdbc.Jdbc;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.job.JobState;
import com.awkhad.connector.queue.store.JobStore;
import com.awkhad.connector.queue.store.NewJob;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Stores a job graph in one transaction: one graph uuid, children in wait_dependencies, the
 * dependency edges, and the identity-key rules for graphs.
 */
final class GraphWriter {
  /** Builds the row of a new job. */
  interface RowFactory {
    NewJob newJob(PreparedJob p, String uuid, String graphUuid, JobState state);
  }

  private final JobStore store;

  GraphWriter(JobStore store) {
    this.store = store;
  }

  List<JobHandle> write(Connection conn, List<Delayable> ordered, Map<Delayable, PreparedJob> prepared, RowFactory rows)
      throws SQLException {
    // one graph uuid: the one of jobs already stored, else a new one
    String graphUuid = null;
    Map<String, JobRecord> storedRecords = new HashMap<>();
    for (Delayable d : ordered) {
      if (d.handle() != null) {
        JobRecord r = store.find(conn, d.handle().uuid()).orElseThrow(() ->
            new IllegalStateException("Job " + d.handle().uuid() + " of the graph no longer exists"));
        storedRecords.put(r.uuid(), r);
        if (r.graphUuid() != null) {
          if (graphUuid != null && !graphUuid.equals(r.graphUuid())) {
            throw new IllegalArgumentException("Cannot mix jobs of two graphs (" + graphUuid + " and " + r.graphUuid() + ")");
          }
          graphUuid = r.graphUuid();
        }
      }
    }
    if (graphUuid == null && ordered.size() > 1) {
      graphUuid = UUID.randomUUID().toString();
    }
    // as the original: when every job that has an identity key already has an open duplicate, store nothing
    List<Delayable> keyed = prepared.keySet().stream().filter(d -> prepared.get(d).identityKey() != null).toList();
    if (!keyed.isEmpty()) {
      Map<Delayable, JobRecord> duplicates = new HashMap<>();
      for (Delayable d : keyed) {
        store.findOpenByIdentityKey(conn, prepared.get(d).identityKey()).ifPresent(r -> duplicates.put(d, r));
      }
      if (duplicates.size() == keyed.size()) {
        duplicates.forEach((d, r) -> d.stored(new JobHandle(r.uuid(), r.graphUuid(), true)));
        return handles(ordered);
      }
    }
    for (Delayable d : ordered) {
      PreparedJob p = prepared.get(d);
      if (p == null) {
        continue; // stored earlier; edges from new parents are added below
      }
      boolean waits = false;
      for (Delayable parent : d.parents()) {
        JobRecord pr = parent.handle() == null ? null : storedRecords.get(parent.handle().uuid());
        waits |= pr == null || pr.state() != JobState.DONE;
      }
      JobHandle h = store.insert(conn, rows.newJob(p, UUID.randomUUID().toString(), graphUuid,
          waits ? JobState.WAIT_DEPENDENCIES : JobState.PENDING));
      d.stored(h);
      if (h.existing()) {
        continue; // an open job with the same identity key stands in for this one and keeps its own schedule
      }
      for (Delayable parent : d.parents()) {
        store.addDependency(conn, parent.handle().uuid(), h.uuid());
      }
    }
    // jobs stored earlier that gained new parents wait for them
    for (Delayable d : ordered) {
      if (prepared.containsKey(d) || d.handle().existing()) {
        continue;
      }
      List<Delayable> newParents = d.parents().stream().filter(prepared::containsKey).toList();
      for (Delayable parent : newParents) {
        store.addDependency(conn, parent.handle().uuid(), d.handle().uuid());
      }
      if (!newParents.isEmpty()) {
        Jdbc.update(conn, "UPDATE queue_job SET state = 'wait_dependencies' WHERE uuid = ? AND state = 'pending'",
            d.handle().uuid());
      }
    }
    return handles(ordered);
  }

  static List<JobHandle> handles(List<Delayable> ordered) {
    return ordered.stream().map(Delayable::handle).filter(h -> h != null).toList();
  }

  /** Kahn's order, ties broken by priority then creation order. */
  static List<Delayable> topological(List<Delayable> nodes) {
    Map<Delayable, Integer> waiting = new HashMap<>();
    java.util.PriorityQueue<Delayable> ready = new java.util.PriorityQueue<>(
        Comparator.<Delayable>comparingInt(d -> d.options().priorityOrDefault()).thenComparingLong(Delayable::sequence));
    for (Delayable d : nodes) {
      waiting.put(d, d.parents().size());
      if (d.parents().isEmpty()) {
        ready.add(d);
      }
    }
    List<Delayable> out = new ArrayList<>();
    while (!ready.isEmpty()) {
      Delayable d = ready.poll();
      out.add(d);
      for (Delayable child : d.children()) {
        if (waiting.merge(child, -1, Integer::sum) == 0) {
          ready.add(child);
        }
      }
    }
    if (out.size() != nodes.size()) {
      throw new IllegalArgumentException("The job graph has a cycle: a job cannot (indirectly) wait for itself");
    }
    return out;
  }
}
