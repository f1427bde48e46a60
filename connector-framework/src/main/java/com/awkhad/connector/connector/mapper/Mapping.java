package com.awkhad.connector.connector.mapper;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a mapper method computing target values from the source record. The method is public,
 * takes the source record ({@code Map<String, Object>}) and returns the values it computes (a
 * {@code Map<String, Object>}; null or empty means nothing).
 *
 * <pre>{@code
 * @Mapping(changedBy = {"firstname", "lastname"})
 * public Map<String, Object> name(Map<String, Object> record) {
 *   return Map.of("name", record.get("firstname") + " " + record.get("lastname"));
 * }
 *
 * @Mapping(onlyCreate = true)
 * public Map<String, Object> origin(Map<String, Object> record) {
 *   return Map.of("origin", "imported");
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Mapping {

  /**
   * The source fields this method reads. When values are asked for some fields only (an export of
   * the fields that changed), the method runs only if one of them is listed; with none listed it
   * always runs. They also count in {@link Mapper#changedByFields()}.
   */
  String[] changedBy() default {};

  /** Run only when mapping for a create, never for an update. */
  boolean onlyCreate() default false;
}
