package com.awkhad.connector.queue.delay;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.exec.JobMethods;
import com.awkhad.connector.queue.exec.JobTargets;
import com.awkhad.connector.queue.job.JobError;
import com.awkhad.connector.queue.job.JobFunction;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobJson;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.job.JobState;
import com.awkhad.connector.queue.store.JobFunctions;
import com.awkhad.connector.queue.store.JobStore;
import com.awkhad.connector.queue.store.NewJob;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Turns recorded calls into jobs: checks and serializes the arguments, resolves the options,
 * and stores the jobs in the caller's transaction (or sends them to an installed
 * {@link Capture}, or runs them inline in no-delay mode). Reached through the {@code Queue}
 * facade; this is its engine.
 */
public final class Delayer {
  /** Environment variable that makes every delayed call run inline (value {@code 1} or {@code true}). */
  public static final String NO_DELAY_ENV = "CONNECTOR_QUEUE_NO_DELAY";

  private final Environment env;
  private final JobStore store;
  private final JobFunctions functions;
  private final JobTargets targets;
  private final boolean noDelayConfigured;
  private final ThreadLocal<int[]> noDelayDepth = ThreadLocal.withInitial(() -> new int[1]);
  private final ThreadLocal<Capture> capture = new ThreadLocal<>();

  public Delayer(Environment env, JobStore store, JobFunctions functions, JobTargets targets, boolean noDelayConfigured) {
    this.env = env;
    this.store = store;
    this.functions = functions;
    this.targets = targets;
    this.noDelayConfigured = noDelayConfigured;
  }

  /** A stand-in for {@code type}: each public method call on it stores a job at once. */
  public <T> T proxy(Class<T> type, JobOptions options) {
    return DelayProxies.create(type, (self, method, args) -> {
      DelayProxies.checkMethod(type, method);
      delay(new Call(type, method, args), options);
      return defaultValue(method.getReturnType());
    });
  }

  /**
   * Records the single call {@code body} makes on a stand-in for {@code type}.
   *
   * @throws IllegalArgumentException when {@code body} makes no call or several
   */
  public <T> Call record(Class<T> type, Consumer<? super T> body) {
    List<Call> calls = new ArrayList<>();
    T recorder = DelayProxies.create(type, (self, method, args) -> {
      DelayProxies.checkMethod(type, method);
      calls.add(new Call(type, method, args));
      return defaultValue(method.getReturnType());
    });
    body.accept(recorder);
    if (calls.size() != 1) {
      throw new IllegalArgumentException("The job lambda must call exactly one public method of " + type.getSimpleName()
          + " on its argument; it made " + calls.size() + " call(s)" + (calls.isEmpty() ? "" : ": "
          + calls.stream().map(Call::shortName).toList()));
    }
    return calls.get(0);
  }

  /** A job of a graph, not stored until the graph is delayed. */
  public <T> Delayable delayable(Class<T> type, JobOptions options, Consumer<? super T> body) {
    return new Delayable(this, record(type, body), options);
  }

  /** Stores one job for {@code call} (or captures it, or runs it inline in no-delay mode). */
  public JobHandle delay(Call call, JobOptions options) {
    PreparedJob job = prepare(call, options);
    Capture c = capture.get();
    if (c != null) {
      return c.capture(job, null, List.of());
    }
    if (noDelayActive()) {
      runInline(call);
      return new JobHandle(UUID.randomUUID().toString(), null, false);
    }
    return env.tx().inTransaction(conn -> store.insert(conn, newJob(job, UUID.randomUUID().toString(), null, JobState.PENDING)));
  }

