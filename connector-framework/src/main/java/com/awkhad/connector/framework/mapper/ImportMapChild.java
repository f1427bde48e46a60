package com.awkhad.connector.framework.mapper;

import com.awkhad.connector.component.ComponentSpec;

/**
 * Maps the children of an import ({@link MapChild}, usage {@code import.map.child}) with the
 * child model's {@link ImportMapper}. The target receives the list of the items' values (the
 * original gives {@code (0, 0, values)} commands: our models have no one2many to receive them).
 */
@ComponentSpec(name = "base.map.child.import", usage = ImportMapChild.USAGE)
public class ImportMapChild extends MapChild {
  public static final String USAGE = "import.map.child";

  @Override
  protected Mapper childMapper() {
    return component(ImportMapper.class, ImportMapper.USAGE);
  }
}
