package com.awkhad.connector.component;

import com.awkhad.connector.base.env.Environment;
import java.util.Optional;

/**
 * The root of every component. A component is created by a {@link WorkContext} lookup, with a
 * constructor without parameters, and then knows its work context: the collection (backend),
 * the model it works on, the environment and the context's attributes.
 *
 * <pre>{@code
 * @ComponentSpec(name = "coffee.product.importer", collection = "coffee.backend",
 *     usage = "record.importer", applyOn = "coffee.product")
 * public class CoffeeProductImporter extends AbstractComponent {
 *   public void run(String externalId) {
 *     CoffeeBinder binder = component(CoffeeBinder.class, "binder");
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>The work context is set right after construction: do not use {@link #work()} in a
 * constructor.
 */
public abstract class AbstractComponent {
  private WorkContext work;
  private ComponentDescriptor descriptor;

  protected AbstractComponent() {}

  final void attach(WorkContext work, ComponentDescriptor descriptor) {
    this.work = work;
    this.descriptor = descriptor;
  }

  /** The work context this component was looked up in. */
  public final WorkContext work() {
    if (work == null) {
      throw new ComponentException(
          getClass().getName() + " has no work context yet: components get one when a WorkContext"
              + " lookup creates them; do not call work() from a constructor or on an instance you"
              + " created with new");
    }
    return work;
  }

  /** The registered declaration this instance was created from. */
  public final ComponentDescriptor descriptor() {
    work();
    return descriptor;
  }

  /** The environment, or {@code null} in a unit test without a database. */
  public final Environment env() {
    return work().env();
  }

  /** The model this component works on, e.g. {@code coffee.product}. */
  public final String modelName() {
    return work().modelName();
  }

  /** The collection (backend model) name of the work context, or {@code null}. */
  public final String collectionName() {
    return work().collectionName();
  }

  /** The collection record (the backend) of the work context, if it has one. */
  public final Optional<RecordRef> collectionRecord() {
    return work().collectionRecord();
  }

  /**
   * Whether this component takes part in the lookup that created it: the original's
   * {@code _component_match}. Called right after the component got its work context, for every
   * lookup, before the most specific candidate is chosen; a component that returns false is left
   * out as if its {@code applyOn} did not match. The default takes part always. Override it to
   * decide from the work, for example the backend's version:
   *
   * <pre>{@code
   * @ComponentSpec(name = "shop.v2.order.importer", applyOn = "shop.order")
   * public class V2OrderImporter extends ShopOrderImporter {
   *   @Override protected boolean matchesWork() {
   *     return work().attribute("version", String.class).startsWith("2.");
   *   }
   * }
   * }</pre>
   *
   * <p>Keep it cheap and free of side effects: it runs on every lookup that considers the
   * component, and the instance is dropped when it returns false.
   */
  protected boolean matchesWork() {
    return true;
  }

  /** Same as {@code work().component(type, usage)}. */
  public final <T> T component(Class<T> type, String usage) {
    return work().component(type, usage);
  }

  /** Same as {@code work().component(type, usage, modelName)}. */
  public final <T> T component(Class<T> type, String usage, String modelName) {
    return work().component(type, usage, modelName);
  }

  /** Same as {@code work().componentByName(type, name)}. */
  public final <T> T componentByName(Class<T> type, String name) {
    return work().componentByName(type, name);
  }

  @Override
  public String toString() {
    return descriptor == null ? getClass().getSimpleName() : descriptor.name() + "@" + work.modelName();
  }
}
