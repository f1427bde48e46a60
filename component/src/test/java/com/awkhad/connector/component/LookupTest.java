package com.awkhad.connector.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.component.Binders.BaseBinder;
import com.awkhad.connector.component.Binders.CoffeeBinder;
import com.awkhad.connector.component.Binders.CoffeeImporter;
import com.awkhad.connector.component.Binders.CoffeeProductBinder;
import com.awkhad.connector.component.Binders.GenericBinder;
import com.awkhad.connector.component.Binders.MapperA;
import com.awkhad.connector.component.Binders.MapperB;
import com.awkhad.connector.component.Binders.TeaBinder;
import org.junit.jupiter.api.Test;

class LookupTest {
  final ComponentRegistry registry = ComponentRegistry.of(
      BaseBinder.class, GenericBinder.class, CoffeeBinder.class, CoffeeProductBinder.class, TeaBinder.class,
      CoffeeImporter.class, MapperA.class, MapperB.class);

  WorkContext work(String collection, String model) {
    return WorkContext.builder(registry).collection(collection).model(model).build();
  }

  @Test
  void exactCollectionBeatsUnsetThenExplicitApplyOnBeatsUnset() {
    // candidates generic (no collection), coffee (collection), coffee.product (collection + applyOn)
    assertThat(work("coffee.backend", "coffee.product").component("binder")).isExactlyInstanceOf(CoffeeProductBinder.class);
    // coffee.product.binder does not apply to categories: the collection's binder wins over the generic one
    assertThat(work("coffee.backend", "coffee.category").component("binder")).isExactlyInstanceOf(CoffeeBinder.class);
    // tea binders apply to their models only
    assertThat(work("tea.backend", "tea.pot").component("binder")).isExactlyInstanceOf(TeaBinder.class);
    assertThat(work("tea.backend", "tea.cup").component("binder")).isExactlyInstanceOf(GenericBinder.class);
    // a collection nobody declared gets the collection-less component
    assertThat(work("juice.backend", "coffee.product").component("binder")).isExactlyInstanceOf(GenericBinder.class);
  }

  @Test
  void abstractComponentsAreNeverReturned() {
    assertThat(registry.lookup(null, "binder", null))
        .extracting(ComponentDescriptor::name)
        .containsExactly("generic.binder", "coffee.binder", "coffee.product.binder", "tea.binder");
    assertThat(registry.get("base.binder")).get().extracting(ComponentDescriptor::isAbstract).isEqualTo(true);
    assertThatThrownBy(() -> work("coffee.backend", "coffee.product").componentByName("base.binder"))
        .isInstanceOf(NoComponentError.class)
        .hasMessageContaining("'base.binder' is abstract");
  }

  @Test
  void attributesAreInheritedFromTheJavaSuperclass() {
    ComponentDescriptor d = registry.get("coffee.product.binder").orElseThrow();
    assertThat(d.usage()).isEqualTo("binder");                 // from base.binder
    assertThat(d.collection()).isEqualTo("coffee.backend");    // from coffee.binder
    assertThat(d.applyOn()).containsExactly("coffee.product"); // its own
    assertThat(d.addons()).containsExactly("test");
  }

  @Test
  void noComponentSaysWhatWasAskedAndWhatExists() {
    assertThatThrownBy(() -> work("coffee.backend", "coffee.product").component("record.exporter"))
        .isInstanceOf(NoComponentError.class)
        .hasMessageContaining("usage 'record.exporter' for model 'coffee.product' in collection 'coffee.backend'")
        .hasMessageContaining("No component has this usage");
    // a usage that exists, but not for this model
    ComponentRegistry teaOnly = ComponentRegistry.of(BaseBinder.class, TeaBinder.class);
    assertThatThrownBy(() -> WorkContext.builder(teaOnly).collection("tea.backend").model("tea.cup").build().component("binder"))
        .isInstanceOf(NoComponentError.class)
        .hasMessageContaining("usage 'binder' for model 'tea.cup'")
        .hasMessageContaining("Components with this usage: tea.binder (TeaBinder, collection tea.backend, usage binder, applyOn [tea.leaf, tea.pot])");
  }

