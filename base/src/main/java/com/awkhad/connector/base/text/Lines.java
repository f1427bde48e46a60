package com.awkhad.connector.base.text;

/**
 * Lines of a free text, such as an error message.
 *
 * <pre>{@code
 * Lines.first("Connection refused\n\tat ...");   // "Connection refused"
 * }</pre>
 */
public final class Lines {
  private Lines() {}

  /** The first line of {@code text} without its line break ({@code \n} or {@code \r\n}); the whole text when it has one line; "" for null. */
  public static String first(String text) {
    if (text == null) {
      return "";
    }
    int nl = text.indexOf('\n');
    if (nl < 0) {
      return text;
    }
    return nl > 0 && text.charAt(nl - 1) == '\r' ? text.substring(0, nl - 1) : text.substring(0, nl);
  }
}
