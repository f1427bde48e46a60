package com.awkhad.connector.base.text;

/**
 * Escapes control characters in text that came from outside (a job's description, a remote
 * error message) before it is printed on a terminal or written to a log: ESC, BEL, CR and the
 * like cannot move the cursor, recolour the terminal or forge a log line. Escapes are visible
 * ({@code \e}, {@code \x07}, {@code \r}, {@code \n}, {@code \t}, {@code \\u2028}).
 *
 * <pre>{@code
 * out.println("description " + ControlChars.escape(job.description()));   // one line, always
 * out.println(ControlChars.escapeKeepingNewlines(job.excInfo()));          // a multi-line trace
 * }</pre>
 */
public final class ControlChars {
  private ControlChars() {}

  /** {@code text} on one line: every control character escaped, newlines too; null stays null. */
  public static String escape(String text) {
    return escape(text, false);
  }

  /**
   * {@code text} with every control character escaped except the line feed, for output that is
   * multi-line by nature (a stack trace): print each line indented so that no line can pass for
   * another field. CR is escaped, so a line cannot overwrite the one before it.
   */
  public static String escapeKeepingNewlines(String text) {
    return escape(text, true);
  }

  /** Whether {@code text} holds a character {@link #escape} would change. */
  public static boolean hasAny(String text) {
    if (text == null) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (isControl(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static String escape(String text, boolean keepNewlines) {
    if (text == null || !hasAny(text)) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!isControl(c) || (keepNewlines && c == '\n')) {
        sb.append(c);
        continue;
      }
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case 0x1b -> sb.append("\\e");
        default -> sb.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
      }
    }
    return sb.toString();
  }

  /**
   * C0 and C1 controls, DEL, and the Unicode line and paragraph separators and bidirectional
   * overrides (which reorder what a terminal shows).
   */
  private static boolean isControl(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
        || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
  }
}
