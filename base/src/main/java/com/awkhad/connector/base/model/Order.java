package com.awkhad.connector.base.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The order of search results, by declared fields (and {@code id}). Results are always finally
 * ordered by {@code id} so that paging with limit/offset is stable. Nulls sort last in ascending
 * order and first in descending order, on both databases.
 *
 * <pre>{@code
 * Order.by("name")                 // name ascending
 * Order.by("kind desc", "name")    // kind descending, then name ascending
 * Order.desc("create_date").thenAsc("name")
 * }</pre>
 */
public final class Order {
  /** One ordering term. */
  public record Term(String field, boolean descending) {}

  private final List<Term> terms;

  private Order(List<Term> terms) {
    this.terms = List.copyOf(terms);
  }

  /**
   * Parses terms written {@code "field"}, {@code "field asc"} or {@code "field desc"}.
   *
   * @throws ModelException when a term is malformed
   */
  public static Order by(String... terms) {
    List<Term> parsed = new ArrayList<>();
    for (String t : terms) {
      String[] parts = t == null ? new String[0] : t.trim().split("\\s+");
      if (parts.length == 1 && !parts[0].isEmpty()) {
        parsed.add(new Term(parts[0], false));
      } else if (parts.length == 2 && (parts[1].equalsIgnoreCase("asc") || parts[1].equalsIgnoreCase("desc"))) {
        parsed.add(new Term(parts[0], parts[1].toLowerCase(Locale.ROOT).equals("desc")));
      } else {
        throw new ModelException(ModelException.Reason.INVALID_QUERY,
            "Bad order term '" + t + "': write \"field\", \"field asc\" or \"field desc\"");
      }
    }
    return new Order(parsed);
  }

  public static Order asc(String field) {
    return new Order(List.of(new Term(field, false)));
  }

  public static Order desc(String field) {
    return new Order(List.of(new Term(field, true)));
  }

  /** By {@code id}, ascending: the default. */
  public static Order byId() {
    return new Order(List.of());
  }

  public Order thenAsc(String field) {
    List<Term> more = new ArrayList<>(terms);
    more.add(new Term(field, false));
    return new Order(more);
  }

  public Order thenDesc(String field) {
    List<Term> more = new ArrayList<>(terms);
    more.add(new Term(field, true));
    return new Order(more);
  }

  public List<Term> terms() {
    return terms;
  }

  @Override
  public String toString() {
    return terms.isEmpty() ? "id" : String.join(", ", terms.stream().map(t -> t.field() + (t.descending() ? " desc" : "")).toList());
  }
}
