package com.awkhad.connector.framework.mapper;

import com.awkhad.connector.component.ComponentSpec;

/**
 * Maps an external record (the adapter's {@code read} result) to the values of a local record
 * (usage {@code import.mapper}). A field the external record does not hold is absent: null in the
 * values of a create, left out of the values of an update (a partial record never blanks local
 * fields); a field it holds as null maps as null ({@link MapRecord}).
 */
@ComponentSpec(name = "base.import.mapper", usage = ImportMapper.USAGE)
public abstract class ImportMapper extends Mapper {
  public static final String USAGE = "import.mapper";

  protected ImportMapper() {}
}
