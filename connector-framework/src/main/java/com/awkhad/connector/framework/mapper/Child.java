package com.awkhad.connector.framework.mapper;

/**
 * A children mapping: the source field holds a list of records (order lines), each mapped by the
 * mapper of the same usage for {@code childModel}; the target receives the list of mapped values.
 *
 * <pre>{@code
 * protected List<Child> children() {
 *   return List.of(new Child("lines", "line_ids", "coffee.order.line"));
 * }
 * }</pre>
 */
public record Child(String source, String target, String childModel) {
  public Child {
    if (source == null || target == null || childModel == null) {
      throw new IllegalArgumentException("A children mapping needs a source field, a target field and a child model");
    }
  }
}
