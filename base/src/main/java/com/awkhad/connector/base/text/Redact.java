package com.awkhad.connector.base.text;

import java.util.regex.Pattern;

/**
 * Masks the credentials a URL or a backend location may carry, before it is printed, logged or
 * shown on the dashboard: {@code user:password@} becomes {@code ***@}, and the value of any
 * credential-like parameter ({@code ?token=}, {@code &api_key=}, {@code ;PASSWORD=} as H2 writes
 * it, {@code sig=}...) becomes {@code ***}. The one home of this rule: the CLI, the dashboard,
 * {@code Backend.toString()} and the database error messages all call it.
 *
 * <pre>{@code
 * Redact.url("https://bob:hunter2@shop.example/api?access_token=T0K&page=2")
 *     // "https://***@shop.example/api?access_token=***&page=2"
 * Redact.url("jdbc:h2:file:./var/db;PASSWORD=x")   // "jdbc:h2:file:./var/db;PASSWORD=***"
 * }</pre>
 */
public final class Redact {
  private static final Pattern USER_INFO = Pattern.compile("(?<=//)[^/@\\s?#]*@");
  private static final Pattern SECRET_PARAM = Pattern.compile(
      "(?i)([?&;][a-z0-9_.-]*(?:token|key|secret|password|passwd|pwd|auth|signature|sig|credential)[a-z0-9_.-]*=)[^&;#\\s]*");
  /** {@code password=x}, {@code "api_key": "x"}, {@code token: x} in free text (a message, not a URL). */
  private static final Pattern SECRET_ASSIGNMENT = Pattern.compile(
      "(?i)(\\b[a-z0-9_.-]*(?:token|api[_-]?key|secret|password|passwd|pwd|credential)[a-z0-9_.-]*\"?\\s*[:=]\\s*\"?)"
          + "(?!\\*\\*\\*)[^\\s\"',;&}]+");
  /** {@code Authorization: Bearer x} or {@code Basic x}. */
  private static final Pattern AUTH_SCHEME = Pattern.compile("(?i)(\\b(?:bearer|basic)\\s+)[A-Za-z0-9._~+/=-]{8,}");

  private Redact() {}

  /** {@code url} with its credentials masked; null stays null. */
  public static String url(String url) {
    if (url == null) {
      return null;
    }
    return SECRET_PARAM.matcher(USER_INFO.matcher(url).replaceAll("***@")).replaceAll("$1***");
  }

  /**
   * {@code text} (an error message of a driver, say) with {@code url} replaced by its masked form,
   * and any other {@code //user:password@} or credential-like parameter in it masked as well.
   */
  public static String urlIn(String text, String url) {
    if (text == null) {
      return null;
    }
    return url(url == null || url.isEmpty() ? text : text.replace(url, url(url)));
  }

  /**
   * Free {@code text} (an error message, a notification) with what looks like a credential
   * masked: the URL rules of {@link #url}, plus {@code password=x}, {@code token: x},
   * {@code "api_key": "x"} and {@code Bearer x} / {@code Basic x}. A best effort for text that
   * leaves the process (notifications); it cannot know an unlabelled secret.
   *
   * <pre>{@code
   * Redact.text("login failed for https://bob:pw@crm.example: password=hunter2")
   *     // "login failed for https://***@crm.example: password=***"
   * }</pre>
   */
  public static String text(String text) {
    if (text == null) {
      return null;
    }
    String s = url(text);
    s = SECRET_ASSIGNMENT.matcher(s).replaceAll("$1***");
    return AUTH_SCHEME.matcher(s).replaceAll("$1***");
  }
}
