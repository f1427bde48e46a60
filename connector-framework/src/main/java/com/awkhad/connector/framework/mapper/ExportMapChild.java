package com.awkhad.connector.framework.mapper;

import com.awkhad.connector.component.ComponentSpec;

/**
 * Maps the children of an export ({@link MapChild}, usage {@code export.map.child}) with the
 * child model's {@link ExportMapper}; the target receives the list of the items' values.
 */
@ComponentSpec(name = "base.map.child.export", usage = ExportMapChild.USAGE)
public class ExportMapChild extends MapChild {
  public static final String USAGE = "export.map.child";

  @Override
  protected Mapper childMapper() {
    return component(ExportMapper.class, ExportMapper.USAGE);
  }
}
