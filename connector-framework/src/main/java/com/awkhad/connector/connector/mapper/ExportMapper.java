package com.awkhad.connector.connector.mapper;

import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.connector.exception.MappingError;
import java.util.Map;

/**
 * Maps a local record (as read by {@code env.model(...).read(id)}) to the values sent to the
 * external system (usage {@code export.mapper}). A source field the record does not have is an
 * error (a typo would otherwise send nulls).
 */
@ComponentSpec(name = "base.export.mapper", usage = ExportMapper.USAGE)
public abstract class ExportMapper extends Mapper {
  public static final String USAGE = "export.mapper";

  protected ExportMapper() {}

  @Override
  protected Object sourceValue(Map<String, Object> record, String field) {
    if (!record.containsKey(field)) {
      throw new MappingError(who() + ": the local record has no field '" + field + "'. Its fields: " + record.keySet()
          + ". Fix the source of the mapping");
    }
    return record.get(field);
  }
}
