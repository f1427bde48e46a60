package com.awkhad.connector.base.db;

import com.awkhad.connector.base.text.ControlChars;
import com.awkhad.connector.base.text.Redact;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the database is and how to connect. The password is never printed: {@link #toString()}
 * masks it, and so does every error message built from this object.
 *
 * <pre>{@code
 * DatabaseConfig cfg = DatabaseConfig.of("jdbc:postgresql://localhost/awkhad", "awkhad", secret);
 * DatabaseConfig fromEnv = DatabaseConfig.resolve(null, System.getenv(), null);
 * }</pre>
 */
public record DatabaseConfig(String url, String user, String password, int poolSize) {
  /** Default embedded database: an H2 file under {@code ./var/}. */
  public static final String DEFAULT_URL = "jdbc:h2:file:./var/awkhad;AUTO_SERVER=FALSE";

  /** The keys a {@code --config} properties file may hold. */
  public static final List<String> FILE_KEYS = List.of("db.url", "db.user", "db.password", "db.pool_size");

  /**
   * Prefixes of the {@code --config} keys that other parts read and check themselves (the
   * runner's notifications: {@code notify.*}; job function settings: {@code job.function.<name>.<setting>},
   * read by the queue's {@code FunctionConfig}); this class leaves them alone.
   */
  public static final List<String> OTHER_SECTIONS = List.of("notify.", "job.function.");

  /**
   * URL settings that make the driver run SQL, load a class or write files of its choosing when it
   * connects: H2's {@code INIT} (which runs {@code RUNSCRIPT}), trace files, event listeners...;
   * the PostgreSQL driver's class-loading factories and its log file.
   */
  private static final Pattern H2_REFUSED = Pattern.compile("(?i);\\s*(INIT|RUNSCRIPT|TRACE_LEVEL_FILE"
      + "|TRACE_MAX_FILE_SIZE|DATABASE_EVENT_LISTENER|JAVA_OBJECT_SERIALIZER|AUTHENTICATOR|RECOVER)\\s*=");
  private static final Pattern PG_REFUSED = Pattern.compile("(?i)[?&](socketFactory|socketFactoryArg|sslfactory"
      + "|sslfactoryarg|sslhostnameverifier|sslpasswordcallback|authenticationPluginClassName|loggerFile)=");

  public DatabaseConfig {
    Dialect dialect = Dialect.fromUrl(url); // validates the scheme with a clear message
    refuseScriptOptions(url, dialect);
    if (dialect == Dialect.H2) {
      url = withH2Defaults(url);
    }
    if (poolSize < 1) {
      throw new DatabaseException("Pool size must be at least 1, got " + poolSize);
    }
    user = user == null ? "" : user;
    password = password == null ? "" : password;
  }

  /**
   * H2 is made to behave like PostgreSQL where our SQL depends on it: unquoted identifiers fold
   * to lower case, and NULLs sort last in ascending order.
   */
  private static void refuseScriptOptions(String url, Dialect dialect) {
    Matcher m = (dialect == Dialect.H2 ? H2_REFUSED : PG_REFUSED).matcher(url);
    if (m.find()) {
      throw new DatabaseException("The database URL sets " + m.group(1).toUpperCase(Locale.ROOT)
          + ", which makes the driver run a script, load a class or write a file when it connects: it is refused."
          + " Remove it from the URL (" + Redact.url(url) + "); create the schema with the addons' migrations,"
          + " and configure logging through CONNECTOR_LOG_LEVEL.");
    }
  }

  private static String withH2Defaults(String url) {
    String upper = url.toUpperCase(java.util.Locale.ROOT);
    if (!upper.contains("DATABASE_TO_LOWER")) {
      url += ";DATABASE_TO_LOWER=TRUE";
    }
    if (!upper.contains("DEFAULT_NULL_ORDERING")) {
      url += ";DEFAULT_NULL_ORDERING=HIGH";
    }
    return url;
  }

  public static DatabaseConfig of(String url, String user, String password) {
    return new DatabaseConfig(url, user, password, 10);
  }

  public DatabaseConfig withPoolSize(int size) {
    return new DatabaseConfig(url, user, password, size);
  }

  public Dialect dialect() {
    return Dialect.fromUrl(url);
  }

  /**
   * Builds the configuration from, in order of precedence: the explicit URL (a command-line
   * option), the environment ({@code CONNECTOR_DB_URL}, {@code CONNECTOR_DB_USER},
   * {@code CONNECTOR_DB_PASSWORD}, {@code CONNECTOR_DB_POOL_SIZE}), a properties file
   * ({@code db.url}, {@code db.user}, {@code db.password}, {@code db.pool_size}), then the
   * default embedded H2 file database.
   */
  public static DatabaseConfig resolve(String explicitUrl, Map<String, String> env, Path propertiesFile) {
    Properties props = propertiesFile == null ? new Properties() : readFile(propertiesFile);
    if (explicitUrl != null && explicitUrl.isBlank()) {
      throw new DatabaseException("--db is empty: give a JDBC URL, e.g. --db jdbc:postgresql://localhost:5432/awkhad"
          + " or --db jdbc:h2:file:./var/awkhad, or leave --db out to use CONNECTOR_DB_URL, --config or the default"
          + " embedded H2 database under ./var/");
    }
    String envUrl = env.get("CONNECTOR_DB_URL");
    if (explicitUrl == null && envUrl != null && envUrl.isBlank()) {
      throw new DatabaseException("CONNECTOR_DB_URL is set but empty: give it a JDBC URL, e.g."
          + " jdbc:postgresql://localhost:5432/awkhad, or unset it (unset CONNECTOR_DB_URL) to use --config or the"
          + " default embedded H2 database under ./var/");
    }
    String fileUrl = props.getProperty("db.url");
    if (fileUrl != null && fileUrl.isBlank()) {
      throw new DatabaseException("db.url is empty in " + propertiesFile + ": give a JDBC URL, e.g."
          + " db.url=jdbc:postgresql://localhost:5432/awkhad, or remove the line to use the default embedded H2"
          + " database under ./var/");
    }
    String url = first(explicitUrl, envUrl, fileUrl, DEFAULT_URL);
    String user = first(env.get("CONNECTOR_DB_USER"), props.getProperty("db.user"), url.startsWith("jdbc:h2:") ? "sa" : "");
    String password = first(env.get("CONNECTOR_DB_PASSWORD"), props.getProperty("db.password"), "");
    String pool = first(env.get("CONNECTOR_DB_POOL_SIZE"), props.getProperty("db.pool_size"), "10");
    int poolSize;
    try {
      poolSize = Integer.parseInt(pool.trim());
    } catch (NumberFormatException e) {
      throw new DatabaseException("Pool size '" + pool + "' is not a number: set CONNECTOR_DB_POOL_SIZE or db.pool_size to an integer such as 10");
    }
    return new DatabaseConfig(url, user, password, poolSize);
  }

  /**
   * The properties of a {@code --config} file, refusing what cannot be read or parsed and unknown
   * keys (neither in {@link #FILE_KEYS} nor under one of {@link #OTHER_SECTIONS}).
   */
  public static Properties readFile(Path file) {
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      props.load(in);
    } catch (IOException e) {
      throw new DatabaseException("Cannot read configuration file " + file + ": " + e.getMessage()
          + ". Check the path given to --config.", e);
    } catch (IllegalArgumentException e) {
      throw new DatabaseException("Configuration file " + file + " is not a properties file (" + e.getMessage()
          + "). Write one key=value per line, e.g. db.url=jdbc:postgresql://localhost:5432/awkhad; the keys are "
          + String.join(", ", FILE_KEYS), e);
    }
    TreeSet<String> unknown = new TreeSet<>();
    for (String key : props.stringPropertyNames()) {
      if (!FILE_KEYS.contains(key) && OTHER_SECTIONS.stream().noneMatch(key::startsWith)) {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      StringBuilder sb = new StringBuilder("Configuration file " + file + " has ");
      sb.append(unknown.size() == 1 ? "an unknown key: " : unknown.size() + " unknown keys: ");
      int shown = 0;
      for (String key : unknown) {
        if (shown++ == 5) {
          sb.append(", ...");
          break;
        }
        sb.append(shown > 1 ? ", " : "").append('\'').append(ControlChars.escape(clip(key))).append('\'');
        String near = nearest(key);
        if (near != null) {
          sb.append(" (did you mean ").append(near).append("?)");
        }
      }
      sb.append(". The keys are ").append(String.join(", ", FILE_KEYS)).append(", notify.* and job.function.<name>.<setting>")
          .append("; check that --config names the right file.");
      throw new DatabaseException(sb.toString());
    }
    return props;
  }

  private static String clip(String key) {
    return key.length() <= 40 ? key : key.substring(0, 39) + "...";
  }

  /** The known key within two edits of {@code key} (case ignored), or null. */
  static String nearest(String key) {
    String best = null;
    int bestDistance = 3;
    String k = key.trim().toLowerCase(Locale.ROOT);
    for (String known : FILE_KEYS) {
      int d = distance(k, known);
      if (d < bestDistance) {
        best = known;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Levenshtein distance (insertions, deletions, substitutions). */
  private static int distance(String a, String b) {
    if (Math.abs(a.length() - b.length()) > 2) {
      return Integer.MAX_VALUE;
    }
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }

  /**
   * The URL with its credentials masked ({@code user:password@}, {@code password=} and other
   * credential-like parameters; see {@link Redact#url}), safe for logs and error messages.
   */
  public String safeUrl() {
    return Redact.url(url);
  }

  @Override
  public String toString() {
    return "DatabaseConfig[url=" + safeUrl() + ", user=" + user + ", password=***, poolSize=" + poolSize + "]";
  }
}
