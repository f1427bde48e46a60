package com.awkhad.connector.framework.core;

import com.awkhad.connector.component.AbstractComponent;
import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.framework.backend.Backend;
import com.awkhad.connector.framework.binding.Bindings;
import com.awkhad.connector.framework.exception.ConnectorException;
import com.awkhad.connector.framework.lock.Locker;

/**
 * The base of the connector's components (the original's {@code base.connector}): gives the
 * backend of the work context, the bindings, the locker and the local model of the binding model
 * being worked on.
 *
 * <pre>{@code
 * try (WorkContext work = backend.workOn("coffee.product")) {
 *   MyComponent c = work.component(MyComponent.class, "my.usage");
 *   c.backend();        // the Backend the work context was opened on
 *   c.localModel();     // "product.product", as declared by the backend type
 * }
 * }</pre>
 */
@ComponentSpec(name = "base.connector")
public abstract class ConnectorComponent extends AbstractComponent {

  protected ConnectorComponent() {}

  /**
   * The backend of the work context.
   *
   * @throws ConnectorException when the work context was not opened with {@code backend.workOn(model)}
   */
  public Backend backend() {
    if (!work().hasAttribute(Backend.ATTRIBUTE)) {
      throw new ConnectorException(descriptor().name() + " needs a backend: open its work context with"
          + " Backends.of(env).get(backendId).workOn(\"" + modelName() + "\")");
    }
    return work().attribute(Backend.ATTRIBUTE, Backend.class);
  }

  /** The local model bound by this work context's binding model, as declared by the backend type. */
  public String localModel() {
    return backend().backendType().localModelOf(modelName());
  }

  /** The bindings store. */
  protected Bindings bindings() {
    return Bindings.of(env());
  }

  /** The locker (advisory locks and row locks, per dialect). */
  protected Locker locker() {
    return Locker.of(env());
  }
}
