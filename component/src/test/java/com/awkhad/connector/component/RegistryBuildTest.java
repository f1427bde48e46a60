package com.awkhad.connector.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.base.addon.Addon;
import com.awkhad.connector.base.addon.AddonLoader;
import com.awkhad.connector.base.addon.BaseAddon;
import com.awkhad.connector.base.addon.Manifest;
import com.awkhad.connector.component.Binders.BaseBinder;
import com.awkhad.connector.component.Binders.CoffeeBinder;
import com.awkhad.connector.component.Binders.CoffeeProductBinder;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryBuildTest {

  // ---- extension in place by a later addon --------------------------------------------------

  /** The fictitious coffee connector: a binder for the collection. */
  static final class CoffeeAddon implements Addon, ComponentProvider {
    public Manifest manifest() {
      return Manifest.of("connector_coffee", "1.0").depends("component").build();
    }

    public List<Class<? extends AbstractComponent>> components() {
      return List.of(BaseBinder.class, CoffeeBinder.class, CoffeeProductBinder.class);
    }
  }

  /** A later addon that changes the coffee binder in place. */
  static final class CoffeeExtrasAddon implements Addon, ComponentProvider {
    public Manifest manifest() {
      return Manifest.of("connector_coffee_extras", "1.0").depends("connector_coffee").build();
    }

    public List<Class<? extends AbstractComponent>> components() {
      return List.of(PrefixedCoffeeBinder.class);
    }
  }

  @ComponentSpec(name = "coffee.binder")
  static class PrefixedCoffeeBinder extends CoffeeBinder {
    @Override
    String toExternal(long id) {
      return "X-" + super.toExternal(id);
    }
  }

  @Test
  void aLaterAddonExtendsAComponentInPlace() {
    List<Addon> ordered = AddonLoader.resolve(
        List.of(new CoffeeExtrasAddon(), new CoffeeAddon(), new ComponentAddon(), new BaseAddon()),
        List.of("connector_coffee_extras"));
    ComponentRegistry registry = ComponentRegistry.fromAddons(ordered);

    ComponentDescriptor d = registry.get("coffee.binder").orElseThrow();
    assertThat(d.type()).isEqualTo(PrefixedCoffeeBinder.class);
    assertThat(d.addons()).containsExactly("connector_coffee", "connector_coffee_extras");
    assertThat(d.collection()).isEqualTo("coffee.backend");
    assertThat(d.usage()).isEqualTo("binder");
    // the extension keeps the component's place in registration order
    assertThat(registry.all()).extracting(ComponentDescriptor::name)
        .containsExactly("base.binder", "coffee.binder", "coffee.product.binder");

    WorkContext work = WorkContext.builder(registry).collection("coffee.backend").model("coffee.category").build();
    BaseBinder binder = work.component(BaseBinder.class, "binder");
    assertThat(binder).isExactlyInstanceOf(PrefixedCoffeeBinder.class);
    assertThat(binder.toExternal(5)).isEqualTo("X-coffee.category:5");

    // without the extras addon, the original class is used
    ComponentRegistry plain = ComponentRegistry.fromAddons(
        AddonLoader.resolve(List.of(new CoffeeExtrasAddon(), new CoffeeAddon(), new ComponentAddon(), new BaseAddon()),
            List.of("connector_coffee")));
    assertThat(plain.get("coffee.binder").orElseThrow().type()).isEqualTo(CoffeeBinder.class);
  }

  @ComponentSpec(name = "coffee.binder")
  static class OtherCoffeeBinderExtension extends CoffeeBinder {}

  @Test
  void twoExtensionsMustChain() {
    assertThatThrownBy(() -> ComponentRegistry.builder()
            .components("connector_coffee", BaseBinder.class, CoffeeBinder.class)
            .components("extras", PrefixedCoffeeBinder.class)
            .components("more", OtherCoffeeBinderExtension.class)
            .build())
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("Component 'coffee.binder' was already extended in place by " + PrefixedCoffeeBinder.class.getName())
        .hasMessageContaining("Make OtherCoffeeBinderExtension extend PrefixedCoffeeBinder");
  }

  // ---- errors name the component ------------------------------------------------------------

  static class Unnamed extends AbstractComponent {}

  static class UnnamedBinder extends CoffeeBinder {}

  @Test
  void missingName() {
    assertThatThrownBy(() -> ComponentRegistry.of(Unnamed.class))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("Component class " + Unnamed.class.getName() + " (addon 'test') has no name")
        .hasMessageContaining("@ComponentSpec(name = \"...\")");
    assertThatThrownBy(() -> ComponentRegistry.of(BaseBinder.class, CoffeeBinder.class, UnnamedBinder.class))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("using the name 'coffee.binder' of CoffeeBinder to extend that component in place");
  }

  @ComponentSpec(name = "coffee.binder", collection = "coffee.backend", usage = "binder")
  static class ImpostorBinder extends AbstractComponent {}

  @Test
  void duplicateName() {
    assertThatThrownBy(() -> ComponentRegistry.builder()
            .components("connector_coffee", BaseBinder.class, CoffeeBinder.class)
            .components("connector_impostor", ImpostorBinder.class)
            .build())
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("Two components are named 'coffee.binder': " + CoffeeBinder.class.getName()
            + " (addon 'connector_coffee') and " + ImpostorBinder.class.getName() + " (addon 'connector_impostor')");
    assertThatThrownBy(() -> ComponentRegistry.builder()
            .components("a", BaseBinder.class)
            .components("b", BaseBinder.class)
            .build())
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("Component 'base.binder' (" + BaseBinder.class.getName() + ") is registered twice, by addon 'a' and by addon 'b'");
  }

  @Test
  void unknownParent() {
    assertThatThrownBy(() -> ComponentRegistry.builder().components("connector_coffee", CoffeeBinder.class).build())
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("Component 'coffee.binder' (" + CoffeeBinder.class.getName()
            + ", addon 'connector_coffee') inherits component 'base.binder' (" + BaseBinder.class.getName()
            + "), which is not registered")
        .hasMessageContaining("register BaseBinder in an addon that 'connector_coffee' depends on");
  }

  @ComponentSpec(name = "base.binder")
  static class ConcreteBaseBinder extends BaseBinder {}

  @ComponentSpec(name = "coffee.binder")
  abstract static class AbstractCoffeeBinder extends CoffeeBinder {}

  @Test
  void abstractMadeConcreteByExtension() {
    assertThatThrownBy(() -> ComponentRegistry.builder()
            .components("connector", BaseBinder.class)
            .components("connector_coffee", ConcreteBaseBinder.class)
            .build())
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("Component 'base.binder' is abstract (" + BaseBinder.class.getName()
            + ") but addon 'connector_coffee' extends it in place with the concrete class " + ConcreteBaseBinder.class.getName());
    assertThatThrownBy(() -> ComponentRegistry.builder()
            .components("connector", BaseBinder.class, CoffeeBinder.class)
            .components("connector_coffee", AbstractCoffeeBinder.class)
            .build())
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("Component 'coffee.binder' is concrete");
  }

  @ComponentSpec(name = "needs.args", usage = "x")
  static class NeedsArgs extends AbstractComponent {
    NeedsArgs(String s) {}
  }

  @ComponentSpec(name = "inner", usage = "x")
  class Inner extends AbstractComponent {}

  @ComponentSpec(name = "blank.model", usage = "x", applyOn = {"a", " "})
  static class BlankModel extends AbstractComponent {}

  @Test
  void classesLookupsCannotCreateAreRefused() {
    assertThatThrownBy(() -> ComponentRegistry.of(NeedsArgs.class))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("Component 'needs.args'")
        .hasMessageContaining("has no constructor without parameters");
    assertThatThrownBy(() -> ComponentRegistry.of(Inner.class))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("is an inner class");
    assertThatThrownBy(() -> ComponentRegistry.of(BlankModel.class))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("Component 'blank.model'")
        .hasMessageContaining("blank model name in applyOn");
  }
}
