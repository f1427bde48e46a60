package com.awkhad.connector.framework.mapper;

import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.framework.exception.MappingError;
import java.util.Map;

/**
 * Maps a local record (as read by {@code env.model(...).read(id)}) to the values sent to the
 * external system (usage {@code export.mapper}). A source field the record does not have is an
 * error (a typo would otherwise send nulls); for a path into a JSON field ({@code "address.city"})
 * the field ({@code address}) must exist, and a missing key inside it reads as absent.
 *
 * <p>A plain {@code direct("category_id", "category")} from a many2one field whose comodel one
 * binding model of the backend binds sends the related record's external id, as {@code
 * m2oToExternal("category_id", <that binding model>)} would (the original's implicit conversion).
 * {@code followM2o("category_id.name")} reads through the relations of the local record.
 */
@ComponentSpec(name = "base.export.mapper", usage = ExportMapper.USAGE)
public abstract class ExportMapper extends Mapper {
  public static final String USAGE = "export.mapper";

  protected ExportMapper() {}

  /** Children are mapped by the {@link ExportMapChild} of the child model. */
  @Override
  protected String mapChildUsage() {
    return ExportMapChild.USAGE;
  }

  /** A plain direct mapping from a many2one field of the local model is converted ({@link Mapper}). */
  @Override
  String implicitM2oField(Direct d) {
    String field = d.source().field();
    return field.indexOf('.') < 0 ? field : null;
  }

  @Override
  String implicitFactory() {
    return "m2oToExternal";
  }

  @Override
  Source implicitSource(String field, String bindingModel) {
    return m2oToExternal(field, bindingModel);
  }

  @Override
  void checkSource(Map<String, Object> record, String field) {
    if (!record.containsKey(field) && !record.containsKey(SourcePath.topKey(field))) {
      throw new MappingError(who() + ": the local record has no field '" + SourcePath.topKey(field) + "'. Its fields: "
          + record.keySet() + ". Fix the source of the mapping");
    }
  }
}
