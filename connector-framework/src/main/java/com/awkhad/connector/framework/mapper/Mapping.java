package com.awkhad.connector.framework.mapper;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a mapper method computing target values from the source record. The method is public,
 * takes the source record ({@code Map<String, Object>}) and returns the values it computes (a
 * {@code Map<String, Object>}; null or empty means nothing). A null value sets its field to null,
 * over a value mapped before it: return {@code Collections.singletonMap("x", null)} or a {@code
 * HashMap} ({@code Map.of} refuses nulls). The method sees the raw record, absent fields included:
 * {@link SourcePath#has} tells an absent field from a null one, {@link SourcePath#get} reads a path.
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
 *
 * @Mapping(changedBy = "assignee.email")
 * public Map<String, Object> user(Map<String, Object> record) {
 *   if (!SourcePath.has(record, "assignee")) {
 *     return Map.of();                              // absent: leave user_id as it is
 *   }
 *   Object email = SourcePath.get(record, "assignee.email");
 *   return Collections.singletonMap("user_id", email == null ? null : userIdOf(email)); // null clears it
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Mapping {

  /**
   * The source fields this method reads (keys or dotted paths). When values are asked for some
   * fields only (an export of the fields that changed), the method runs only if one of them, or
   * its top-level key, is listed; with none listed it always runs. Their top-level keys also count
   * in {@link Mapper#changedByFields()} and {@link Mapper#sourceKeys()}; a method that lists none
   * makes {@code sourceKeys()} empty (it may read anything).
   */
  String[] changedBy() default {};

  /** Run only when mapping for a create, never for an update. */
  boolean onlyCreate() default false;
}
