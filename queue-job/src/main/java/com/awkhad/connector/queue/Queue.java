package com.awkhad.connector.queue;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.admin.JobAdmin;
import com.awkhad.connector.queue.delay.Delayable;
import com.awkhad.connector.queue.delay.Delayer;
import com.awkhad.connector.queue.exec.JobExecutor;
import com.awkhad.connector.queue.exec.JobTargets;
import com.awkhad.connector.queue.function.EffectiveFunction;
import com.awkhad.connector.queue.function.FunctionConfig;
import com.awkhad.connector.queue.function.JobFunctionProvider;
import com.awkhad.connector.queue.job.JobFunction;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.related.RelatedActions;
import com.awkhad.connector.queue.store.BackendResolver;
import com.awkhad.connector.queue.store.EnqueueListener;
import com.awkhad.connector.queue.store.JobFunctions;
import com.awkhad.connector.queue.store.JobStore;
import com.awkhad.connector.queue.wake.WakeHints;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The job queue of an environment: delay calls as jobs, configure job functions, administer
 * jobs. Obtained with {@code env.service(Queue.class)} once the {@code queue_job} addon started.
 *
 * <pre>{@code
 * Queue queue = env.service(Queue.class);
 * // store a job at once (in the caller's transaction if there is one)
 * queue.delay(ProductExporter.class, JobOptions.defaults().priority(5)).exportRecord(42L);
 * // the same, keeping the job's handle
 * JobHandle job = queue.enqueue(ProductExporter.class, e -> e.exportRecord(42L));
 * }</pre>
 *
 * <p>The object a job runs on is created per execution by {@link #targets()}: a registered
 * factory, else a public constructor taking the {@link Environment}, else a public no-argument
 * constructor.
 */
public final class Queue {
  private final Environment env;
  private final JobStore store;
  private final JobFunctions functions;
  private final JobTargets targets;
  private final JobExecutor executor;
  private final Delayer delayer;
  private final JobAdmin admin;
  private final RelatedActions related;
  private volatile WakeHints wakeHints;

  Queue(Environment env, Clock clock, boolean noDelay) {
    this.env = env;
    this.store = new JobStore(env.tx(), env.database().dialect(), clock);
    this.functions = new JobFunctions();
    this.targets = new JobTargets(env);
    this.executor = new JobExecutor(env, store, functions, targets);
    this.delayer = new Delayer(env, store, functions, targets, noDelay);
    this.admin = new JobAdmin(env.tx(), store);
    this.related = new RelatedActions(name -> {
      try {
        return effectiveFunction(name).settings().relatedAction();
      } catch (RuntimeException e) {
        return null; // a function no layer declares: no setting
      }
    });
  }

  /**
   * The related actions: what each job is about, in words and links (the connector registers its
   * jobs'). See {@link RelatedActions}.
   */
  public RelatedActions relatedActions() {
    return related;
  }

  /** A stand-in for {@code type} whose public method calls are stored as jobs with default options. */
  public <T> T delay(Class<T> type) {
    return delay(type, JobOptions.defaults());
  }

  /**
   * A stand-in for {@code type} whose public method calls are stored as jobs with
   * {@code options}. Each call stores one job at once and returns a default value (null, 0,
   * false); use {@link #enqueue} to get the job's handle.
   *
   * @throws IllegalArgumentException when {@code type} is final, not public, or an inner class;
   *     a call fails likewise when an argument cannot be serialized to JSON, naming it
   */
  public <T> T delay(Class<T> type, JobOptions options) {
    return delayer.proxy(type, options);
  }

  /** Stores the one call {@code body} makes on its argument as a job; returns its handle. */
  public <T> JobHandle enqueue(Class<T> type, Consumer<? super T> body) {
    return enqueue(type, JobOptions.defaults(), body);
  }

  /** Like {@link #enqueue(Class, Consumer)} with options. */
  public <T> JobHandle enqueue(Class<T> type, JobOptions options, Consumer<? super T> body) {
    return delayer.delay(delayer.record(type, body), options);
  }

  /**
   * Enqueues many jobs in a few statements: the jobs {@code body} delays (without identity key)
   * are written in multi-row inserts, in the current transaction or a new one, when the body
   * returns (and every {@value Delayer#BATCH_FLUSH_SIZE} jobs). Handles and uuids are valid at
   * once; jobs become visible to runners when the transaction commits, as with single delays.
   *
   * <pre>{@code
   * queue.batch(() -> {
   *   ProductExporter exporter = queue.delay(ProductExporter.class);
   *   for (long id : ids) {
   *     exporter.exportRecord(id);
   *   }
   * });
   * }</pre>
   *
   * <p>Inside the batch a job is written after its {@code delay} call returns: queries in the
   * body do not see it yet, and rolling back a savepoint of the body does not undo it. Jobs with
   * an identity key are stored one by one at once, so they still deduplicate.
   */
  public void batch(Runnable body) {
    delayer.batch(body);
  }

  /**
   * Like {@link #batch}, and the jobs with an identity key are stored together too (one statement
   * per 128 on PostgreSQL instead of one each): for a listing that delays one keyed job per record.
   * Inside the body, {@code delay} returns provisional handles (own uuid, {@code existing} false);
   * the exact ones come back from this method, one per job, in order ({@link Delayer#batchKeyed}).
   *
   * <pre>{@code
   * List<JobHandle> handles = queue.batchKeyed(() -> ids.forEach(id ->
   *     queue.delay(ProductImporter.class, JobOptions.defaults().identityExact()).importRecord(id)));
   * }</pre>
   */
  public List<JobHandle> batchKeyed(Runnable body) {
    return delayer.batchKeyed(body);
  }

  /** A job of a graph, stored when the graph is delayed (see {@link Delayable}). */
  public <T> Delayable delayable(Class<T> type, Consumer<? super T> body) {
    return delayable(type, JobOptions.defaults(), body);
  }

  public <T> Delayable delayable(Class<T> type, JobOptions options, Consumer<? super T> body) {
    return delayer.delayable(type, options, body);
  }

  /**
   * Until the returned scope closes, delayed calls made on this thread run inline, graphs in
   * topological order (as with the environment variable {@code CONNECTOR_QUEUE_NO_DELAY=1}).
   *
   * <pre>{@code
   * try (var inline = queue.noDelay()) {
   *   queue.delay(ProductExporter.class).exportRecord(42L); // runs now
   * }
   * }</pre>
   */
  public Scope noDelay() {
    AutoCloseable c = delayer.noDelay();
    return () -> {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
  }

  /**
   * Stores the settings of a job function in {@code queue_job_function} (the database layer): the
   * settings it sets override the addon's and the configuration file's, for every process on the
   * database. Use {@link JobFunctionProvider} for an addon's own settings.
   */
  public void define(JobFunction function) {
    env.tx().run(c -> functions.define(c, function));
  }

  /**
   * Lets jobs carry {@code keys} in their {@link com.awkhad.connector.queue.job.JobContext} besides
   * the standard ones (user, tenant, locale, time zone), like the original's allow-listed context
   * keys. Delaying a call while the current context holds a key nobody declared is refused with a
   * message naming it. Call it in the addon's {@code start}, in every process that enqueues.
   *
   * <pre>{@code
   * env.service(Queue.class).declareContextKeys("sales_team");
   * }</pre>
   */
  public void declareContextKeys(String... keys) {
    delayer.declareContextKeys(java.util.List.of(keys));
  }

  /**
   * Declares every job function of {@code type} remote in this process: they call external
   * systems (or are slow), so a runner of this process runs each of their jobs alone in its
   * transaction, never in a batch with other jobs. Call it at start, in every process that runs
   * a runner: an addon's {@code start} does.
   *
   * <pre>{@code
   * env.service(Queue.class).declareRemote(ConnectorJobs.class);
   * }</pre>
   */
  public void declareRemote(Class<?> type) {
    functions.declareRemote(type.getName());
  }

  /**
   * Whether a job on {@code targetClass} runs alone: its class is declared remote
   * ({@link #declareRemote}). The class is the job's own, whatever its function is named.
   */
  public boolean remote(String targetClass) {
    return functions.declaredRemoteClass(targetClass);
  }

  /**
   * Declares methods of a remote class ({@link #declareRemote}) repeatable in this process: running
   * one of their jobs again leaves the remote system as running it once did (its calls only read,
   * as an import's GET, or write idempotently, as an export whose create carries an idempotency
   * key the remote honours), so their jobs may share a batch's transaction like local jobs. A batch
   * commits its jobs together, one commit instead of one per job; a job of the batch that fails
   * makes the jobs before it run again ({@code docs/runner.md}, "Batch"), which repeats their
   * remote calls. The other methods of the class still run alone. Call it at start, next to
   * {@link #declareRemote}:
   *
   * <pre>{@code
   * queue.declareRemote(ConnectorJobs.class);
   * queue.declareRepeatable(ConnectorJobs.class, "importRecord", "importListedRecord");
   * }</pre>
   *
   * @throws IllegalArgumentException when {@code type} has no public method of one of those names
   */
  public void declareRepeatable(Class<?> type, String... methods) {
    for (String method : methods) {
      boolean found = java.util.Arrays.stream(type.getMethods()).anyMatch(m -> m.getName().equals(method));
      if (!found) {
        throw new IllegalArgumentException("Class " + type.getName() + " has no public method '" + method
            + "': declareRepeatable names the methods of the class whose remote calls may run twice; check the"
            + " spelling against the class's job methods");
      }
      functions.declareRepeatable(type.getName(), method);
    }
  }

  /**
   * Whether a job calling {@code method} on {@code targetClass} runs alone: the class is declared
   * remote ({@link #declareRemote}) and the method is not declared repeatable
   * ({@link #declareRepeatable}).
   */
  public boolean remote(String targetClass, String method) {
    return functions.declaredRemote(targetClass, method);
  }

  /** The settings that apply to {@code type.method} (jobs delayed without a model). */
  public JobFunction function(Class<?> type, String method) {
    return function(JobFunction.nameOf(type, method));
  }

  /** The settings that apply to the function named {@code name}, e.g. {@code <coffee.beverage.binding>.importRecord}. */
  public JobFunction function(String name) {
    return effectiveFunction(name).settings();
  }

  /** The settings that apply to {@code name}, each with where it came from. */
  public EffectiveFunction effectiveFunction(String name) {
    return env.tx().inTransaction(c -> functions.effective(c, name));
  }

  /**
   * Every job function that a layer sets, and those of the open jobs, with their settings and
   * where each came from ({@code ./connector jobs functions}).
   */
  public List<EffectiveFunction> functions() {
    return env.tx().inTransaction(functions::list);
  }

  /**
   * Sets the configuration file's job function settings ({@code job.function.<name>.<setting>}, see
   * {@link FunctionConfig}) for this process, replacing those set before. Give every process of
   * the database the same file: the channel and max retries are resolved where a job is delayed,
   * the retry pattern and timeout where it runs.
   *
   * <pre>{@code
   * queue.configureFunctions("connector.properties", FunctionConfig.parse(properties, "connector.properties"));
   * }</pre>
   */
  public void configureFunctions(String file, List<JobFunction> settings) {
    functions.configure(file, settings);
  }

  /** Adds the functions {@code addon} declares (the queue_job addon does it at start for every {@link JobFunctionProvider}). */
  void declareFunctions(String addon, List<JobFunction> declared) {
    functions.declare(addon, declared);
  }

  /** The settings of the job functions, for the runner. */
  public JobFunctions functionSettings() {
    return functions;
  }

  /** Reads one job. */
  public Optional<JobRecord> job(String uuid) {
    return env.tx().inTransaction(c -> store.find(c, uuid));
  }

  /** Calls {@code listener} whenever jobs become pending (see {@link EnqueueListener}). */
  public void addEnqueueListener(EnqueueListener listener) {
    store.addListener(listener);
  }

  /**
   * From now on, each job of {@code type} records the connector backend it works for, as
   * {@code resolver} reads it from the job's method and arguments (see {@link BackendResolver}):
   * operators then select a backend's jobs ({@code jobs run-now --backend NAME}).
   *
   * <pre>{@code
   * queue.resolveBackends(ShopJobs.class, (c, method, args) -> args.get(0).asLong());
   * }</pre>
   */
  public void resolveBackends(Class<?> type, BackendResolver resolver) {
    store.resolveBackends(type, resolver);
  }

  /** Sends wake hints to the runners after each enqueue (set by the addon on PostgreSQL). */
  void useWakeHints(WakeHints hints) {
    this.wakeHints = hints;
    addEnqueueListener(hints);
  }

  /** The wake hints this process sends, when it sends any (PostgreSQL, not turned off). */
  public Optional<WakeHints> wakeHints() {
    return Optional.ofNullable(wakeHints);
  }

  public void removeEnqueueListener(EnqueueListener listener) {
    store.removeListener(listener);
  }

  public JobTargets targets() {
    return targets;
  }

  public JobExecutor executor() {
    return executor;
  }

  public JobAdmin admin() {
    return admin;
  }

  public JobStore store() {
    return store;
  }

  public Delayer delayer() {
    return delayer;
  }

  public Environment environment() {
    return env;
  }

  /** A scope closed with try-with-resources; closing never throws. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
