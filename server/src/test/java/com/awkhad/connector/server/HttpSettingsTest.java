package com.awkhad.connector.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.server.web.WebSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The dashboard options of {@code run}: options first, then CONNECTOR_HTTP_* variables, then loopback:8069. */
class HttpSettingsTest {
  private static HttpSettings parse(String... args) {
    RunCommand run = new RunCommand();
    new CommandLine(run).parseArgs(args);
    return run.http;
  }

  @Test
  void defaultsToLoopbackOnPort8069WithoutToken() {
    WebSettings s = parse().settings(Map.of());
    assertThat(s).isEqualTo(new WebSettings("127.0.0.1", 8069, null));
    assertThat(s.loopbackOnly()).isTrue();
  }

  @Test
  void readsTheEnvironmentAndLetsOptionsWin() {
    Map<String, String> env = Map.of("CONNECTOR_HTTP_HOST", "0.0.0.0", "CONNECTOR_HTTP_PORT", "9100",
        "CONNECTOR_HTTP_TOKEN", "from-the-environment-123");
    assertThat(parse().settings(env)).isEqualTo(new WebSettings("0.0.0.0", 9100, "from-the-environment-123"));
    assertThat(parse("--http-host", "127.0.0.1", "--http-port", "0", "--http-token", "from-the-option-1234").settings(env))
        .isEqualTo(new WebSettings("127.0.0.1", 0, "from-the-option-1234"));
    assertThat(parse("--no-http").settings(env)).isNull();
  }

  @Test
  void saysWhatIsWrongWithABadPortOrToken() {
    assertThatThrownBy(() -> parse().settings(Map.of("CONNECTOR_HTTP_PORT", "eighty")))
        .hasMessageContaining("CONNECTOR_HTTP_PORT must be a port number, got 'eighty'");
    assertThatThrownBy(() -> parse("--http-port", "-2").settings(Map.of())).hasMessageContaining("--http-port");
    assertThatThrownBy(() -> parse("--http-token", "abc").settings(Map.of())).hasMessageContaining("too short");
  }

  @Test
  void runRefusesAnExposedDashboardWithoutATokenAndStopsCleanly(@TempDir Path dir) {
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.run("--db", "jdbc:h2:file:" + dir.resolve("q"), "run", "--workers", "1", "--http-host", "0.0.0.0",
          "--http-port", "0");
    } finally {
      System.setErr(old);
    }
    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("error: Refusing to serve the dashboard on 0.0.0.0",
        "CONNECTOR_HTTP_TOKEN");
  }

  @Test
  void readsTheReadOnlyTokenTlsAndProxyOptions(@TempDir Path dir) {
    Map<String, String> env = Map.of("CONNECTOR_HTTP_TOKEN", "admin-from-the-environment",
        "CONNECTOR_HTTP_READ_TOKEN", "read-from-the-environment", "CONNECTOR_TLS_KEYSTORE_PASSWORD", "pw");
    WebSettings s = parse("--trusted-proxy", "127.0.0.1,10.0.0.7", "--trusted-proxy", "::1", "--public-url",
        "https://jobs.example.com/", "--tls-keystore", dir.resolve("web.p12").toString()).settings(env);
    assertThat(s.readToken()).isEqualTo("read-from-the-environment");
    assertThat(s.trustedProxies()).containsExactly("127.0.0.1", "10.0.0.7", "0:0:0:0:0:0:0:1");
    assertThat(s.publicUrl()).hasToString("https://jobs.example.com/");
    assertThat(s.tls()).hasToString("PKCS#12 " + dir.resolve("web.p12"));
    assertThat(s.toString()).doesNotContain("from-the-environment").doesNotContain("pw,");
    assertThat(parse("--http-read-token", "read-from-the-option-1").settings(env).readToken())
        .isEqualTo("read-from-the-option-1");
    assertThat(parse("--tls-cert", "c.pem", "--tls-key", "k.pem").settings(env).tls()).hasToString("PEM c.pem + k.pem");

    assertThatThrownBy(() -> parse("--tls-cert", "c.pem").settings(env)).hasMessageContaining("--tls-key FILE");
    assertThatThrownBy(() -> parse("--tls-keystore", "a.p12", "--tls-key", "k.pem").settings(env))
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> parse("--public-url", "ftp://x/").settings(env)).hasMessageContaining("--public-url");
    assertThatThrownBy(() -> parse("--trusted-proxy", "not an address").settings(env))
        .hasMessageContaining("--trusted-proxy 'not an address' is not an address");
    assertThatThrownBy(() -> parse("--http-read-token", "read-only-token-0123").settings(Map.of()))
        .hasMessageContaining("needs an admin token");
  }
}
