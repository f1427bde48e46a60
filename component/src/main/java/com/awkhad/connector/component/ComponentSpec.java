package com.awkhad.connector.component;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a component: its name and where a {@link WorkContext} lookup may return it.
 *
 * <pre>{@code
 * @ComponentSpec(name = "coffee.product.binder", collection = "coffee.backend",
 *     usage = "binder", applyOn = "coffee.product")
 * public class CoffeeProductBinder extends BaseBinder { ... }
 * }</pre>
 *
 * <p>Every registered component class carries this annotation itself. What it inherits is its
 * Java superclass: {@code collection}, {@code usage} and {@code applyOn} left empty take the
 * value of the nearest annotated superclass. A class annotated with the <em>same</em> name as
 * the class it extends, registered by a later addon, extends that component in place: lookups
 * then instantiate the subclass. A Java {@code abstract} class is an abstract component, never
 * returned by a lookup.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ComponentSpec {

  /** Unique name, e.g. {@code coffee.product.importer}. */
  String name();

  /**
   * The collection (backend model name such as {@code coffee.backend}) the component belongs
   * to; empty for every collection (or inherited from the superclass).
   */
  String collection() default "";

  /** What the component is for: {@code binder}, {@code record.importer}, {@code event.listener}... */
  String usage() default "";

  /** Model names the component applies to; empty for any model (or inherited). */
  String[] applyOn() default {};
}
