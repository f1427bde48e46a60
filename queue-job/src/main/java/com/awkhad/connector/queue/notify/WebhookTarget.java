package com.awkhad.connector.queue.notify;

import com.awkhad.connector.base.text.Redact;
import com.awkhad.connector.queue.job.JobJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Posts each digest as JSON to a URL: our own body ({@link Format#JSON}, see
 * {@link Digest#toJson()}) or a Slack-compatible {@code {"text": "..."}} ({@link Format#SLACK},
 * also understood by Mattermost and Rocket.Chat incoming webhooks). A 2xx answer is success; a
 * network error, a timeout, 429 or 5xx is retried (honouring {@code Retry-After}); any other
 * answer fails the delivery job, since retrying will not fix a wrong URL or a refused token.
 *
 * <pre>{@code
 * NoticeTarget slack = new WebhookTarget("slack", URI.create(System.getenv("SLACK_WEBHOOK")), WebhookTarget.Format.SLACK);
 * }</pre>
 */
public final class WebhookTarget implements NoticeTarget {
  /** The body's shape. */
  public enum Format {
    JSON, SLACK;

    /** {@code json} or {@code slack}, case ignored. */
    public static Format parse(String value, String where) {
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + " must be json or slack, got '" + value + "'");
      }
    }
  }

  static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(TIMEOUT)
      .followRedirects(HttpClient.Redirect.NEVER).build();

  private final String name;
  private final URI url;
  private final Format format;

  public WebhookTarget(String name, URI url, Format format) {
    this.name = Objects.requireNonNull(name, "name");
    this.url = Objects.requireNonNull(url, "url");
    this.format = Objects.requireNonNull(format, "format");
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
      throw new IllegalArgumentException("Webhook '" + name + "' needs an http:// or https:// URL with a host, got '"
          + Redact.url(url.toString()) + "'");
    }
  }

  @Override
  public String name() {
    return name;
  }

  /** The name, the format and the URL's scheme, host and port only: the path of a chat webhook is its secret. */
  @Override
  public String describe() {
    return "webhook '" + name + "' (" + format.name().toLowerCase(Locale.ROOT) + ", " + url.getScheme() + "://"
        + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()) + "/…)";
  }

  /** The body posted for {@code digest}. */
  public String body(Digest digest) {
    Map<String, Object> body = format == Format.SLACK ? Map.of("text", slackText(digest)) : digest.toJson();
    try {
      return JobJson.mapper().writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the webhook body: " + e.getOriginalMessage(), e);
    }
  }

  /** Slack's mrkdwn: the title in bold, the text in a block; {@code & < >} escaped as Slack asks. */
  static String slackText(Digest d) {
    return "*" + slackEscape(d.title()) + "*\n```" + slackEscape(d.text()) + "```";
  }

  private static String slackEscape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("```", "'''");
  }

  @Override
  public void send(Digest digest) throws DeliveryException {
    HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
        .header("Content-Type", "application/json; charset=utf-8")
        .header("User-Agent", "awkhad-connector-notifier")
        .POST(HttpRequest.BodyPublishers.ofString(body(digest))).build();
    HttpResponse<String> response;
    try {
      response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw DeliveryException.retryable(describe() + " could not be reached: " + Redact.text(String.valueOf(e)), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw DeliveryException.retryable(describe() + ": interrupted while posting", e);
    }
    int status = response.statusCode();
    if (status / 100 == 2) {
      return;
    }
    String answer = describe() + " answered " + status + ": " + snippet(response.body());
    if (status == 429 || status / 100 == 5) {
      Integer after = retryAfter(response.headers().firstValue("Retry-After").orElse(null));
      throw new DeliveryException(answer + (after == null ? "" : " (Retry-After " + after + " s)"), true, after, null);
    }
    throw DeliveryException.permanent(answer + ". Check the webhook's URL and the receiver's settings.");
  }

  private static String snippet(String body) {
    String s = body == null ? "" : Redact.text(body.strip()).replaceAll("\\s+", " ");
    return s.isEmpty() ? "(empty body)" : s.length() <= 200 ? s : s.substring(0, 199) + "…";
  }

  /** Retry-After as seconds (a number or an HTTP date), capped at an hour; null when absent or unreadable. */
  static Integer retryAfter(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    long seconds;
    try {
      seconds = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      try {
        seconds = Duration.between(java.time.Instant.now(),
            ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()).toSeconds();
      } catch (java.time.format.DateTimeParseException e2) {
        return null;
      }
    }
    return (int) Math.max(1, Math.min(3600, seconds));
  }
}
