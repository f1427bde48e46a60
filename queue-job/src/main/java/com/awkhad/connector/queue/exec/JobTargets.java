package com.awkhad.connector.queue.exec;

import com.awkhad.connector.base.env.Environment;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * How the object a job runs on is obtained, once per execution (jobs run on any runner thread,
 * so targets are never shared between executions unless a factory decides to). In order:
 * <ol>
 *   <li>a factory registered for the class: {@code targets.register(ProductExporter.class, env -> new ProductExporter(env, client))};
 *   <li>a {@link TargetResolver} added with {@link #addResolver} that has one (the Spring Boot
 *       starter adds one returning the application's bean of that type);
 *   <li>a public constructor taking an {@link Environment};
 *   <li>a public no-argument constructor.
 * </ol>
 *
 * <p>Register factories in your addon's {@code start(env)}:
 * <pre>{@code
 * env.service(Queue.class).targets().register(ProductExporter.class, ProductExporter::new);
 * }</pre>
 */
public final class JobTargets {
  private final Environment env;
  private final Map<Class<?>, Function<Environment, ?>> factories = new ConcurrentHashMap<>();
  private final List<TargetResolver> resolvers = new CopyOnWriteArrayList<>();

  public JobTargets(Environment env) {
    this.env = env;
  }

  /** Registers how to build {@code type}'s instances for jobs; replaces an earlier registration. */
  public <T> void register(Class<T> type, Function<Environment, ? extends T> factory) {
    factories.put(type, factory);
  }

  /** Adds a resolver, consulted after the factories and the resolvers added before it. */
  public void addResolver(TargetResolver resolver) {
    resolvers.add(resolver);
  }

  /** True when {@code type} can be built: a factory, a resolver or a suitable public constructor exists. */
  public boolean canInstantiate(Class<?> type) {
    return factories.containsKey(type) || resolver(type) != null || constructor(type) != null;
  }

  private TargetResolver resolver(Class<?> type) {
    for (TargetResolver r : resolvers) {
      if (r.resolves(type)) {
        return r;
      }
    }
    return null;
  }

  /**
   * A fresh target for one execution.
   *
   * @throws JobTargetException saying why it cannot be built and what to do
   */
  public Object instantiate(Class<?> type) {
    Function<Environment, ?> factory = factories.get(type);
    try {
      if (factory != null) {
        Object target = factory.apply(env);
        if (!type.isInstance(target)) {
          throw new JobTargetException("The factory registered for " + type.getName() + " returned "
              + (target == null ? "null" : "a " + target.getClass().getName()) + ": it must return a " + type.getSimpleName());
        }
        return target;
      }
      TargetResolver resolver = resolver(type);
      if (resolver != null) {
        Object target = resolver.resolve(type);
        if (!type.isInstance(target)) {
          throw new JobTargetException("The resolver " + resolver.getClass().getName() + " returned "
              + (target == null ? "null" : "a " + target.getClass().getName()) + " for " + type.getName()
              + ": it must return a " + type.getSimpleName());
        }
        return target;
      }
      Constructor<?> ctor = constructor(type);
      if (ctor == null) {
        throw new JobTargetException("Cannot create a " + type.getName() + " to run the job: it is "
            + (type.isInterface() || Modifier.isAbstract(type.getModifiers()) ? "abstract" : "without a public constructor taking"
                + " an Environment or nothing")
            + ". Register a factory: queue.targets().register(" + type.getSimpleName() + ".class, env -> ...)");
      }
      return ctor.getParameterCount() == 1 ? ctor.newInstance(env) : ctor.newInstance();
    } catch (InvocationTargetException e) {
      throw new JobTargetException("The constructor of " + type.getName() + " failed: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new JobTargetException("Cannot create a " + type.getName() + ": " + e, e);
    }
  }

  /**
   * The constructor a job's target is built with, looked up once per class (a miss on the
   * {@code Environment} constructor throws and catches an exception, once per job before this).
   */
  private static final ClassValue<Optional<Constructor<?>>> CONSTRUCTORS = new ClassValue<>() {
    @Override
    protected Optional<Constructor<?>> computeValue(Class<?> type) {
      return Optional.ofNullable(findConstructor(type));
    }
  };

  private static Constructor<?> constructor(Class<?> type) {
    return CONSTRUCTORS.get(type).orElse(null);
  }

  private static Constructor<?> findConstructor(Class<?> type) {
    if (type.isInterface() || Modifier.isAbstract(type.getModifiers()) || !Modifier.isPublic(type.getModifiers())) {
      return null;
    }
    try {
      return type.getConstructor(Environment.class);
    } catch (NoSuchMethodException e) {
      try {
        return type.getConstructor();
      } catch (NoSuchMethodException e2) {
        return null;
      }
    }
  }

  /** The job's target cannot be created. */
  public static final class JobTargetException extends RuntimeException {
    public JobTargetException(String message) {
      super(message);
    }

    public JobTargetException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
