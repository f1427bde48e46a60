package com.awkhad.connector.queue.delay;

import com.awkhad.connector.queue.job.JobFunction;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

/**
 * One recorded method call: what a job will run.
 *
 * @param type the class (or interface) the call was recorded on; the executor instantiates it
 * @param args the call's arguments, as given
 */
public record Call(Class<?> type, Method method, List<Object> args) {
  public Call(Class<?> type, Method method, Object[] args) {
    this(type, method, args == null ? List.of() : Arrays.asList(args.clone()));
  }

  /** {@code <class>.<method>}, the job function's name. */
  public String funcName() {
    return JobFunction.nameOf(type, method.getName());
  }

  /** {@code ProductExporter.exportRecord}: the default description. */
  public String shortName() {
    return type.getSimpleName() + "." + method.getName();
  }
}
