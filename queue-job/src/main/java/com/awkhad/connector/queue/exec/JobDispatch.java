package com.awkhad.connector.queue.exec;

import com.awkhad.connector.queue.job.JobJson;
import com.awkhad.connector.queue.job.JobRecord;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How a job's stored row becomes a call: its class loaded, its method found by name and number of
 * arguments ({@link JobMethods#resolve}), its JSON arguments read back as the method's parameter
 * types. The lookups are done once per class loader, class, method name and arity, then reused:
 * before this cache every job copied its class's public methods ({@code getMethods()}), loaded its
 * class by name and parsed its arguments twice (JFR, 2026-12-04: about 8% of a runner's CPU on
 * no-op jobs). A lookup that fails is not kept, so a deploy that brings the method back is seen
 * at the next try.
 *
 * <pre>{@code
 * JobDispatch dispatch = new JobDispatch();
 * JobDispatch.Call call = dispatch.prepare(job);   // job: a JobRecord read from queue_job
 * call.method().invoke(target, call.args());
 * }</pre>
 */
public final class JobDispatch {
  private final ConcurrentHashMap<Key, Resolved> resolved = new ConcurrentHashMap<>();

  /**
   * The class loader is part of the key: a context class loader replaced at run time (a
   * restarted application in one JVM) loads the classes anew.
   */
  private record Key(ClassLoader loader, String className, String methodName, int arity) {}

  private record Resolved(Class<?> type, Method method, JavaType[] parameterTypes) {}

  /** The job's class, method and arguments, read from its row. */
  public record Call(Class<?> type, Method method, Object[] args) {}

  /**
   * Resolves the job's call.
   *
   * @throws ClassNotFoundException when the job's class no longer exists
   * @throws NoSuchMethodException when it has no such public method taking that many arguments
   * @throws IllegalArgumentException when the arguments are not a JSON array, or one of them
   *     cannot be read as its parameter's type (the message names the argument and what to do)
   */
  public Call prepare(JobRecord job) throws ClassNotFoundException, NoSuchMethodException {
    JsonNode node = parse(job);
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    Key key = new Key(context, job.targetClass(), job.methodName(), node.size());
    Resolved r = resolved.get(key);
    if (r == null) {
      r = resolve(context, key);
      resolved.put(key, r);
    }
    return new Call(r.type(), r.method(), readArgs(job, r, node));
  }

  private static JsonNode parse(JobRecord job) {
    JsonNode node;
    try {
      node = JobJson.mapper().readTree(job.args());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("Job arguments are not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isArray()) {
      throw new IllegalArgumentException("Job arguments must be a JSON array, got " + job.args());
    }
    return node;
  }

  private static Resolved resolve(ClassLoader context, Key key) throws ClassNotFoundException, NoSuchMethodException {
    Class<?> type = loadClass(context, key.className());
    Method method = JobMethods.resolve(type, key.methodName(), key.arity());
    method.trySetAccessible(); // a public method of a class that is not: callable, as before the cache
    java.lang.reflect.Type[] generic = method.getGenericParameterTypes();
    JavaType[] types = new JavaType[generic.length];
    for (int i = 0; i < generic.length; i++) {
      types[i] = JobJson.mapper().getTypeFactory().constructType(generic[i]);
    }
    return new Resolved(type, method, types);
  }

  private static Class<?> loadClass(ClassLoader context, String name) throws ClassNotFoundException {
    if (context != null) {
      try {
        return Class.forName(name, true, context);
      } catch (ClassNotFoundException e) {
        // fall back to our own loader
      }
    }
    return Class.forName(name, true, JobDispatch.class.getClassLoader());
  }

  private static Object[] readArgs(JobRecord job, Resolved r, JsonNode node) {
    JavaType[] types = r.parameterTypes();
    Object[] args = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      try {
        args[i] = JobJson.mapper().treeToValue(node.get(i), types[i]);
      } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
        throw new IllegalArgumentException("Argument " + (i + 1) + " of " + job.funcName() + " ("
            + r.method().getParameters()[i].getName() + ") cannot be read as " + types[i].toCanonical() + ": "
            + e.getMessage() + ". The parameter type changed since the job was enqueued: cancel the job or"
            + " requeue it once the code matches");
      }
    }
    return args;
  }
}
