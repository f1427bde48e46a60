package com.awkhad.connector.connector.mapper;

import com.awkhad.connector.component.ComponentSpec;

/**
 * Maps an external record (the adapter's {@code read} result) to the values of a local record
 * (usage {@code import.mapper}). A missing key of the external record reads as null.
 */
@ComponentSpec(name = "base.import.mapper", usage = ImportMapper.USAGE)
public abstract class ImportMapper extends Mapper {
  public static final String USAGE = "import.mapper";

  protected ImportMapper() {}
}
