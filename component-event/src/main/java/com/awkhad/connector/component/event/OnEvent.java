package com.awkhad.connector.component.event;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of an {@link EventListener} as the handler of a custom event. The name must
 * start with {@code on_}; the method's parameters receive the arguments given to
 * {@link ComponentEvents#notify}, in order.
 *
 * <pre>{@code
 * @OnEvent("on_invoice_paid")
 * public void invoicePaid(RecordRef invoice) { ... }
 * // published with: ComponentEvents.of(env).notify("on_invoice_paid", "account.invoice", invoice);
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnEvent {
  /** The event name, e.g. {@code on_invoice_paid}. */
  String value();
}
