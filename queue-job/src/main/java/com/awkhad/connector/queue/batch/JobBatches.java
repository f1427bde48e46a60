package com.awkhad.connector.queue.batch;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.base.jdbc.Jdbc;
import com.awkhad.connector.queue.store.JobStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Named batches of jobs and their progress (the original's {@code queue_job_batch}). The jobs
 * delayed while a batch is open on the thread join it, and so do the jobs those jobs delay when
 * they run: a batch import's record imports are in the batch of the import.
 *
 * <pre>{@code
 * JobBatches batches = JobBatches.of(env);
 * long id = batches.create("Import every coffee.product from backend 'shop'");
 * try (JobBatches.Scope scope = JobBatches.open(id)) {
 *   queue.delay(ConnectorJobs.class, options).importBatch(backendId, "coffee.product", Map.of());
 * }
 * JobBatch b = batches.find(id).orElseThrow(); // b.state(), b.done(), b.failed(), b.total()
 * }</pre>
 */
public final class JobBatches {
  private static final ThreadLocal<Long> CURRENT = new ThreadLocal<>();
  private static final String SELECT = "SELECT b.id, b.name, b.date_created, COUNT(j.id) AS total,"
      + " SUM(CASE WHEN j.state IN ('wait_dependencies', 'pending', 'enqueued', 'started') THEN 1 ELSE 0 END) AS waiting,"
      + " SUM(CASE WHEN j.state = 'done' THEN 1 ELSE 0 END) AS done,"
      + " SUM(CASE WHEN j.state = 'failed' THEN 1 ELSE 0 END) AS failed,"
      + " SUM(CASE WHEN j.state = 'cancelled' THEN 1 ELSE 0 END) AS cancelled,"
      + " MAX(j.date_done) AS last_done"
      + " FROM queue_job_batch b LEFT JOIN queue_job j ON j.batch_id = b.id";
  private static final String GROUP = " GROUP BY b.id, b.name, b.date_created";

  private final Environment env;

  private JobBatches(Environment env) {
    this.env = env;
  }

  /** The batches of {@code env} (one instance per environment). */
  public static JobBatches of(Environment env) {
    synchronized (env) {
      try {
        return env.service(JobBatches.class);
      } catch (IllegalStateException absent) {
        JobBatches b = new JobBatches(env);
        env.register(JobBatches.class, b);
        return b;
      }
    }
  }

  /**
   * Creates an empty batch named {@code name} and returns its id.
   *
   * @throws IllegalArgumentException when the name is blank or longer than 256 characters
   */
  public long create(String name) {
    if (name == null || name.isBlank() || name.length() > 256) {
      throw new IllegalArgumentException("A job batch needs a name of 1 to 256 characters, got '" + name + "'");
    }
    Instant now = env.service(JobStore.class).now(); // the queue's clock (QueueJobAddon registers its store)
    return env.tx().inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO queue_job_batch (name, date_created) VALUES (?, ?)",
          new String[] {"id"})) {
        ps.setString(1, name.strip());
        ps.setObject(2, now.atOffset(ZoneOffset.UTC));
        ps.executeUpdate();
        try (ResultSet rs = ps.getGeneratedKeys()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
  }

  /** Deletes batch {@code id} when it has no job (a batch whose only job was an existing one). */
  public boolean deleteIfEmpty(long id) {
    return env.tx().inTransaction(c -> Jdbc.update(c, "DELETE FROM queue_job_batch WHERE id = ?"
        + " AND NOT EXISTS (SELECT 1 FROM queue_job WHERE batch_id = ?)", id, id) == 1);
  }

  /** Batch {@code id} with its progress. */
  public Optional<JobBatch> find(long id) {
    return env.tx().inTransaction(c -> Jdbc.queryOne(c, SELECT + " WHERE b.id = ?" + GROUP, JobBatches::read, id));
  }

  /** The newest {@code limit} batches with their progress, newest first. */
  public List<JobBatch> list(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    return env.tx().inTransaction(c -> Jdbc.queryList(c, SELECT + " WHERE b.id IN (SELECT id FROM queue_job_batch"
        + " ORDER BY id DESC LIMIT " + limit + ")" + GROUP + " ORDER BY b.id DESC", JobBatches::read));
  }

  /**
   * The newest batch named exactly {@code name}, with its progress (names need not be unique: an
   * import run repeated gives the same name to each of its batches).
   */
  public Optional<JobBatch> findNamed(String name) {
    return env.tx().inTransaction(c -> {
      List<JobBatch> found = Jdbc.queryList(c, SELECT + " WHERE b.id = (SELECT MAX(id) FROM queue_job_batch WHERE name = ?)"
          + GROUP, JobBatches::read, name);
      return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    });
  }

  /** The first {@code limit} jobs of batch {@code id}, in the order they were created. */
  public List<BatchJob> jobs(long id, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    return env.tx().inTransaction(c -> {
      List<BatchJob> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT uuid, state, description, exc_name, date_created FROM queue_job"
          + " WHERE batch_id = ? ORDER BY id")) {
        ps.setLong(1, id);
        ps.setMaxRows(limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new BatchJob(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Jdbc.instant(rs, "date_created")));
          }
        }
      }
      return out;
    });
  }

  /** The uuids of batch {@code id}'s jobs by state, for a detail view. */
  public Map<String, List<String>> jobsByState(long id, int limitPerState) {
    return env.tx().inTransaction(c -> {
      Map<String, List<String>> out = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT state, uuid FROM queue_job WHERE batch_id = ? ORDER BY id")) {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            List<String> l = out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>());
            if (l.size() < limitPerState) {
              l.add(rs.getString(2));
            }
          }
        }
      }
      return out;
    });
  }

  private static JobBatch read(ResultSet rs) throws SQLException {
    return new JobBatch(rs.getLong("id"), rs.getString("name"), Jdbc.instant(rs, "date_created"), rs.getLong("total"),
        rs.getLong("waiting"), rs.getLong("done"), rs.getLong("failed"), rs.getLong("cancelled"),
        Jdbc.instant(rs, "last_done"));
  }

  /** The batch open on this thread (the running job's, or one {@link #open}ed), if any. */
  public static Optional<Long> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /** Makes batch {@code id} current on this thread until the scope closes; null opens none. */
  public static Scope open(Long id) {
    Long previous = CURRENT.get();
    if (id == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(id);
    }
    return () -> {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    };
  }

  /** Ends an {@link #open}ed batch. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
