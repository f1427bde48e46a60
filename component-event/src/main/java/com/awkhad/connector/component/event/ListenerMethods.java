package com.awkhad.connector.component.event;

import com.awkhad.connector.component.ComponentDescriptor;
import com.awkhad.connector.component.ComponentException;
import com.awkhad.connector.component.RecordRef;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** The event handlers of one listener class: event name to method and skip conditions. */
final class ListenerMethods {
  private static final Map<Class<?>, ListenerMethods> CACHE = new ConcurrentHashMap<>();
  private static final Map<Class<? extends SkipCondition>, SkipCondition> CONDITIONS = new ConcurrentHashMap<>();
  private static final Map<String, Method> BUILT_IN = builtIn();

  private final Map<String, Handler> byEvent;

  private ListenerMethods(Map<String, Handler> byEvent) {
    this.byEvent = byEvent;
  }

  /** The handlers of the listener {@code d}; the first call checks the class. */
  static ListenerMethods of(ComponentDescriptor d) {
    ListenerMethods known = CACHE.get(d.type());
    if (known != null) {
      return known;
    }
    ListenerMethods built = scan(d);
    CACHE.putIfAbsent(d.type(), built);
    return built;
  }

  Handler handler(String eventName) {
    return byEvent.get(eventName);
  }

  static void checkEventName(String eventName) {
    if (eventName == null || !eventName.startsWith("on_") || eventName.length() == 3) {
      throw new IllegalArgumentException(
          "Event name '" + eventName + "' is invalid: event names start with 'on_', e.g. on_invoice_paid");
    }
  }

  /** One handler method and the conditions that skip it. */
  record Handler(String event, Method method, List<SkipCondition> skipIf) {
    boolean skipped(EventListener listener, Event e) {
      for (SkipCondition c : skipIf) {
        if (c.skip(listener, e)) {
          return true;
        }
      }
      return false;
    }

    void invoke(EventListener listener, Object[] args) {
      Class<?>[] params = method.getParameterTypes();
      if (!accepts(params, args)) {
        throw new ComponentException(
            "Event '" + event + "' was published with arguments (" + describe(args) + ") but "
                + listener.descriptor().name() + " handles it with " + signature(method)
                + ": publish matching arguments or change the method's parameters");
      }
      try {
        method.invoke(listener, args);
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException re) {
          throw re;
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw new ComponentException(
            "Listener " + listener.descriptor().name() + " failed on '" + event + "': " + cause, cause);
      } catch (IllegalAccessException e) {
        throw new ComponentException("Cannot call " + signature(method) + " for '" + event + "': " + e, e);
      }
    }
  }