  @Test
  void severalEquallySpecificComponentsAreAnError() {
    assertThatThrownBy(() -> work("coffee.backend", "coffee.product").component("import.mapper"))
        .isInstanceOf(SeveralComponentError.class)
        .hasMessageContaining("usage 'import.mapper' for model 'coffee.product' in collection 'coffee.backend'")
        .hasMessageContaining("coffee.mapper.a (MapperA")
        .hasMessageContaining("coffee.mapper.b (MapperB")
        .hasMessageContaining("look it up by name");
    assertThat(work("coffee.backend", "coffee.product").manyComponents("import.mapper"))
        .extracting(c -> c.getClass().getSimpleName())
        .containsExactly("MapperA", "MapperB");
    assertThat(work("coffee.backend", "coffee.product").componentByName("coffee.mapper.b")).isInstanceOf(MapperB.class);
  }

  @Test
  void typedLookupsNeedNoCast() {
    WorkContext work = work("coffee.backend", "coffee.product");
    BaseBinder binder = work.component(BaseBinder.class, "binder");
    assertThat(binder.toExternal(7)).isEqualTo("coffee.product:7");
    CoffeeBinder byName = work.componentByName(CoffeeBinder.class, "coffee.binder", "coffee.category");
    assertThat(byName.modelName()).isEqualTo("coffee.category");
    assertThat(work.manyComponents(BaseBinder.class, "binder"))
        .extracting(b -> b.descriptor().name())
        .containsExactly("generic.binder", "coffee.binder", "coffee.product.binder");
    assertThatThrownBy(() -> work.component(TeaBinder.class, "binder"))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("coffee.product.binder")
        .hasMessageContaining("not a " + TeaBinder.class.getName());
  }

  @Test
  void componentByNameChecksCollectionAndModel() {
    WorkContext work = work("coffee.backend", "tea.pot");
    assertThatThrownBy(() -> work.componentByName("tea.binder"))
        .isInstanceOf(NoComponentError.class)
        .hasMessageContaining("belongs to collection 'tea.backend', not to this work context's 'coffee.backend'");
    assertThatThrownBy(() -> work.componentByName("coffee.product.binder"))
        .isInstanceOf(NoComponentError.class)
        .hasMessageContaining("applies to [coffee.product], not to model 'tea.pot'");
    assertThatThrownBy(() -> work.componentByName("nope"))
        .isInstanceOf(NoComponentError.class)
        .hasMessageContaining("No component named 'nope'")
        .hasMessageContaining("coffee.binder");
    assertThat(work.componentByName("coffee.binder").modelName()).isEqualTo("tea.pot");
  }

  @Test
  void aComponentLooksUpOthersOnAnotherModelThroughItsWorkContext() {
    WorkContext work = WorkContext.builder(registry)
        .collection(new RecordRef("coffee.backend", 3))
        .model("coffee.product")
        .attribute("lang", "fr")
        .build();
    CoffeeImporter importer = work.component(CoffeeImporter.class, "record.importer");
    assertThat(importer.work()).isSameAs(work);
    BaseBinder categoryBinder = importer.binderFor("coffee.category");
    assertThat(categoryBinder).isExactlyInstanceOf(CoffeeBinder.class);
    assertThat(categoryBinder.modelName()).isEqualTo("coffee.category");
    assertThat(categoryBinder.collectionRecord()).contains(new RecordRef("coffee.backend", 3));
    assertThat(categoryBinder.work().attribute("lang", String.class)).isEqualTo("fr");
    assertThat(categoryBinder.env()).isNull();
  }

  @Test
  void withoutACollectionEveryCollectionsComponentsAreCandidates() {
    WorkContext work = WorkContext.builder(registry).model("tea.leaf").build();
    assertThat(work.manyComponents("binder")).extracting(c -> c.descriptor().name())
        .containsExactly("generic.binder", "coffee.binder", "tea.binder");
    assertThat(work.component("binder")).isExactlyInstanceOf(TeaBinder.class);
  }

  @Test
  void lookupArgumentsAreChecked() {
    assertThatThrownBy(() -> WorkContext.builder(registry).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a model name");
    assertThatThrownBy(() -> work("coffee.backend", "coffee.product").component(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a usage");
    assertThatThrownBy(() -> new GenericBinder().work())
        .isInstanceOf(ComponentException.class).hasMessageContaining("has no work context yet");
  }
}
