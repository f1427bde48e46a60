package com.awkhad.connector.component.processor;

import com.awkhad.connector.base.addon.Addon;
import com.awkhad.connector.component.AbstractComponent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles Java sources in the test's JVM with {@link ComponentProcessor}, as Maven's compiler does
 * in a module depending on {@code component}: sources under {@code dir/src}, classes and generated
 * resources under {@code dir/classes}.
 */
public record Compilation(boolean success, List<String> errors, List<String> warnings, Path classes) {

  /** Compiles {@code sources} (path under the source root -> text) with the processor and {@code options}. */
  public static Compilation of(Path dir, Map<String, String> sources, String... options) {
    try {
      Path src = dir.resolve("src");
      Path classes = dir.resolve("classes");
      Files.createDirectories(classes);
      List<Path> files = new ArrayList<>();
      for (Map.Entry<String, String> e : sources.entrySet()) {
        Path f = src.resolve(e.getKey());
        Files.createDirectories(f.getParent());
        Files.writeString(f, e.getValue());
        files.add(f);
      }
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
      try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, null, null)) {
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath",
            codeSource(AbstractComponent.class) + java.io.File.pathSeparator + codeSource(Addon.class)
                + java.io.File.pathSeparator + classes));
        args.addAll(List.of(options));
        JavaCompiler.CompilationTask task = javac.getTask(null, fm, diagnostics, args, null, fm.getJavaFileObjectsFromPaths(files));
        task.setProcessors(List.of(new ComponentProcessor()));
        boolean ok = task.call();
        return new Compilation(ok, messages(diagnostics, Diagnostic.Kind.ERROR), messages(diagnostics, Diagnostic.Kind.WARNING), classes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The lines of the generated resource {@code path}, comments left out; empty when there is none. */
  public List<String> resource(String path) {
    Path f = classes.resolve(path);
    try {
      return Files.exists(f) ? Files.readAllLines(f).stream().filter(l -> !l.startsWith("#")).toList() : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> messages(DiagnosticCollector<JavaFileObject> d, Diagnostic.Kind kind) {
    return d.getDiagnostics().stream().filter(x -> x.getKind() == kind).map(x -> x.getMessage(null)).collect(Collectors.toList());
  }

  private static String codeSource(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
