package com.awkhad.connector.component;

/** Binder components of two fictitious connectors, coffee and tea, used by the lookup tests. */
final class Binders {
  private Binders() {}

  @ComponentSpec(name = "base.binder", usage = "binder")
  abstract static class BaseBinder extends AbstractComponent {
    String toExternal(long id) {
      return modelName() + ":" + id;
    }
  }

  @ComponentSpec(name = "generic.binder")
  static class GenericBinder extends BaseBinder {}

  @ComponentSpec(name = "coffee.binder", collection = "coffee.backend")
  static class CoffeeBinder extends BaseBinder {}

  @ComponentSpec(name = "coffee.product.binder", applyOn = "coffee.product")
  static class CoffeeProductBinder extends CoffeeBinder {}

  @ComponentSpec(name = "tea.binder", collection = "tea.backend", applyOn = {"tea.leaf", "tea.pot"})
  static class TeaBinder extends BaseBinder {}

  @ComponentSpec(name = "coffee.importer", collection = "coffee.backend", usage = "record.importer")
  static class CoffeeImporter extends AbstractComponent {
    /** Finds the binder of another model from inside a component. */
    BaseBinder binderFor(String model) {
      return component(BaseBinder.class, "binder", model);
    }
  }

  @ComponentSpec(name = "coffee.mapper.a", collection = "coffee.backend", usage = "import.mapper", applyOn = "coffee.product")
  static class MapperA extends AbstractComponent {}

  @ComponentSpec(name = "coffee.mapper.b", collection = "coffee.backend", usage = "import.mapper", applyOn = "coffee.product")
  static class MapperB extends AbstractComponent {}
}
