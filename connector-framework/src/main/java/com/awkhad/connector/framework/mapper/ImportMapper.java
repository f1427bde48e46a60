package com.awkhad.connector.framework.mapper;

import com.awkhad.connector.component.ComponentSpec;

/**
 * Maps an external record (the adapter's {@code read} result) to the values of a local record
 * (usage {@code import.mapper}). A field the external record does not hold is absent: null in the
 * values of a create, left out of the values of an update (a partial record never blanks local
 * fields); a field it holds as null maps as null ({@link MapRecord}).
 *
 * <p>A plain {@code direct("category", "categ_id")} into a many2one field of the local model whose
 * comodel one binding model of the backend binds is converted as {@code externalToM2o("category",
 * <that binding model>)} would (the original's implicit conversion); write the modifier to choose
 * another binding model, or {@code Source.of} to keep the raw value.
 */
@ComponentSpec(name = "base.import.mapper", usage = ImportMapper.USAGE)
public abstract class ImportMapper extends Mapper {
  public static final String USAGE = "import.mapper";

  protected ImportMapper() {}

  /** Children are mapped by the {@link ImportMapChild} of the child model. */
  @Override
  protected String mapChildUsage() {
    return ImportMapChild.USAGE;
  }

  /** A plain direct mapping into a many2one field of the local model is converted ({@link Mapper}). */
  @Override
  String implicitM2oField(Direct d) {
    return d.target().indexOf('.') < 0 ? d.target() : null;
  }

  @Override
  String implicitFactory() {
    return "externalToM2o";
  }

  @Override
  Source implicitSource(String field, String bindingModel) {
    return externalToM2o(field, bindingModel);
  }
}
