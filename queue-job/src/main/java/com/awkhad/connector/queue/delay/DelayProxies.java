package com.awkhad.connector.queue.delay;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.dynamic.scaffold.subclass.ConstructorStrategy;
import net.bytebuddy.implementation.InvocationHandlerAdapter;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * Makes the recording stand-ins returned by {@code queue.delay(Type.class)}: a subclass of the
 * job's class (generated once per class with ByteBuddy) whose public methods record the call
 * instead of running it. The stand-in is allocated without running any constructor of the job's
 * class, so classes whose constructors need services can be delayed too.
 *
 * <p>Requirements, checked with a clear message: the class is public and not final; job methods
 * are public, not final, not static.
 */
final class DelayProxies {
  static final String HANDLER_FIELD = "$awkhadRecorder";

  private static final ClassValue<Class<?>> PROXY_CLASSES = new ClassValue<>() {
    @Override
    protected Class<?> computeValue(Class<?> type) {
      return generate(type);
    }
  };

  /**
   * The constructor that allocates a stand-in without running the job class's constructors, made
   * once per stand-in class: making it generates an accessor class, which costs more than the rest
   * of a delayed call put together (a listener delaying one job per record event paid it each time).
   */
  private static final ClassValue<Constructor<?>> ALLOCATORS = new ClassValue<>() {
    @Override
    protected Constructor<?> computeValue(Class<?> proxyClass) {
      try {
        return sun.reflect.ReflectionFactory.getReflectionFactory()
            .newConstructorForSerialization(proxyClass, Object.class.getDeclaredConstructor());
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException(e);
      }
    }
  };

  private DelayProxies() {}

  /** A stand-in for {@code type} whose public method calls go to {@code handler}. */
  static <T> T create(Class<T> type, InvocationHandler handler) {
    check(type);
    Class<?> proxyClass = PROXY_CLASSES.get(type);
    try {
      Object proxy = allocate(proxyClass);
      proxyClass.getField(HANDLER_FIELD).set(proxy, handler);
      return type.cast(proxy);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot create the delaying stand-in of " + type.getName() + ": " + e, e);
    }
  }

  static void check(Class<?> type) {
    if (type.isPrimitive() || type.isArray() || type.isEnum() || type.isRecord() || type.isAnnotation()) {
      throw new IllegalArgumentException("Cannot delay calls on " + type.getName()
          + ": a job target must be a public non-final class or an interface");
    }
    if (!Modifier.isPublic(type.getModifiers())) {
      throw new IllegalArgumentException("Cannot delay calls on " + type.getName()
          + ": the class is not public. Make it public (and static if it is nested)");
    }
    if (Modifier.isFinal(type.getModifiers())) {
      throw new IllegalArgumentException("Cannot delay calls on " + type.getName()
          + ": the class is final, so its calls cannot be recorded. Remove 'final', or declare the job methods"
          + " in an interface and delay on the interface");
    }
    if (type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers()) && !type.isInterface()) {
      throw new IllegalArgumentException("Cannot delay calls on " + type.getName()
          + ": it is an inner class; make it a static nested class");
    }
  }

  /** Refuses a call that the stand-in could not have recorded faithfully. */
  static void checkMethod(Class<?> type, Method method) {
    if (Modifier.isFinal(method.getModifiers())) {
      throw new IllegalArgumentException("Cannot delay " + type.getSimpleName() + "." + method.getName()
          + ": the method is final. Remove 'final' from job methods");
    }
  }

  private static Class<?> generate(Class<?> type) {
    var builder = type.isInterface()
        ? new ByteBuddy().subclass(Object.class, ConstructorStrategy.Default.NO_CONSTRUCTORS).implement(type)
        : new ByteBuddy().subclass(type, ConstructorStrategy.Default.NO_CONSTRUCTORS);
    return builder
        .name(type.getName() + "$$AwkhadDelayed")
        .defineField(HANDLER_FIELD, InvocationHandler.class, Visibility.PUBLIC)
        .method(ElementMatchers.isPublic()
            .and(ElementMatchers.not(ElementMatchers.isStatic()))
            .and(ElementMatchers.not(ElementMatchers.isFinal()))
            .and(ElementMatchers.not(ElementMatchers.isDeclaredBy(Object.class))))
        .intercept(InvocationHandlerAdapter.toField(HANDLER_FIELD))
        .method(ElementMatchers.named("toString").and(ElementMatchers.takesNoArguments()))
        .intercept(net.bytebuddy.implementation.FixedValue.value("delayed " + type.getSimpleName()))
        .make()
        .load(type.getClassLoader(), ClassLoadingStrategy.Default.WRAPPER)
        .getLoaded();
  }

  /** Allocates an instance without running the job class's constructors (like serialization does). */
  @SuppressWarnings("sunapi")
  private static Object allocate(Class<?> proxyClass) throws ReflectiveOperationException {
    return ALLOCATORS.get(proxyClass).newInstance();
  }
}
