package com.awkhad.connector.microbench;

import com.awkhad.connector.queue.exec.JobDispatch;
import com.awkhad.connector.queue.exec.JobMethods;
import com.awkhad.connector.queue.exec.JobTargets;
import com.awkhad.connector.queue.job.JobJson;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.job.JobState;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The runner's per-job dispatch: a claimed row ({@link JobRecord}) turned into a call, i.e. its
 * class loaded, its method found and its JSON arguments read as the parameter types. Every job a
 * runner executes goes through it, so on short jobs it is a visible share of the runner's CPU
 * (about 8% on no-op jobs before {@link JobDispatch} cached the lookups).
 *
 * <ul>
 *   <li>{@code cached}: {@link JobDispatch#prepare} with its cache warm, as in a running runner;
 *   <li>{@code uncached}: what each job did before that cache, through public APIs: the class
 *       loaded by name, {@link JobMethods#resolve} (which copies the class's public methods), the
 *       arguments parsed twice, each parameter's Jackson type built anew;
 *   <li>{@code instantiate}: {@link JobTargets#instantiate}, the target built once per execution
 *       (a public no-argument constructor; the environment, needed only by factories and
 *       constructors taking one, is left null).
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JobDispatchBench {
  private final JobDispatch dispatch = new JobDispatch();
  private final JobTargets targets = new JobTargets(null);
  private JobRecord job;

  @Setup
  public void setup() throws Exception {
    String type = NoopJob.class.getName();
    job = new JobRecord(1L, "u-1", null, "NoopJob.noop", type + ".noop", type, "noop", "[\"run-42\", 12345]",
        JobState.ENQUEUED, 10, null, 0, 5, "root", null, null, null, null, null, Instant.now(), null, null, null,
        null, null, null, null, null, null);
    dispatch.prepare(job); // the cache is warm in a running runner
  }

  @Benchmark
  public JobDispatch.Call cached() throws Exception {
    return dispatch.prepare(job);
  }

  @Benchmark
  public Object[] uncached() throws Exception {
    ObjectMapper mapper = JobJson.mapper();
    Class<?> type = Class.forName(job.targetClass(), true, Thread.currentThread().getContextClassLoader());
    int arity = mapper.readTree(job.args()).size();
    Method method = JobMethods.resolve(type, job.methodName(), arity);
    JsonNode node = mapper.readTree(job.args());
    java.lang.reflect.Type[] generic = method.getGenericParameterTypes();
    Object[] args = new Object[generic.length];
    for (int i = 0; i < generic.length; i++) {
      JavaType t = mapper.getTypeFactory().constructType(generic[i]);
      args[i] = mapper.treeToValue(node.get(i), t);
    }
    return args;
  }

  @Benchmark
  public Object instantiate() {
    return targets.instantiate(NoopJob.class);
  }
}
