package com.awkhad.connector.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script {@code ./connector}: when it builds, and that a build never replaces a jar
 * a process runs. It runs on a copy of the script in a scratch tree, with a stub build
 * ({@code CONNECTOR_BUILD_CMD}) and a stub java ({@code CONNECTOR_JAVA}) that prints the jar it
 * was given and, when asked, keeps it open until its standard input closes.
 */
class LauncherTest {
  private static final String BUILD = "echo built >> build.count; mkdir -p app/target;"
      + " echo \"jar $$ $RANDOM\" > app/target/connector.jar";
  private static final String JAVA = """
      #!/usr/bin/env bash
      prev=""; jar=""
      for a in "$@"; do [ "$prev" = "-jar" ] && jar="$a"; prev="$a"; done
      exec 3<"$jar"
      echo "ran $jar"
      if [ -n "${HOLD:-}" ]; then cat > /dev/null; fi
      """;

  @TempDir Path root;

  private Path source;

  private void setUp() throws IOException {
    Path script = Path.of("..", "connector");
    if (!Files.exists(script)) {
      script = Path.of("connector");
    }
    Files.copy(script, root.resolve("connector"));
    Files.writeString(root.resolve("java-stub"), JAVA);
    for (String f : List.of("connector", "java-stub")) {
      Files.setPosixFilePermissions(root.resolve(f), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Files.writeString(root.resolve("pom.xml"), "<project/>");
    source = root.resolve("src/main/java/A.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, "class A {}");
    touch(Instant.now().minus(1, ChronoUnit.HOURS));
  }

  private void touch(Instant when) throws IOException {
    Files.setLastModifiedTime(source, FileTime.from(when));
    Files.setLastModifiedTime(root.resolve("pom.xml"), FileTime.from(when));
  }

  private ProcessBuilder launcher(String... args) {
    List<String> command = new ArrayList<>(List.of("bash", root.resolve("connector").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile());
    pb.environment().put("CONNECTOR_BUILD_CMD", BUILD);
    pb.environment().put("CONNECTOR_JAVA", root.resolve("java-stub").toString());
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    return pb;
  }

  /** Runs the launcher to its end; returns the jar it ran. */
  private String run(String... args) throws Exception {
    Process p = launcher(args).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("launcher %s: %s", List.of(args), out).isZero();
    assertThat(out).startsWith("ran ");
    return out.substring(4);
  }

  private long builds() throws IOException {
    Path count = root.resolve("build.count");
    return Files.exists(count) ? Files.readAllLines(count).size() : 0;
  }

  private List<String> jars() throws IOException {
    try (Stream<Path> s = Files.list(root.resolve("var/launcher"))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("connector-")).sorted().toList();
    }
  }

  @Test
  void readOnlyVerbsNeverRebuildAndARebuildNeverReplacesARunningJar() throws Exception {
    setUp();
    String first = run("jobs", "list");
    assertThat(builds()).as("no jar at all: built once, even for a read-only verb").isEqualTo(1);
    assertThat(run("run")).as("sources older than the jar: no build").isEqualTo(first);
    assertThat(builds()).isEqualTo(1);

    touch(Instant.now().plus(1, ChronoUnit.HOURS)); // the sources changed
    for (String[] readOnly : List.of(new String[] {"--help"}, new String[] {"version"}, new String[] {"addons"},
        new String[] {"jobs", "list", "--state", "failed"}, new String[] {"--db", "jdbc:h2:mem:x", "jobs", "show", "u"},
        new String[] {"jobs", "recurring"}, new String[] {"jobs", "batches"}, new String[] {"jobs", "batch", "7"},
        new String[] {"backends", "list"}, new String[] {"run", "--help"})) {
      assertThat(run(readOnly)).as("%s uses the jar there is", List.of(readOnly)).isEqualTo(first);
    }
    assertThat(builds()).as("read-only verbs never rebuild").isEqualTo(1);

    // a runner starts: it rebuilds, and keeps its jar open
    ProcessBuilder holding = launcher("run");
    holding.environment().put("HOLD", "1");
    Process runner = holding.start();
    String running;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(runner.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      assertThat(line).startsWith("ran ");
      running = line.substring(4);
      assertThat(builds()).isEqualTo(2);
      assertThat(running).isNotEqualTo(first);
      String runningContent = Files.readString(Path.of(running));

      String next = run("jobs", "requeue", "u");
      assertThat(builds()).as("a verb that writes rebuilds when the sources changed").isEqualTo(3);
      assertThat(next).isNotEqualTo(running);
      assertThat(Files.readString(Path.of(running))).as("the runner's jar is untouched").isEqualTo(runningContent);
      assertThat(jars()).as("the first jar, unused, is removed; the runner's is kept")
          .containsExactlyInAnyOrder(Path.of(running).getFileName().toString(), Path.of(next).getFileName().toString());
      assertThat(Files.readSymbolicLink(root.resolve("var/launcher/current.jar")).toString())
          .isEqualTo(Path.of(next).getFileName().toString());
    } finally {
      runner.getOutputStream().close(); // the stub java ends when its input closes
      assertThat(runner.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
    String last = run("run");
    assertThat(jars()).as("once the runner stopped, a build removes its jar").containsExactly(
        Path.of(last).getFileName().toString());
  }

  @Test
  void aJarBuiltBeforeIsUsedWithoutABuild() throws Exception {
    setUp();
    Path built = root.resolve("app/target/connector.jar");
    Files.createDirectories(built.getParent());
    Files.writeString(built, "jar built by an older launcher");
    String jar = run("run");
    assertThat(builds()).isZero();
    assertThat(Files.readString(Path.of(jar))).isEqualTo("jar built by an older launcher");
    assertThat(Path.of(jar).getParent()).isEqualTo(root.resolve("var/launcher").toRealPath());
  }
}
