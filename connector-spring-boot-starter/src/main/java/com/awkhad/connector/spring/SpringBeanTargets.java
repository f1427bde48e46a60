package com.awkhad.connector.spring;

import com.awkhad.connector.queue.exec.TargetResolver;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * Job targets that are Spring beans: a job delayed on {@code OrderExporter} runs on the
 * application's one {@code OrderExporter} bean (found by type; a type with several beans is not
 * resolved here, so the queue's other ways apply). Beans run jobs on several runner threads at
 * once: keep them stateless, as singleton beans usually are.
 *
 * <pre>{@code
 * queue.delay(OrderExporter.class, JobOptions.defaults()).export(orderId); // runs on the bean
 * }</pre>
 */
public final class SpringBeanTargets implements TargetResolver {
  private final ListableBeanFactory beans;

  public SpringBeanTargets(ListableBeanFactory beans) {
    this.beans = beans;
  }

  @Override
  public boolean resolves(Class<?> type) {
    return beans.getBeanNamesForType(type, false, true).length == 1;
  }

  @Override
  public Object resolve(Class<?> type) {
    return beans.getBean(type);
  }
}
