package com.awkhad.connector.devtools.scaffold;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * A generated module, built without Maven: its sources compiled with {@code javax.tools} (and the
 * annotation processors on the class path, as Maven compiles them) against
 * this test's class path, its test class run with the JUnit Platform launcher in a class loader
 * holding the compiled classes and the module's resources.
 */
final class GeneratedModule {
  /** What the launcher reported: the summary and the display names of the tests that passed ("[h2]", "[postgresql]" for @DbTest). */
  record Run(TestExecutionSummary summary, List<String> succeeded) {
    String failures() {
      return summary.getFailures().stream()
          .map(f -> f.getTestIdentifier().getDisplayName() + ": " + f.getException())
          .collect(Collectors.joining("\n"));
    }
  }

  private final Path moduleDir;
  private final Path classes;

  GeneratedModule(Path moduleDir, Path classes) {
    this.moduleDir = moduleDir;
    this.classes = classes;
  }

  /**
   * Compiles {@code src/main/java} into the classes directory with the annotation processors found on
   * the class path (the component index and the addons' {@code ServiceLoader} file, as Maven's compile
   * writes them), then {@code src/test/java} into {@code test-classes} beside it with the addons'
   * file turned off, as the parent POM does; throws with the compiler's messages on an error or a warning.
   */
  GeneratedModule compile() throws IOException {
    javac(List.of("src/main/java"), classes, testClassPath(), List.of());
    javac(List.of("src/test/java"), testClasses(), classes + File.pathSeparator + testClassPath(),
        List.of("-Aawkhad.addonServices=false"));
    return this;
  }

  private Path testClasses() {
    return classes.resolveSibling(classes.getFileName() + "-test");
  }

  private void javac(List<String> dirs, Path out, String classPath, List<String> extra) throws IOException {
    List<File> sources = new ArrayList<>();
    for (String dir : dirs) {
      try (Stream<Path> files = Files.walk(moduleDir.resolve(dir))) {
        files.filter(p -> p.toString().endsWith(".java")).map(Path::toFile).forEach(sources::add);
      }
    }
    Files.createDirectories(out);
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
      List<String> options = new ArrayList<>(List.of("--release", "17", "-parameters", "-Xlint:all", "-Xlint:-processing",
          "-d", out.toString(), "-classpath", classPath));
      options.addAll(extra);
      boolean ok = compiler.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromFiles(sources)).call();
      String messages = diagnostics.getDiagnostics().stream()
          .map(d -> d.getKind() + " " + (d.getSource() == null ? "" : d.getSource().getName() + ":" + d.getLineNumber())
              + " " + d.getMessage(Locale.ROOT))
          .collect(Collectors.joining("\n"));
      if (!ok || diagnostics.getDiagnostics().stream().anyMatch(d -> d.getKind() == Diagnostic.Kind.WARNING
          || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING)) {
        throw new AssertionError("The generated sources of " + moduleDir + " do not compile cleanly:\n" + messages);
      }
    }
  }

  /** Runs test class {@code className} of the module; the thread's context class loader is the module's meanwhile. */
  Run runTests(String className) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {url(classes), url(testClasses()), url(moduleDir.resolve("src/main/resources")),
        url(moduleDir.resolve("src/test/resources"))}, GeneratedModule.class.getClassLoader())) {
      thread.setContextClassLoader(loader);
      LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
          .selectors(selectClass(loader.loadClass(className))).build();
      SummaryGeneratingListener summary = new SummaryGeneratingListener();
      List<String> succeeded = new CopyOnWriteArrayList<>();
      TestExecutionListener names = new TestExecutionListener() {
        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
          if (id.isTest() && result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
            succeeded.add(id.getDisplayName());
          }
        }
      };
      Launcher launcher = LauncherFactory.create();
      launcher.execute(request, summary, names);
      return new Run(summary.getSummary(), succeeded);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** The class path of this test JVM (surefire sets java.class.path to it in the forked JVM). */
  private static String testClassPath() {
    String path = System.getProperty("surefire.test.class.path");
    return path != null && !path.isBlank() ? path : System.getProperty("java.class.path");
  }

  private static URL url(Path dir) {
    try {
      return dir.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new UncheckedIOException(e);
    }
  }
}
