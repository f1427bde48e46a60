package com.awkhad.connector.coffee.component;

/**
 * The names the coffee components and {@code CoffeeAddon} share: the backend type (the components'
 * collection), the models, the binding models, the channel and the menu's mark. They live beside
 * the components so that the components never depend on the addon's package (the addon lists the
 * components: the other way round would make a package cycle); {@code CoffeeAddon} and
 * {@code CoffeeBackends} repeat them for callers. The same layout as {@code ./connector new}
 * generates.
 */
public final class CoffeeNames {
  /** The backend type, the component collection of the coffee components. */
  public static final String BACKEND = "coffee.backend";
  /** Binding model of the machine's beverages (imported). */
  public static final String BEVERAGE_BINDING = "coffee.beverage.binding";
  /** Binding model of the orders sent to the machine (exported). */
  public static final String ORDER_BINDING = "coffee.order.binding";
  /** Local model of the menu. */
  public static final String BEVERAGE = "coffee.beverage";
  /** Local model of the orders. */
  public static final String ORDER = "coffee.order";
  /** The channel of the coffee jobs. */
  public static final String CHANNEL = "root.coffee";
  /** The setting holding the high-water mark of the menu's imports. */
  public static final String MENU_MARK = "import_beverages_from";

  private CoffeeNames() {}
}