  /**
   * Checks {@code call} and resolves its options: the method is a job method, every argument
   * serializes to JSON and reads back as its parameter type.
   *
   * @throws IllegalArgumentException naming the argument or the method at fault
   */
  public PreparedJob prepare(Call call, JobOptions options) {
    Method method = call.method();
    try {
      Method resolved = JobMethods.resolve(call.type(), method.getName(), method.getParameterCount());
      if (!resolved.equals(method) && !sameSignature(resolved, method)) {
        throw new NoSuchMethodException("resolves to another method: " + resolved);
      }
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException("Cannot delay " + call.shortName() + ": " + e.getMessage(), e);
    }
    if (!targets.canInstantiate(call.type())) {
      throw new IllegalArgumentException("Cannot delay " + call.shortName() + ": the queue could not create a "
          + call.type().getSimpleName() + " to run it. Give it a public constructor taking an Environment (or no"
          + " argument), or register a factory: queue.targets().register(" + call.type().getSimpleName()
          + ".class, env -> ...)");
    }
    String args = serialize(call);
    String funcName = call.funcName();
    JobOptions opts = options == null ? JobOptions.defaults() : options;
    String channel = opts.channel();
    if (channel == null) {
      JobFunction f = env.tx().inTransaction(c -> functions.get(c, funcName));
      channel = f.channelOrRoot();
    }
    String identityKey = opts.isIdentityExact() ? identityExact(funcName, args) : opts.identityKey();
    String description = opts.description() != null ? opts.description() : call.shortName();
    return new PreparedJob(call, opts, funcName, description, args, opts.priorityOrDefault(), opts.etaFrom(store.now()),
        opts.maxRetriesOrDefault(), channel, identityKey);
  }

  private static boolean sameSignature(Method a, Method b) {
    return a.getName().equals(b.getName()) && java.util.Arrays.equals(a.getParameterTypes(), b.getParameterTypes());
  }

  /** The JSON array of the call's arguments, each checked to read back as its parameter type. */
  static String serialize(Call call) {
    Method method = call.method();
    Parameter[] params = method.getParameters();
    ArrayNode array = JobJson.mapper().createArrayNode();
    for (int i = 0; i < params.length; i++) {
      Object value = call.args().get(i);
      String what = "argument " + (i + 1) + " '" + params[i].getName() + "' of " + call.shortName()
          + (value == null ? "" : " (a " + value.getClass().getName() + ")");
      JsonNode node;
      try {
        node = JobJson.mapper().valueToTree(value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Cannot delay " + call.shortName() + ": " + what
            + " cannot be serialized to JSON: " + rootMessage(e) + ". Pass ids or plain values (numbers, strings,"
            + " records, lists, maps, dates), not live objects", e);
      }
      try {
        JobJson.mapper().treeToValue(node, JobJson.mapper().getTypeFactory().constructType(params[i].getParameterizedType()));
      } catch (JsonProcessingException | IllegalArgumentException e) {
        throw new IllegalArgumentException("Cannot delay " + call.shortName() + ": " + what
            + " serializes to " + abbreviate(node.toString()) + " but cannot be read back as "
            + params[i].getParameterizedType().getTypeName() + ": " + rootMessage(e)
            + ". Give the type a constructor Jackson can use (a record works), or pass simpler values", e);
      }
      array.add(node);
    }
    return array.toString();
  }

