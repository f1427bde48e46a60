package com.awkhad.connector.component.event;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.base.event.RecordEvent;
import com.awkhad.connector.base.event.RecordObserver;
import com.awkhad.connector.component.ComponentDescriptor;
import com.awkhad.connector.component.ComponentException;
import com.awkhad.connector.component.ComponentRegistry;
import com.awkhad.connector.component.RecordRef;
import com.awkhad.connector.component.WorkContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to listener components. The {@code component_event} addon registers one per
 * environment and feeds it the record events of {@code base} ({@code on_record_create},
 * {@code on_record_write}, {@code on_record_unlink}); code publishes its own {@code on_*} events
 * with {@link #notify}.
 *
 * <pre>{@code
 * ComponentEvents events = ComponentEvents.of(env);
 * events.notify("on_invoice_paid", "account.invoice", invoice);      // listeners of every collection
 * events.forCollection(backend).notify("on_stock_sent", "stock.picking", picking);  // coffee's and collection-less ones
 * }</pre>
 *
 * <p>Listeners are the components with usage {@code event.listener} whose {@code applyOn}
 * contains the event's model (or is empty). Without a collection every collection's listeners
 * run; with one, only that collection's and those without a collection. They run synchronously
 * in registration order, each as a fresh instance whose work context has the event's model and
 * the event's collection (for an event without one: the listener's own collection, if it
 * declares one, so that its lookups find that collection's components). Events published
 * before the environment finished starting are dropped.
 */
public final class ComponentEvents implements RecordObserver {
  private static final Logger log = LoggerFactory.getLogger(ComponentEvents.class);

  private final ComponentRegistry registry;
  private final Environment env;
  private final String collectionName;
  private final RecordRef collectionRecord;
  private final Map<Key, List<Target>> targets;

  private ComponentEvents(
      ComponentRegistry registry, Environment env, String collectionName, RecordRef collectionRecord, Map<Key, List<Target>> targets) {
    this.registry = registry;
    this.env = env;
    this.collectionName = collectionName;
    this.collectionRecord = collectionRecord;
    this.targets = targets;
  }

  /** The events of a started environment (registered by the {@code component_event} addon). */
  public static ComponentEvents of(Environment env) {
    try {
      return env.service(ComponentEvents.class);
    } catch (IllegalStateException e) {
      throw new ComponentException(
          "No component events in this environment: add the 'component_event' addon to the depends of your addon ("
              + e.getMessage() + ")");
    }
  }

  /**
   * Events over {@code registry} without an environment (unit tests); always delivered. Checks
   * every listener's handlers.
   */
  public static ComponentEvents of(ComponentRegistry registry) {
    return create(registry, null);
  }

  static ComponentEvents create(ComponentRegistry registry, Environment env) {
    ComponentEvents events = new ComponentEvents(Objects.requireNonNull(registry, "registry"), env, null, null, new ConcurrentHashMap<>());
    events.checkListeners();
    return events;
  }

  /** The same events, published for the collection {@code collectionName} only. */
  public ComponentEvents forCollection(String collectionName) {
    Objects.requireNonNull(collectionName, "collectionName");
    return new ComponentEvents(registry, env, collectionName, null, targets);
  }

  /** The same events, published for the collection record {@code backend} (its model is the collection). */
  public ComponentEvents forCollection(RecordRef backend) {
    return new ComponentEvents(registry, env, backend.model(), backend, targets);
  }

  /**
   * Calls the handlers of {@code eventName} of the listeners of {@code modelName}, passing
   * {@code args}.
   *
   * @throws IllegalArgumentException when the name does not start with {@code on_}
   * @throws ComponentException when a handler's parameters do not accept {@code args}
   */
  public void notify(String eventName, String modelName, Object... args) {
    ListenerMethods.checkEventName(eventName);
    if (modelName == null || modelName.isBlank()) {
      throw new IllegalArgumentException("Event '" + eventName + "' needs the model it is about, e.g. \"account.invoice\"");
    }
    Object[] arguments = args == null ? new Object[] {null} : args;
    if (env != null && !env.recordEvents().ready()) {
      log.debug("Dropped {} on {}: the environment is still starting", eventName, modelName);
      return;
    }
    List<Target> found = targets.computeIfAbsent(new Key(collectionName, modelName, eventName), this::resolve);
    if (found.isEmpty()) {
      return;
    }
    Event event = new Event(eventName, modelName, collectionName, Arrays.asList(arguments));
    WorkContext shared = collectionName != null ? workContext(modelName, collectionName, collectionRecord) : null;
    for (Target t : found) {
      // without a collection, each listener works in its own declared collection (or none)
      WorkContext work = shared != null ? shared : workContext(modelName, t.collection(), null);
      EventListener listener = work.componentByName(EventListener.class, t.name());
      if (t.handler().skipped(listener, event)) {
        log.trace("{} skipped {} on {}", t.name(), eventName, modelName);
        continue;
      }
      t.handler().invoke(listener, arguments);
    }
  }

  private WorkContext workContext(String modelName, String collection, RecordRef record) {
    WorkContext.Builder builder = env != null ? WorkContext.builder(env) : WorkContext.builder(registry);
    if (record != null) {
      builder.collection(record);
    } else if (collection != null) {
      builder.collection(collection);
    }
    return builder.model(modelName).build();
  }

  /** Turns a record event of {@code base} into {@code on_record_*} listener calls. */
  @Override
  public void onRecordEvent(RecordEvent e) {
    RecordRef record = new RecordRef(e.model(), e.id());
    if (e.kind() == RecordEvent.Kind.UNLINK) {
      notify(e.kind().eventName(), e.model(), record);
    } else {
      notify(e.kind().eventName(), e.model(), record, e.fields());
    }
  }

  private List<Target> resolve(Key key) {
    List<Target> out = new ArrayList<>();
    for (ComponentDescriptor d : registry.lookup(key.collection(), EventListener.USAGE, key.model())) {
      ListenerMethods.Handler h = ListenerMethods.of(d).handler(key.event());
      if (h != null) {
        out.add(new Target(d.name(), d.collection(), h));
      }
    }
    return List.copyOf(out);
  }

  private void checkListeners() {
    for (ComponentDescriptor d : registry.lookup(null, EventListener.USAGE, null)) {
      if (!EventListener.class.isAssignableFrom(d.type())) {
        throw new ComponentException(
            "Component '" + d.name() + "' (" + d.type().getName() + ") has usage '" + EventListener.USAGE
                + "' but does not extend " + EventListener.class.getName() + ": make it extend EventListener or change its usage");
      }
      ListenerMethods.of(d);
    }
  }

  private record Key(String collection, String model, String event) {}

  private record Target(String name, String collection, ListenerMethods.Handler handler) {}
}
