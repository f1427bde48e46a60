package com.awkhad.connector.queue.related;

import java.util.List;
import java.util.Map;

/**
 * What a job is about: a sentence ("import coffee.order.binding 1027 from 'Kitchen machine'") and
 * the records it touches, each a {@link Link}.
 *
 * <pre>{@code
 * new RelatedRecord("import coffee.order.binding 1027 from 'Kitchen machine'", List.of(
 *     new RelatedRecord.Link("binding", "binding #12", Map.of("external id", "1027"), "#/jobs?backend=1&q=1027")));
 * }</pre>
 *
 * @param words the job in words, for a person
 * @param links the binding, local record, backend... it touches, most specific first
 */
public record RelatedRecord(String words, List<Link> links) {
  public RelatedRecord {
    links = links == null ? List.of() : List.copyOf(links);
  }

  /**
   * One record a job touches.
   *
   * @param rel what it is to the job: {@code binding}, {@code local}, {@code backend}, ...
   * @param label how it is named to a person
   * @param facts a few plain values that identify it (never a secret)
   * @param href where the dashboard opens it (a {@code #/...} route), or null
   */
  public record Link(String rel, String label, Map<String, Object> facts, String href) {
    public Link {
      facts = facts == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(facts));
    }
  }
}