  /** SHA-1 of the function name and its JSON arguments: the "identity exact" key. */
  public static String identityExact(String funcName, String argsJson) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(funcName.getBytes(StandardCharsets.UTF_8));
      sha1.update((byte) 0);
      sha1.update(argsJson.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha1.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is not available in this JVM", e);
    }
  }

  // ------------------------------------------------------------------ graphs

  List<JobHandle> delayGraph(List<Delayable> roots) {
    for (Delayable d : roots) {
      if (d.delayer() != this) {
        throw new IllegalArgumentException("Cannot delay a graph mixing jobs of two queues");
      }
    }
    List<Delayable> ordered = topological(Delayable.component(roots));
    List<Delayable> fresh = ordered.stream().filter(d -> d.handle() == null).toList();
    if (fresh.isEmpty()) {
      return handles(ordered);
    }
    Map<Delayable, PreparedJob> prepared = new LinkedHashMap<>();
    for (Delayable d : fresh) {
      prepared.put(d, prepare(d.call(), d.options()));
    }
    Capture c = capture.get();
    if (c != null) {
      String graphUuid = ordered.size() > 1 ? UUID.randomUUID().toString() : null;
      for (Delayable d : fresh) {
        d.stored(c.capture(prepared.get(d), graphUuid, d.parents().stream().map(Delayable::handle).toList()));
      }
      return handles(ordered);
    }
    if (noDelayActive()) {
      for (Delayable d : fresh) {
        runInline(d.call());
        d.stored(new JobHandle(UUID.randomUUID().toString(), null, false));
      }
      return handles(ordered);
    }
    return env.tx().inTransaction(conn -> storeGraph(conn, ordered, prepared));
  }

  private List<JobHandle> storeGraph(Connection conn, List<Delayable> ordered, Map<Delayable, PreparedJob> prepared)
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
      JobHandle h = store.insert(conn, newJob(p, UUID.randomUUID().toString(), graphUuid,
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
        try (var ps = conn.prepareStatement(
            "UPDATE queue_job SET state = 'wait_dependencies' WHERE uuid = ? AND state = 'pending'")) {
          ps.setString(1, d.handle().uuid());
          ps.executeUpdate();
        }
      }
    }
    return handles(ordered);
  }

  private static List<JobHandle> handles(List<Delayable> ordered) {
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

  // ------------------------------------------------------------------ modes

  /** Runs {@code call} now on this thread, in the current transaction (or a new one). */
  public Object runInline(Call call) {
    return env.tx().inTransaction(c -> {
      Object target = targets.instantiate(call.type());
      Method m = call.method();
      try {
        if (!m.canAccess(target)) {
          m.setAccessible(true);
        }
        return m.invoke(target, call.args().toArray());
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException re) {
          throw re;
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw new JobError(call.shortName() + " failed: " + cause, cause);
      }
    });
  }

  /**
   * From now until {@code close()}, delayed calls on this thread run inline instead of being
   * stored (graphs in topological order). Also enabled for every thread by the environment
   * variable {@value #NO_DELAY_ENV}.
   */
  public AutoCloseable noDelay() {
    int[] depth = noDelayDepth.get();
    depth[0]++;
    boolean[] closed = {false};
    return () -> {
      if (!closed[0]) {
        closed[0] = true;
        depth[0]--;
      }
    };
  }

  public boolean noDelayActive() {
    return noDelayConfigured || noDelayDepth.get()[0] > 0;
  }

  /** Sends this thread's delayed calls to {@code c} until {@code close()}. */
  public AutoCloseable capture(Capture c) {
    Capture previous = capture.get();
    capture.set(c);
    return () -> {
      if (previous == null) {
        capture.remove();
      } else {
        capture.set(previous);
      }
    };
  }

  /** The job's target instantiation, for helpers that run captured jobs. */
  public JobTargets targets() {
    return targets;
  }

  public Optional<Capture> currentCapture() {
    return Optional.ofNullable(capture.get());
  }

  private NewJob newJob(PreparedJob p, String uuid, String graphUuid, JobState state) {
    Instant now = store.now();
    return new NewJob(uuid, graphUuid, p.description(), p.funcName(), p.call().type().getName(),
        p.call().method().getName(), p.args(), state, p.priority(), p.eta(), p.maxRetries(), p.channel(),
        p.identityKey(), now);
  }

  private static Object defaultValue(Class<?> type) {
    if (!type.isPrimitive() || type == void.class) {
      return null;
    }
    if (type == boolean.class) return false;
    if (type == char.class) return '\0';
    if (type == long.class) return 0L;
    if (type == float.class) return 0f;
    if (type == double.class) return 0d;
    if (type == byte.class) return (byte) 0;
    if (type == short.class) return (short) 0;
    return 0;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t instanceof JsonProcessingException j ? j.getOriginalMessage() : t.getMessage();
    return m == null ? t.toString() : m;
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}
