package com.awkhad.connector.server;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.notify.mail.MailSettings;
import com.awkhad.connector.notify.mail.MailTarget;
import com.awkhad.connector.queue.notify.NoticeTarget;
import com.awkhad.connector.queue.notify.Notifications;
import com.awkhad.connector.queue.notify.Notifier;
import com.awkhad.connector.queue.notify.WebhookTarget;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The notifications of {@code run}, from the {@code notify.*} keys of the {@code --config} file
 * and the {@code CONNECTOR_NOTIFY_*} variables (a variable wins over the file's key). The SMTP
 * password comes only from {@code CONNECTOR_NOTIFY_SMTP_PASSWORD}. See
 * docs/operations/notifications.md.
 *
 * <pre>{@code
 * notify.window_seconds = 30
 * notify.webhook.ops.url = https://ops.example.com/hooks/connector
 * notify.webhook.chat.url = https://hooks.slack.com/services/T000/B000/XXXX
 * notify.webhook.chat.format = slack
 * notify.mail.host = smtp.example.com
 * notify.mail.from = connector@example.com
 * notify.mail.to = ops@example.com, oncall@example.com
 * notify.mail.user = connector
 * }</pre>
 */
record NotifySettings(Duration window, int samples, List<NoticeTarget> targets) {
  static final String PASSWORD_ENV = "CONNECTOR_NOTIFY_SMTP_PASSWORD";
  static final int DEFAULT_WINDOW_SECONDS = 30;
  static final int DEFAULT_SAMPLES = 5;
  private static final Pattern WEBHOOK_KEY = Pattern.compile("notify\\.webhook\\.([A-Za-z0-9_-]+)\\.(url|format)");
  private static final List<String> KEYS = List.of("notify.window_seconds", "notify.samples", "notify.mail.host",
      "notify.mail.port", "notify.mail.security", "notify.mail.from", "notify.mail.to", "notify.mail.user");

  /** The settings, or null when no target is configured (notifications off). */
  static NotifySettings read(Path configFile, Map<String, String> env) {
    Properties file = configFile == null ? new Properties() : load(configFile);
    String where = configFile == null ? "" : " in " + configFile;
    TreeSet<String> unknown = new TreeSet<>();
    for (String key : file.stringPropertyNames()) {
      if (key.equals("notify.mail.password")) {
        throw new IllegalArgumentException("notify.mail.password" + where + ": the SMTP password is read only from "
            + PASSWORD_ENV + ", so that it is in no file and no process list. Remove the line and set the variable.");
      }
      if (key.startsWith("notify.") && !KEYS.contains(key) && !WEBHOOK_KEY.matcher(key).matches()) {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("Unknown notification key(s)" + where + ": " + String.join(", ", unknown)
          + ". The keys are " + String.join(", ", KEYS) + ", notify.webhook.NAME.url and notify.webhook.NAME.format.");
    }
    List<NoticeTarget> targets = new ArrayList<>();
    for (String key : new TreeSet<>(file.stringPropertyNames())) {
      Matcher m = WEBHOOK_KEY.matcher(key);
      if (m.matches() && m.group(2).equals("url")) {
        String name = m.group(1);
        targets.add(webhook(name, file.getProperty(key), file.getProperty("notify.webhook." + name + ".format", "json"),
            key));
      } else if (m.matches() && file.getProperty("notify.webhook." + m.group(1) + ".url") == null) {
        throw new IllegalArgumentException(key + where + " has no notify.webhook." + m.group(1) + ".url");
      }
    }
    String envUrl = env.get("CONNECTOR_NOTIFY_WEBHOOK_URL");
    if (envUrl != null && !envUrl.isBlank()) {
      targets.removeIf(t -> t.name().equals("webhook"));
      targets.add(webhook("webhook", envUrl, env.getOrDefault("CONNECTOR_NOTIFY_WEBHOOK_FORMAT", "json"),
          "CONNECTOR_NOTIFY_WEBHOOK_URL"));
    }
    String host = value(env, "CONNECTOR_NOTIFY_SMTP_HOST", file, "notify.mail.host", null);
    if (host != null) {
      String to = value(env, "CONNECTOR_NOTIFY_SMTP_TO", file, "notify.mail.to", "");
      MailSettings mail = new MailSettings(host.strip(),
          number(value(env, "CONNECTOR_NOTIFY_SMTP_PORT", file, "notify.mail.port", "587"), "the SMTP port"),
          MailSettings.Security.parse(value(env, "CONNECTOR_NOTIFY_SMTP_SECURITY", file, "notify.mail.security", "starttls"),
              "notify.mail.security (CONNECTOR_NOTIFY_SMTP_SECURITY)"),
          value(env, "CONNECTOR_NOTIFY_SMTP_FROM", file, "notify.mail.from", null),
          Arrays.stream(to.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList(),
          value(env, "CONNECTOR_NOTIFY_SMTP_USER", file, "notify.mail.user", null),
          env.get(PASSWORD_ENV));
      targets.add(new MailTarget("mail", mail));
    }
    if (targets.isEmpty()) {
      return null;
    }
    int window = number(value(env, "CONNECTOR_NOTIFY_WINDOW_SECONDS", file, "notify.window_seconds",
        String.valueOf(DEFAULT_WINDOW_SECONDS)), "the grouping window (notify.window_seconds)");
    int samples = number(value(env, "CONNECTOR_NOTIFY_SAMPLES", file, "notify.samples", String.valueOf(DEFAULT_SAMPLES)),
        "notify.samples");
    if (window < 0 || window > 86_400) {
      throw new IllegalArgumentException("The grouping window must be between 0 and 86400 seconds, got " + window);
    }
    return new NotifySettings(Duration.ofSeconds(window), samples, List.copyOf(targets));
  }

  /** Starts these notifications on {@code env}; they close with it. */
  Notifier start(Environment env, String source) {
    return Notifications.start(env, targets, window, samples, source);
  }

  /** This process as the messages name it: host and pid. */
  static String source() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "localhost";
    }
    return "connector run on " + host + " (pid " + ProcessHandle.current().pid() + ")";
  }

  /** What {@code run} prints: each target without its secret address. */
  String describe() {
    return targets.stream().map(NoticeTarget::describe).toList() + " grouped per " + window.toSeconds() + " s";
  }

  private static NoticeTarget webhook(String name, String url, String format, String from) {
    try {
      return new WebhookTarget(name, new URI(url.strip()), WebhookTarget.Format.parse(format, "The format of webhook " + name));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(from + " is not a URL (" + e.getReason() + " at index " + e.getIndex() + ")");
    }
  }

  private static String value(Map<String, String> env, String var, Properties file, String key, String fallback) {
    String v = env.get(var);
    if (v != null && !v.isBlank()) {
      return v;
    }
    v = file.getProperty(key);
    return v != null && !v.isBlank() ? v : fallback;
  }

  private static int number(String v, String what) {
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be a whole number, got '" + v + "'");
    }
  }

  private static Properties load(Path file) {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read configuration file " + file + ": " + e.getMessage());
    }
    return p;
  }
}