  private static ListenerMethods scan(ComponentDescriptor d) {
    Class<?> type = d.type();
    Map<String, Method> byEvent = new LinkedHashMap<>();
    for (Map.Entry<String, Method> b : BUILT_IN.entrySet()) {
      Method m = b.getValue();
      Method impl = mostDerived(type, m);
      if (impl.getDeclaringClass() != EventListener.class) {
        byEvent.put(b.getKey(), impl);
      }
    }
    Set<String> seenSignatures = new LinkedHashSet<>();
    for (Class<?> c = type; c != EventListener.class; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        OnEvent on = m.getAnnotation(OnEvent.class);
        if (on == null || m.isSynthetic()) {
          continue;
        }
        String event = on.value();
        try {
          checkEventName(event);
        } catch (IllegalArgumentException e) {
          throw new ComponentException("Listener '" + d.name() + "' (" + signature(m) + "): " + e.getMessage());
        }
        if (Modifier.isStatic(m.getModifiers())) {
          throw new ComponentException(
              "Listener '" + d.name() + "': " + signature(m) + " handles '" + event + "' but is static; make it an instance method");
        }
        if (!seenSignatures.add(event + "/" + m.getName() + Arrays.toString(m.getParameterTypes()))) {
          continue; // an overridden declaration: the subclass's one was kept
        }
        Method impl = mostDerived(type, m);
        Method previous = byEvent.get(event);
        if (previous != null && !sameSignature(previous, impl)) {
          throw new ComponentException(
              "Listener '" + d.name() + "' has two methods for event '" + event + "': " + signature(previous) + " and "
                  + signature(impl) + ". Keep one");
        }
        byEvent.put(event, impl);
      }
    }
    Map<String, Handler> handlers = new HashMap<>();
    for (Map.Entry<String, Method> e : byEvent.entrySet()) {
      Method m = e.getValue();
      m.setAccessible(true);
      handlers.put(e.getKey(), new Handler(e.getKey(), m, conditions(d, type, m)));
    }
    return new ListenerMethods(Map.copyOf(handlers));
  }

  /** The declaration of {@code m} in the most-derived class of {@code type} that overrides it. */
  private static Method mostDerived(Class<?> type, Method m) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        Method found = c.getDeclaredMethod(m.getName(), m.getParameterTypes());
        if (!found.isSynthetic()) {
          return found;
        }
      } catch (NoSuchMethodException e) {
        // look in the superclass
      }
    }
    return m;
  }

  /** Skip conditions declared on {@code m} and on every declaration it overrides. */
  private static List<SkipCondition> conditions(ComponentDescriptor d, Class<?> type, Method m) {
    Set<Class<? extends SkipCondition>> classes = new LinkedHashSet<>();
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        SkipIf skipIf = c.getDeclaredMethod(m.getName(), m.getParameterTypes()).getAnnotation(SkipIf.class);
        if (skipIf != null) {
          classes.addAll(Arrays.asList(skipIf.value()));
        }
      } catch (NoSuchMethodException e) {
        // not declared at this level
      }
    }
    List<SkipCondition> out = new ArrayList<>();
    for (Class<? extends SkipCondition> c : classes) {
      out.add(CONDITIONS.computeIfAbsent(c, k -> instantiate(d, m, k)));
    }
    return List.copyOf(out);
  }

  private static SkipCondition instantiate(ComponentDescriptor d, Method m, Class<? extends SkipCondition> c) {
    try {
      var ctor = c.getDeclaredConstructor();
      ctor.setAccessible(true);
      return ctor.newInstance();
    } catch (ReflectiveOperationException e) {
      throw new ComponentException(
          "Listener '" + d.name() + "': skip condition " + c.getName() + " on " + signature(m)
              + " cannot be created; give it a constructor without parameters (and make it a static class): " + e, e);
    }
  }

  private static boolean sameSignature(Method a, Method b) {
    return a.getName().equals(b.getName()) && Arrays.equals(a.getParameterTypes(), b.getParameterTypes());
  }

  private static boolean accepts(Class<?>[] params, Object[] args) {
    if (params.length != args.length) {
      return false;
    }
    for (int i = 0; i < params.length; i++) {
      Class<?> p = params[i].isPrimitive() ? boxed(params[i]) : params[i];
      if (args[i] == null ? params[i].isPrimitive() : !p.isInstance(args[i])) {
        return false;
      }
    }
    return true;
  }

  private static Class<?> boxed(Class<?> primitive) {
    return MethodType.methodType(primitive).wrap().returnType();
  }

  private static String describe(Object[] args) {
    return Arrays.stream(args).map(a -> a == null ? "null" : a.getClass().getSimpleName()).collect(Collectors.joining(", "));
  }

  static String signature(Method m) {
    return m.getDeclaringClass().getSimpleName() + "." + m.getName() + "("
        + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", ")) + ")";
  }

  private static Map<String, Method> builtIn() {
    try {
      Map<String, Method> m = new LinkedHashMap<>();
      m.put("on_record_create", EventListener.class.getMethod("onRecordCreate", RecordRef.class, Set.class));
      m.put("on_record_write", EventListener.class.getMethod("onRecordWrite", RecordRef.class, Set.class));
      m.put("on_record_unlink", EventListener.class.getMethod("onRecordUnlink", RecordRef.class));
      return m;
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
