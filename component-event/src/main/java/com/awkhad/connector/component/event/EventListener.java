package com.awkhad.connector.component.event;

import com.awkhad.connector.component.AbstractComponent;
import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.component.RecordRef;
import java.util.Set;

/**
 * The base of listener components (component {@code base.event.listener}, usage
 * {@code event.listener}). A listener overrides the record events it wants and declares custom
 * events with {@link OnEvent}; {@link ComponentEvents} calls it synchronously, in the
 * transaction of the change, for the models in its {@code applyOn} (every model if empty) and
 * for its collection (see {@link ComponentEvents#forCollection(String)}).
 *
 * <pre>{@code
 * @ComponentSpec(name = "coffee.product.listener", applyOn = "product.product")
 * public class ProductListener extends EventListener {
 *   @Override
 *   @SkipIf(NoExport.class)                        // not while importing
 *   public void onRecordWrite(RecordRef record, Set<String> fields) { ...enqueue an export... }
 *
 *   @OnEvent("on_product_discontinued")
 *   public void discontinued(RecordRef product, String reason) { ... }
 * }
 * }</pre>
 *
 * <p>An exception thrown by a listener propagates to the code that made the change (and so
 * rolls its transaction back).
 */
@ComponentSpec(name = "base.event.listener", usage = EventListener.USAGE)
public abstract class EventListener extends AbstractComponent {
  /** The usage of every listener. */
  public static final String USAGE = "event.listener";

  protected EventListener() {}

  /** {@code on_record_create}: after {@code record} was created with {@code fields}. */
  public void onRecordCreate(RecordRef record, Set<String> fields) {}

  /** {@code on_record_write}: after {@code fields} of {@code record} were written. */
  public void onRecordWrite(RecordRef record, Set<String> fields) {}

  /** {@code on_record_unlink}: before {@code record} is deleted. */
  public void onRecordUnlink(RecordRef record) {}
}
