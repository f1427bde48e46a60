package com.awkhad.connector.component.processor;

import com.awkhad.connector.component.AbstractComponent;
import com.awkhad.connector.component.ComponentIndex;
import com.awkhad.connector.component.ComponentSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.annotation.processing.SupportedOptions;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Registers a module's components and addons at compile time, so that the {@code @ComponentSpec}
 * annotation is the one thing a developer writes. {@code javac} finds it on the class path of every
 * module depending on {@code component} (its {@code META-INF/services/javax.annotation.processing.Processor});
 * nothing is scanned at run time. It writes into the module's class output:
 *
 * <ul>
 *   <li>{@value ComponentIndex#RESOURCE}: the binary name of every {@code @ComponentSpec} class
 *       compiled, one per line, sorted; an addon's components are the ones in its package or below
 *       ({@link ComponentIndex});
 *   <li>{@value ComponentIndex#ADDON_SERVICES}: every public concrete class implementing
 *       {@code Addon} with a public constructor without parameters, for the {@code ServiceLoader}
 *       ({@code AddonLoader.discover}). Off with {@code -Aawkhad.addonServices=false} (the parent
 *       POM sets it for the test sources, so that test addons are not discovered). A hand-written
 *       copy of the file listing only this module's addons is replaced; one listing other classes
 *       fails the compile (they would be dropped), saying to delete it.
 * </ul>
 *
 * <p>It fails the compile, naming the class and what to do, when {@code @ComponentSpec} is on a type
 * that is not a class extending {@code AbstractComponent}, has a blank name, or is on a concrete
 * class that lookups could not create (an inner, local or anonymous class, or one without a
 * constructor without parameters). An abstract class is an abstract component: indexed, never
 * created.
 *
 * <p><b>Whole-module compiles.</b> Both files are rewritten from the classes of one {@code javac}
 * run. Maven compiles every source of a module whenever one changed ("Changes detected -
 * recompiling the module!"), so the files are complete; a tool that recompiles only some files of
 * a module (an IDE's incremental build) must rebuild the module before the index is trusted.
 */
@SupportedAnnotationTypes("*")
@SupportedOptions(ComponentProcessor.ADDON_SERVICES_OPTION)
public final class ComponentProcessor extends AbstractProcessor {
  /** The option turning off the {@code ServiceLoader} file: {@code -Aawkhad.addonServices=false}. */
  public static final String ADDON_SERVICES_OPTION = "awkhad.addonServices";
  static final String ADDON_TYPE = "com.awkhad.connector.base.addon.Addon";

  private final Set<String> components = new TreeSet<>();
  private final Set<String> addons = new TreeSet<>();
  private Elements elements;
  private Types types;
  private Messager messager;
  private Filer filer;
  private TypeElement specType;
  private TypeMirror componentType;
  private TypeMirror addonType;
  private boolean writeServices;

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    elements = env.getElementUtils();
    types = env.getTypeUtils();
    messager = env.getMessager();
    filer = env.getFiler();
    specType = elements.getTypeElement(ComponentSpec.class.getCanonicalName());
    componentType = types.erasure(elements.getTypeElement(AbstractComponent.class.getCanonicalName()).asType());
    TypeElement addon = elements.getTypeElement(ADDON_TYPE);
    addonType = addon == null ? null : types.erasure(addon.asType());
    writeServices = !"false".equalsIgnoreCase(env.getOptions().getOrDefault(ADDON_SERVICES_OPTION, "true"));
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (Element e : round.getElementsAnnotatedWith(specType)) {
      if (check(e)) {
        components.add(elements.getBinaryName((TypeElement) e).toString());
      }
    }
    if (writeServices && addonType != null) {
      for (TypeElement type : ElementFilter.typesIn(round.getRootElements())) {
        collectAddons(type);
      }
    }
    if (round.processingOver() && !round.errorRaised()) {
      writeIndex();
      if (writeServices && !addons.isEmpty()) {
        writeServices();
      }
    }
    return false;
  }

  /** True when {@code e} may be indexed; else reports an error on it. */
  private boolean check(Element e) {
    if (e.getKind() != ElementKind.CLASS) {
      String kind = e.getKind().toString().toLowerCase().replace('_', ' ');
      error(e, "@ComponentSpec is on " + e + ", " + ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind
          + ": put it on a class extending AbstractComponent (or one of its kinds: Binder, ImportMapper, RecordImporter...)");
      return false;
    }
    TypeElement type = (TypeElement) e;
    if (!types.isAssignable(types.erasure(type.asType()), componentType)) {
      error(e, "@ComponentSpec is on " + type.getQualifiedName() + ", which is not a component: make it extend"
          + " AbstractComponent (or one of its kinds: Binder, ImportMapper, RecordImporter...), or remove the annotation");
      return false;
    }
    ComponentSpec spec = type.getAnnotation(ComponentSpec.class);
    if (spec.name().isBlank()) {
      error(e, "Component " + type.getQualifiedName() + " has a blank @ComponentSpec name: give it a unique name"
          + " such as \"coffee.product.importer\", or its parent's name to extend that component in place");
      return false;
    }
    if (type.getModifiers().contains(Modifier.ABSTRACT)) {
      return true; // an abstract component: indexed, never created by a lookup
    }
    NestingKind nesting = type.getNestingKind();
    if (nesting == NestingKind.LOCAL || nesting == NestingKind.ANONYMOUS) {
      error(e, "Component " + name(type) + " is a local class: lookups create components by class name;"
          + " make it a top-level or static nested class");
      return false;
    }
    if (nesting == NestingKind.MEMBER && !type.getModifiers().contains(Modifier.STATIC)) {
      error(e, "Component " + type.getQualifiedName() + " is an inner class: lookups cannot create it without an"
          + " outer instance; declare it static");
      return false;
    }
    if (noArgConstructor(type) == null) {
      error(e, "Component " + type.getQualifiedName() + " has no constructor without parameters: add"
          + " 'public " + type.getSimpleName() + "() {}' (a component gets its work context after construction,"
          + " from work())");
      return false;
    }
    return true;
  }

  private void collectAddons(TypeElement type) {
    if (type.getKind() == ElementKind.CLASS && !type.getModifiers().contains(Modifier.ABSTRACT)
        && types.isAssignable(types.erasure(type.asType()), addonType)) {
      String problem = serviceProblem(type);
      if (problem == null) {
        addons.add(elements.getBinaryName(type).toString());
      } else if (type.getNestingKind() == NestingKind.TOP_LEVEL) {
        messager.printMessage(Diagnostic.Kind.WARNING, "Addon " + type.getQualifiedName() + " is not listed in "
            + ComponentIndex.ADDON_SERVICES + " (" + problem + "): AddonLoader.discover() will not find it", type);
      }
    }
    for (TypeElement nested : ElementFilter.typesIn(type.getEnclosedElements())) {
      collectAddons(nested);
    }
  }

  /** Why the ServiceLoader could not create {@code type}, or null when it can. */
  private String serviceProblem(TypeElement type) {
    for (Element e = type; e instanceof TypeElement t; e = e.getEnclosingElement()) {
      if (!t.getModifiers().contains(Modifier.PUBLIC)) {
        return "make " + t.getSimpleName() + " public";
      }
      if (t.getNestingKind() == NestingKind.MEMBER && t.getKind() == ElementKind.CLASS
          && !t.getModifiers().contains(Modifier.STATIC)) {
        return "declare " + t.getSimpleName() + " static";
      }
      if (t.getNestingKind() == NestingKind.LOCAL || t.getNestingKind() == NestingKind.ANONYMOUS) {
        return "make it a top-level class";
      }
    }
    ExecutableElement ctor = noArgConstructor(type);
    if (ctor == null || !ctor.getModifiers().contains(Modifier.PUBLIC)) {
      return "give it a public constructor without parameters";
    }
    return null;
  }

  private static ExecutableElement noArgConstructor(TypeElement type) {
    for (ExecutableElement c : ElementFilter.constructorsIn(type.getEnclosedElements())) {
      if (c.getParameters().isEmpty()) {
        return c;
      }
    }
    return null;
  }

  private void writeIndex() {
    try {
      FileObject out = filer.createResource(StandardLocation.CLASS_OUTPUT, "", ComponentIndex.RESOURCE);
      try (Writer w = out.openWriter()) {
        w.write(ComponentIndex.GENERATED_HEADER + "\n");
        for (String c : components) {
          w.write(c + "\n");
        }
      }
    } catch (IOException e) {
      messager.printMessage(Diagnostic.Kind.ERROR, "Cannot write " + ComponentIndex.RESOURCE + ": " + e);
    }
  }

  private void writeServices() {
    List<String> others = new ArrayList<>(existingHandWritten());
    others.removeAll(addons);
    if (!others.isEmpty()) {
      messager.printMessage(Diagnostic.Kind.ERROR, ComponentIndex.ADDON_SERVICES + " is written by "
          + getClass().getSimpleName() + " from the Addon classes of this module (" + String.join(", ", addons)
          + "), but a hand-written copy also lists " + String.join(", ", others)
          + ", which this module does not compile as public addons: delete src/main/resources/"
          + ComponentIndex.ADDON_SERVICES + " (every public Addon class of a module is listed when it compiles;"
          + " an addon of another module is listed by that module), then rebuild with mvn clean");
      return;
    }
    try {
      FileObject out = filer.createResource(StandardLocation.CLASS_OUTPUT, "", ComponentIndex.ADDON_SERVICES);
      try (Writer w = out.openWriter()) {
        w.write(ComponentIndex.GENERATED_HEADER + "\n");
        for (String a : addons) {
          w.write(a + "\n");
        }
      }
    } catch (IOException e) {
      messager.printMessage(Diagnostic.Kind.ERROR, "Cannot write " + ComponentIndex.ADDON_SERVICES + ": " + e);
    }
  }

  /**
   * The entries of a services file already in the class output that this processor did not write
   * (the resources plugin copies a hand-written one there before the compile); empty when there is
   * none or it is ours from an earlier build.
   */
  private List<String> existingHandWritten() {
    List<String> lines = new ArrayList<>();
    try {
      FileObject existing = filer.getResource(StandardLocation.CLASS_OUTPUT, "", ComponentIndex.ADDON_SERVICES);
      try (Reader r = existing.openReader(true); BufferedReader in = new BufferedReader(r)) {
        String first = in.readLine();
        if (first == null || first.equals(ComponentIndex.GENERATED_HEADER)) {
          return List.of();
        }
        for (String line = first; line != null; line = in.readLine()) {
          String entry = line.replaceFirst("#.*", "").trim();
          if (!entry.isEmpty()) {
            lines.add(entry);
          }
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      return List.of(); // no file yet
    }
    return lines;
  }

  private static String name(TypeElement type) {
    return type.getQualifiedName().length() > 0 ? type.getQualifiedName().toString() : type.getSimpleName().toString();
  }

  private void error(Element e, String message) {
    messager.printMessage(Diagnostic.Kind.ERROR, message, e);
  }
}
