package com.awkhad.connector.framework.mapper;

import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.framework.exception.MappingError;
import java.util.Map;

/**
 * Maps a local record (as read by {@code env.model(...).read(id)}) to the values sent to the
 * external system (usage {@code export.mapper}). A source field the record does not have is an
 * error (a typo would otherwise send nulls); for a path into a JSON field ({@code "address.city"})
 * the field ({@code address}) must exist, and a missing key inside it reads as absent.
 */
@ComponentSpec(name = "base.export.mapper", usage = ExportMapper.USAGE)
public abstract class ExportMapper extends Mapper {
  public static final String USAGE = "export.mapper";

  protected ExportMapper() {}

  @Override
  void checkSource(Map<String, Object> record, String field) {
    if (!record.containsKey(field) && !record.containsKey(SourcePath.topKey(field))) {
      throw new MappingError(who() + ": the local record has no field '" + SourcePath.topKey(field) + "'. Its fields: "
          + record.keySet() + ". Fix the source of the mapping");
    }
  }
}
