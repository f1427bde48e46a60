package com.awkhad.connector.queue.exec;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

/**
 * Finds a job method by name and number of arguments. Job methods are public instance methods;
 * a name must not be overloaded with the same number of parameters (the stored JSON arguments
 * could not tell the overloads apart).
 */
public final class JobMethods {
  private JobMethods() {}

  /**
   * The public instance method {@code name} of {@code type} taking {@code arity} arguments.
   *
   * @throws NoSuchMethodException with a message naming what was looked for and what exists
   */
  public static Method resolve(Class<?> type, String name, int arity) throws NoSuchMethodException {
    List<Method> matches = Arrays.stream(type.getMethods())
        .filter(m -> m.getName().equals(name) && !Modifier.isStatic(m.getModifiers()) && !m.isBridge() && !m.isSynthetic())
        .toList();
    List<Method> sameArity = matches.stream().filter(m -> m.getParameterCount() == arity).toList();
    if (sameArity.size() == 1) {
      return sameArity.get(0);
    }
    if (sameArity.size() > 1) {
      throw new NoSuchMethodException("Job method " + type.getName() + "." + name + " is overloaded with " + arity
          + " parameters: give the overloads different names");
    }
    throw new NoSuchMethodException("No public method " + type.getName() + "." + name + " taking " + arity
        + " argument(s)" + (matches.isEmpty() ? "" : "; found " + matches.stream().map(JobMethods::signature).toList()));
  }

  static String signature(Method m) {
    return m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName).toList()
        .toString().replace('[', '(').replace(']', ')');
  }
}
