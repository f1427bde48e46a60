package com.awkhad.connector.framework.mapper;

import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.framework.core.ConnectorComponent;
import com.awkhad.connector.framework.exception.MappingError;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Maps the items of a children mapping ({@link Child}): the original's {@code MapChild}. A mapper
 * looks it up on the child model with its child usage ({@link ImportMapChild#USAGE} or
 * {@link ExportMapChild#USAGE}); the generic ones registered by the connector addon apply to every
 * model, and a connector's own (with a collection and an {@code applyOn}) wins over them. Each item
 * is mapped by the child model's mapper ({@link #childMapper()}); override the hooks to change what
 * is kept and how:
 *
 * <pre>{@code
 * @ComponentSpec(name = "shop.order.line.map.child", collection = "shop.backend", applyOn = "shop.order.line")
 * public class LineMapChild extends ImportMapChild {
 *   protected boolean skipItem(MapRecord item) {             // leave out the shipping line
 *     return "SHIP".equals(item.source().get("sku"));
 *   }
 *   protected Map<String, Object> getItemValues(MapRecord item, String target, MapOptions options) {
 *     Map<String, Object> values = super.getItemValues(item, target, options);
 *     values.put("sequence", item.parent().source().get("line_count"));
 *     return values;
 *   }
 *   protected List<?> formatItems(List<Map<String, Object>> items) {  // one per product code
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>An item whose values are empty is dropped, as in the original.
 */
@ComponentSpec(name = "base.map.child")
public abstract class MapChild extends ConnectorComponent {

  protected MapChild() {}

  /** The mapper of the child model (this component's model) that maps each item. */
  protected abstract Mapper childMapper();

  /**
   * The mapped items of a children field: each item of {@code items} mapped (a child of {@code
   * parent}), the skipped and the empty ones left out, then formatted by {@link #formatItems}.
   *
   * @param target the target field of the children mapping
   */
  public List<?> getItems(Collection<?> items, MapRecord parent, String target, MapOptions options) {
    Mapper mapper = childMapper();
    List<Map<String, Object>> mapped = new ArrayList<>();
    for (Object item : items) {
      if (!(item instanceof Map<?, ?> m)) {
        throw new MappingError(parent.mapper().who() + ": an item of the children of '" + target + "' is not a record: '"
            + Mapper.shorten(item) + "'");
      }
      @SuppressWarnings("unchecked")
      MapRecord rec = mapper.mapRecord((Map<String, Object>) m, parent);
      if (skipItem(rec)) {
        continue;
      }
      Map<String, Object> values = getItemValues(rec, target, options);
      if (values != null && !values.isEmpty()) {
        mapped.add(values);
      }
    }
    return formatItems(mapped);
  }

  /** The values of one item: by default, all its mappings with the parent's options. */
  protected Map<String, Object> getItemValues(MapRecord item, String target, MapOptions options) {
    return item.values(options.forCreate(), null, options.given());
  }

  /** The list the target field receives, from the items' values; by default the values as they are. */
  protected List<?> formatItems(List<Map<String, Object>> items) {
    return items;
  }

  /** True to leave {@code item} out; by default, what the child mapper's {@link Mapper#skipItem} says. */
  protected boolean skipItem(MapRecord item) {
    return item.mapper().skipItem(item);
  }
}
