package com.awkhad.connector.component.event;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Skips a listener method when any of the given conditions holds for the event. Each condition
 * class needs a constructor without parameters; one instance serves every call, on every
 * thread, so keep conditions stateless.
 *
 * <pre>{@code
 * @Override
 * @SkipIf({NoExport.class, OnlyTechnicalFields.class})
 * public void onRecordWrite(RecordRef record, Set<String> fields) { ... }
 * }</pre>
 *
 * <p>Put it on the handler method (an override may add conditions; those of the overridden
 * declarations still apply).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface SkipIf {
  Class<? extends SkipCondition>[] value();
}
