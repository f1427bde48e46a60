package com.awkhad.connector.queue.delay;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.exec.JobMethods;
import com.awkhad.connector.queue.function.PerModelJobs;
import com.awkhad.connector.queue.exec.JobTargets;
import com.awkhad.connector.queue.job.JobError;
import com.awkhad.connector.queue.job.JobFunction;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.queue.job.JobContext;
import com.awkhad.connector.queue.job.JobState;
import com.awkhad.connector.queue.store.JobFunctions;
import com.awkhad.connector.queue.store.JobStore;
import com.awkhad.connector.queue.store.NewJob;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.ArrayList;
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
  private final ThreadLocal<Batch> batch = new ThreadLocal<>();
  /** Methods already checked to resolve to themselves (the check reads every public method). */
  private final Map<TypeMethod, Boolean> resolvable = new java.util.concurrent.ConcurrentHashMap<>();

  private record TypeMethod(Class<?> type, Method method) {}

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
    Batch b = batch.get();
    if (b != null && (job.identityKey() == null || b.keyed) && b.joins(env.tx().current().orElse(null))) {
      return b.add(newJob(job, UUID.randomUUID().toString(), null, JobState.PENDING));
    }
    return env.tx().inTransaction(conn -> store.insert(conn, newJob(job, UUID.randomUUID().toString(), null, JobState.PENDING)));
  }

  /**
   * Runs {@code body} in the current transaction (or a new one), storing the jobs it delays
   * without identity key in multi-row inserts: when {@value #BATCH_FLUSH_SIZE} are waiting and
   * when {@code body} returns, still inside the transaction. Jobs with an identity key, graphs
   * and jobs delayed in another transaction are stored at once as usual. A nested call joins the
   * outer batch. When {@code body} throws, the waiting jobs are dropped and the exception
   * propagates (the transaction rolls back).
   *
   * <p>A job delayed in the batch has its uuid at once but is written later: a query in the
   * batch does not see it yet, and a savepoint rolled back inside the batch does not undo it.
   */
  public void batch(Runnable body) {
    if (batch.get() != null) {
      body.run();
      return;
    }
    inBatch(false, body);
  }

  /**
   * Like {@link #batch}, and the jobs with an identity key wait too, so that a listing's
   * per-record jobs (each keyed) are stored in a few statements rather than one each. Inside the
   * body, {@code delay} returns for each job a <em>provisional</em> handle: its own uuid, and
   * {@code existing} false even when an open job holds its key. The handles this method returns,
   * one per job delayed in the body, in order, are exact: a job whose key was taken (by an open
   * job, or by an earlier job of the body) was not stored, and its handle is that job's. Nested
   * in another batch, that batch's waiting jobs are stored first, and it goes on afterwards.
   *
   * <pre>{@code
   * List<JobHandle> handles = queue.batchKeyed(() -> ids.forEach(id ->
   *     queue.delay(ProductImporter.class, JobOptions.defaults().identityExact()).importRecord(id)));
   * long queued = handles.stream().filter(h -> !h.existing()).count();
   * }</pre>
   */
  public List<JobHandle> batchKeyed(Runnable body) {
    Batch outer = batch.get();
    if (outer != null) {
      outer.flush();
    }
    return inBatch(true, body);
  }

  /**
   * Runs {@code body} in the current transaction (or a new one) with a batch of its own, stored
   * when it returns; the thread's previous batch, if any, is the current one again afterwards.
   * Returns the handles of a {@code keyed} batch (none for another).
   */
  private List<JobHandle> inBatch(boolean keyed, Runnable body) {
    Batch outer = batch.get();
    try {
      return env.tx().inTransaction(conn -> {
        Batch b = new Batch(conn, keyed);
        batch.set(b);
        body.run();
        b.flush();
        return List.copyOf(b.handles);
      });
    } finally {
      if (outer != null) {
        batch.set(outer);
      } else {
        batch.remove();
      }
    }
  }

  /** Jobs buffered before a multi-row insert. */
  public static final int BATCH_FLUSH_SIZE = 1024;

  /** The jobs of a running {@link #batch} not written yet, and the connection they belong to. */
  private final class Batch {
    private final java.sql.Connection connection;
    /** Whether jobs with an identity key wait too ({@link #batchKeyed}). */
    final boolean keyed;
    private final List<NewJob> waiting = new ArrayList<>();
    /** The exact handles of the jobs stored so far ({@link #batchKeyed} only). */
    final List<JobHandle> handles = new ArrayList<>();

    Batch(java.sql.Connection connection, boolean keyed) {
      this.connection = connection;
      this.keyed = keyed;
    }

    boolean joins(java.sql.Connection current) {
      return current == connection;
    }

    JobHandle add(NewJob job) {
      waiting.add(job);
      if (waiting.size() >= BATCH_FLUSH_SIZE) {
        flush();
      }
      return new JobHandle(job.uuid(), null, false);
    }

    void flush() {
      if (waiting.isEmpty()) {
        return;
      }
      List<NewJob> jobs = List.copyOf(waiting);
      waiting.clear();
      if (keyed) {
        handles.addAll(env.tx().inTransaction(conn -> store.insertAllKeyed(conn, jobs)));
      } else {
        env.tx().run(conn -> store.insertAll(conn, jobs));
      }
    }
  }

  /**
   * Checks {@code call} and resolves its options: the method is a job method, every argument
   * serializes to JSON and reads back as its parameter type.
   *
   * @throws IllegalArgumentException naming the argument or the method at fault
   */
  public PreparedJob prepare(Call call, JobOptions options) {
    Method method = call.method();
    if (!resolvable.containsKey(new TypeMethod(call.type(), method))) {
      try {
        Method resolved = JobMethods.resolve(call.type(), method.getName(), method.getParameterCount());
        if (!resolved.equals(method) && !sameSignature(resolved, method)) {
          throw new NoSuchMethodException("resolves to another method: " + resolved);
        }
      } catch (NoSuchMethodException e) {
        throw new IllegalArgumentException("Cannot delay " + call.shortName() + ": " + e.getMessage(), e);
      }
      resolvable.put(new TypeMethod(call.type(), method), Boolean.TRUE);
    }
    if (!targets.canInstantiate(call.type())) {
      throw new IllegalArgumentException("Cannot delay " + call.shortName() + ": the queue could not create a "
          + call.type().getSimpleName() + " to run it. Give it a public constructor taking an Environment (or no"
          + " argument), or register a factory: queue.targets().register(" + call.type().getSimpleName()
          + ".class, env -> ...)");
    }
    String args = JobArguments.toJson(call);
    JobOptions opts = options == null ? JobOptions.defaults() : options;
    String funcName = funcName(call, opts);
    String channel = opts.channel();
    Integer maxRetries = opts.maxRetries();
    if (channel == null || maxRetries == null) {
      JobFunction f = env.tx().inTransaction(c -> functions.get(c, funcName));
      channel = channel == null ? f.channelOrRoot() : channel;
      maxRetries = maxRetries == null ? f.maxRetriesOrDefault() : maxRetries;
    }
    String identityKey = opts.isIdentityExact() ? JobArguments.identityExact(funcName, args) : opts.identityKey();
    String description = opts.description() != null ? opts.description() : call.shortName();
    return new PreparedJob(call, opts, funcName, description, args, opts.priorityOrDefault(), opts.etaFrom(store.now()),
        maxRetries, channel, identityKey);
  }

  /**
   * The job function of {@code call}: {@code <model>.method} when the options name a model, else
   * {@code <class>.method}.
   *
   * @throws IllegalArgumentException when the target is {@link PerModelJobs} and no model is given
   */
  public static String funcName(Call call, JobOptions options) {
    if (options.model() != null) {
      return JobFunction.nameOf(options.model(), call.method().getName());
    }
    if (PerModelJobs.class.isAssignableFrom(call.type())) {
      throw new IllegalArgumentException("Cannot delay " + call.shortName() + " without a model: the job functions of "
          + call.type().getSimpleName() + " are per model, so that each connector's jobs keep their own settings."
          + " Pass it in the options: JobOptions.defaults().model(\"<binding model>\")");
    }
    return call.funcName();
  }

  /** The JSON array of {@code call}'s arguments, as stored. */
  public static String argsJson(Call call) {
    return JobArguments.toJson(call);
  }

  private static boolean sameSignature(Method a, Method b) {
    return a.getName().equals(b.getName()) && java.util.Arrays.equals(a.getParameterTypes(), b.getParameterTypes());
  }

  // ------------------------------------------------------------------ graphs

  List<JobHandle> delayGraph(List<Delayable> roots) {
    for (Delayable d : roots) {
      if (d.delayer() != this) {
        throw new IllegalArgumentException("Cannot delay a graph mixing jobs of two queues");
      }
    }
    List<Delayable> ordered = GraphWriter.topological(Delayable.component(roots));
    List<Delayable> fresh = ordered.stream().filter(d -> d.handle() == null).toList();
    if (fresh.isEmpty()) {
      return GraphWriter.handles(ordered);
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
      return GraphWriter.handles(ordered);
    }
    if (noDelayActive()) {
      for (Delayable d : fresh) {
        runInline(d.call());
        d.stored(new JobHandle(UUID.randomUUID().toString(), null, false));
      }
      return GraphWriter.handles(ordered);
    }
    return env.tx().inTransaction(conn -> new GraphWriter(store).write(conn, ordered, prepared, this::newJob));
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

  /** SHA-1 of the function name and its JSON arguments: the "identity exact" key. */
  public static String identityExact(String funcName, String argsJson) {
    return JobArguments.identityExact(funcName, argsJson);
  }

  /** The job's target instantiation, for helpers that run captured jobs. */
  public JobTargets targets() {
    return targets;
  }

  public Optional<Capture> currentCapture() {
    return Optional.ofNullable(capture.get());
  }

  NewJob newJob(PreparedJob p, String uuid, String graphUuid, JobState state) {
    Instant now = store.now();
    return new NewJob(uuid, graphUuid, p.description(), p.funcName(), p.call().type().getName(),
        p.call().method().getName(), p.args(), state, p.priority(), p.eta(), p.maxRetries(), p.channel(),
        p.identityKey(), now).withContext(storedContext(p.funcName()))
        .withBatchId(com.awkhad.connector.queue.batch.JobBatches.current().orElse(null));
  }

  private final java.util.Set<String> contextKeys = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * Lets jobs carry {@code keys} in their {@link JobContext} besides the standard ones (user,
   * tenant, locale, time zone): an addon declares the keys it reads, in its {@code start}.
   */
  public void declareContextKeys(java.util.Collection<String> keys) {
    for (String k : keys) {
      JobContext.builder().put(k, ""); // checks the key's form
      contextKeys.add(k);
    }
  }

  /** The keys declared so far with {@link #declareContextKeys}. */
  public java.util.Set<String> contextKeys() {
    return java.util.Set.copyOf(contextKeys);
  }

  /** The current thread's context as stored with a new job; refuses keys nobody declared. */
  private String storedContext(String funcName) {
    JobContext ctx = JobContext.current();
    for (String key : ctx.asMap().keySet()) {
      if (!JobContext.STANDARD_KEYS.contains(key) && !contextKeys.contains(key)) {
        throw new IllegalArgumentException("Job " + funcName + ": the job context holds key '" + key
            + "', which no addon declared, so it would not be kept: declare it in the addon's start with"
            + " queue.declareContextKeys(\"" + key + "\"), or remove it from the context (keys kept: "
            + new java.util.TreeSet<>(JobContext.STANDARD_KEYS) + " and " + new java.util.TreeSet<>(contextKeys) + ")");
      }
    }
    return ctx.toJson();
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
}
