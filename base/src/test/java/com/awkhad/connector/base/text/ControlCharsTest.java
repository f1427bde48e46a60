package com.awkhad.connector.base.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ControlCharsTest {

  @Test
  void escapesTerminalAndLogControlsVisiblyAndLeavesPlainTextAlone() {
    assertThat(ControlChars.escape("tea\u001b[2J\u0007 ok\r\nINFO forged")).isEqualTo("tea\\e[2J\\x07 ok\\r\\nINFO forged");
    assertThat(ControlChars.escape("caf\u00e9 \u2603 5\u20ac")).isEqualTo("caf\u00e9 \u2603 5\u20ac");
    assertThat(ControlChars.escape("a\u009bb\u202ec\u007f")).isEqualTo("a\\x9bb\\u202ec\\x7f");
    assertThat(ControlChars.escape(null)).isNull();
    assertThat(ControlChars.escapeKeepingNewlines("at x\n\tat y\r\u001b[1A")).isEqualTo("at x\n\\tat y\\r\\e[1A");
  }
}
